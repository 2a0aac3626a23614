/* units — the organisation tree: regions, organs, divisions.
 *
 * Row callbacks receive a struct unit whose strings are borrowed from the statement and
 * valid only during the call; store_unit_get and store_unit_by_code copy into an arena. */
#ifndef LD_STORE_UNITS_H
#define LD_STORE_UNITS_H

#include "core/err.h"
#include "store/store.h"
#include "util/arena.h"

struct unit {
	long long id;
	long long parent_id; /* 0 for a root */
	const char *code;    /* NULL when it has none */
	const char *name;
	const char *short_name;
	const char *kind;    /* region | organ | division */
	const char *level;   /* province | city | county */
	const char *sector;  /* NULL for regions */
	const char *path;    /* "/1/5/23/" */
	long long sort;
	long long child_count;
};

/* Called per row; return non-zero to stop early. */
typedef int (*unit_fn)(void *ctx, const struct unit *u);

enum lderr store_unit_get(struct store *st, struct arena *a, long long id, struct unit *out);
enum lderr store_unit_by_code(struct store *st, struct arena *a, const char *code, struct unit *out);

/* Children of parent in display order: regions first, then organs and divisions by sort. */
enum lderr store_unit_children(struct store *st, long long parent, unit_fn fn, void *ctx);
/* Units whose name or short name contains text, shallowest first. */
enum lderr store_unit_search(struct store *st, const char *text, unit_fn fn, void *ctx);
/* The units on path (its ancestors and itself), root first. */
enum lderr store_unit_chain(struct store *st, const char *path, unit_fn fn, void *ctx);

/* Every unit of a kind ("organ" …), in tree order. */
enum lderr store_unit_each(struct store *st, const char *kind, unit_fn fn, void *ctx);
/* Every region node, in code order. */
enum lderr store_unit_regions(struct store *st, unit_fn fn, void *ctx);
/* The id of the unit with code, or of parent's child named name (parent 0: a root);
 * LD_NOT_FOUND when there is none. */
enum lderr store_unit_id_by_code(struct store *st, const char *code, long long *id);
enum lderr store_unit_child_id(struct store *st, long long parent, const char *name, long long *id);

struct unit_new {
	long long parent_id; /* 0 for a root */
	const char *code;
	const char *name;
	const char *short_name;
	const char *kind;
	const char *level;
	const char *sector;
	long long sort;
};

/* Inserts u under its parent (computing path, bumping the parent's child count); *id gets
 * the new id. LD_CONFLICT for a duplicate code or a sibling of the same name. Must run inside
 * a transaction. */
enum lderr store_unit_insert(struct store *st, const struct unit_new *u, long long *id);

/* Sets name, short name and sector (NULL keeps a field; "" clears short name and sector). */
enum lderr store_unit_update(struct store *st, long long id, const char *name, const char *short_name,
                             const char *sector);

#endif
