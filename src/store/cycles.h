/* cycles — the year being run: theme, progressive goals, phase. */
#ifndef LD_STORE_CYCLES_H
#define LD_STORE_CYCLES_H

#include "core/err.h"
#include "store/store.h"
#include "util/arena.h"

struct cycle {
	long long id;
	long long year;
	const char *theme;
	const char *goals;  /* JSON text */
	const char *phase;
	long long item_count;
	const char *created_at;
	const char *updated_at;
};

typedef int (*cycle_fn)(void *ctx, const struct cycle *c);

enum lderr store_cycle_list(struct store *st, cycle_fn fn, void *ctx);
/* Copies into the arena; LD_NOT_FOUND when absent. */
enum lderr store_cycle_get(struct store *st, struct arena *a, long long id, struct cycle *out);
/* LD_CONFLICT when the year exists. */
enum lderr store_cycle_insert(struct store *st, long long year, const char *theme, const char *goals, long long *id);
/* NULL keeps a field. */
enum lderr store_cycle_update(struct store *st, long long id, const char *theme, const char *goals, const char *phase);

#endif
