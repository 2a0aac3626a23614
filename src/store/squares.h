/* squares — 联建方阵: named cross-level groups of units of one function, with a lead unit. */
#ifndef LD_STORE_SQUARES_H
#define LD_STORE_SQUARES_H

#include <stdbool.h>

#include "core/err.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"

struct square {
	long long id;
	const char *name;
	const char *description;
	long long lead_unit_id;
	const char *lead_unit_name;
	const char *lead_path;
	long long member_count;
	const char *member_paths; /* the members' paths joined by ',' ("" when none) */
};

typedef int (*square_fn)(void *ctx, const struct square *sq);

/* Squares whose name contains q (NULL: all), by name; rows borrowed. */
enum lderr store_square_list(struct store *st, const char *q, square_fn fn, void *ctx);
/* Copies into the arena; LD_NOT_FOUND when absent. */
enum lderr store_square_get(struct store *st, struct arena *a, long long id, struct square *out);
/* The member units of a square, in tree order. */
enum lderr store_square_members(struct store *st, long long id, unit_fn fn, void *ctx);
/* The squares a unit belongs to or leads: fn gets (ctx, id, name, is_lead). */
enum lderr store_unit_squares(struct store *st, long long unit_id,
                              int (*fn)(void *ctx, long long id, const char *name, bool is_lead), void *ctx);

/* The lead units of the squares unit belongs to (at most max) into leads, *n of them. */
enum lderr store_unit_square_leads(struct store *st, long long unit_id, long long *leads, int max, int *n);

enum lderr store_square_insert(struct store *st, const char *name, const char *description, long long lead,
                               long long *id);
/* NULL / 0 keep a field. */
enum lderr store_square_update(struct store *st, long long id, const char *name, const char *description,
                               long long lead);
enum lderr store_square_delete(struct store *st, long long id);
/* LD_CONFLICT when already a member. */
enum lderr store_square_member_add(struct store *st, long long id, long long unit_id);
/* LD_NOT_FOUND when not a member. */
enum lderr store_square_member_remove(struct store *st, long long id, long long unit_id);

#endif
