/* items — the lines of responsibility lists, their milestones, decomposition and roll-up.
 *
 * Row callbacks get borrowed strings valid during the call; store_item_get copies into an
 * arena. Every write runs inside the caller's transaction. */
#ifndef LD_STORE_ITEMS_H
#define LD_STORE_ITEMS_H

#include <stdbool.h>

#include "core/err.h"
#include "core/scope.h"
#include "store/store.h"
#include "util/arena.h"

struct item {
	long long id, cycle_id, parent_id, unit_id;
	const char *kind, *unit_name, *unit_path, *sector;
	const char *project, *category, *title, *description;
	const char *responsible_person, *lead_leader;
	const char *start_date; /* NULL when none */
	const char *due_date;
	const char *target_text;
	bool has_target_value;
	double target_value;
	const char *target_unit; /* NULL when none */
	const char *evidence_required;
	double weight, progress, rollup;
	const char *state;
	bool adopted;
	long long child_count, children_pending;
	const char *created_at, *updated_at;
	const char *light;        /* green | yellow | red | NULL */
	const char *light_reason;
	const char *red_since;    /* NULL unless red */
	bool calendar_warning;
	long long overdue_days;
	long long inspection_id;  /* 0 unless a rectification from an inspection */
	const char *verified_at;  /* rectification verified by an inspector */
	const char *verify_opinion;
	const char *verified_by;  /* the inspector's username */
};

typedef int (*item_fn)(void *ctx, const struct item *it);

/* The fields a person sets (create, edit, import). */
struct item_fields {
	const char *project, *category, *title, *description, *responsible_person, *lead_leader;
	const char *start_date, *due_date, *target_text, *target_unit, *evidence_required;
	bool has_target_value;
	double target_value;
	double weight;
	const char *kind; /* create only; NULL: task */
};

struct milestone {
	long long id;
	int seq;
	const char *title, *due_date, *expected;
	bool done;
};

/* What a list asks for. Strings NULL (and ids 0) mean "any". The scope restricts rows to
 * the units covered by grants of the given roles. */
struct item_filter {
	long long cycle_id;
	const char *unit_path; /* a unit's subtree */
	long long unit_id;     /* that unit, when known (lets the total come from item_counts) */
	const char *sector, *project, *category, *state, *kind, *due_from, *due_to, *person, *q;
	long long parent_id;
	bool top;              /* only items without a parent */
	const char *light;     /* green, yellow or red */
	long long inspection_id; /* the findings of one inspection */
	const char *unreported; /* a period: only adopted, undivided items with no submitted or approved report for it */
	bool pending_adoption; /* only decomposed children their unit has not adopted */
	const char *sort;      /* due_date, -due_date, progress, -progress, title, updated_at, -updated_at */
	bool table;            /* only the list table's fields (store_item_list) */
	const struct scope *scope;
	unsigned roles;
};

/* Whether sort is one the list knows. */
bool store_item_sort_valid(const char *sort);

/* Pages through the matching items (offset, limit), and counts them all into *total (not
 * counted when total is NULL). With f->table only the list table's fields are read — id,
 * cycle_id, parent_id, kind, unit_id, unit_name, project, category, title, responsible_person,
 * due_date, progress, rollup, state, child_count, children_pending, updated_at, light,
 * light_reason, overdue_days — the others being 0 or NULL. */
enum lderr store_item_list(struct store *st, const struct item_filter *f, long long offset, long long limit,
                           item_fn fn, void *ctx, long long *total);
enum lderr store_item_get(struct store *st, struct arena *a, long long id, struct item *out);
/* The fields that place an item and say whether it can be reported on — id, cycle_id, kind,
 * unit_id, unit_name, unit_path, sector, title, state, adopted — the others 0 or NULL: what a
 * report's submission needs, read on the writer for each one. */
enum lderr store_item_brief(struct store *st, struct arena *a, long long id, struct item *out);
enum lderr store_item_children(struct store *st, long long id, item_fn fn, void *ctx);
/* Distinct projects, categories and sectors of a cycle's items (within scope): fn(ctx, kind, value). */
enum lderr store_item_facets(struct store *st, long long cycle_id, int (*fn)(void *ctx, const char *kind,
                             const char *value), void *ctx);

/* Inserts an item for unit_id (its path and sector copied from the unit) under parent (0 for
 * none); adopted false makes it wait for its unit to accept it. LD_CONFLICT when the
 * identity (cycle, unit, project, title) or (parent, unit) is taken. */
enum lderr store_item_insert(struct store *st, long long cycle_id, long long parent_id, long long unit_id,
                             const struct item_fields *f, bool adopted, long long *id);
/* Overwrites the editable fields. */
enum lderr store_item_update(struct store *st, long long id, const struct item_fields *f);
enum lderr store_item_set_state(struct store *st, long long id, const char *state);
enum lderr store_item_set_progress(struct store *st, long long id, double progress);
enum lderr store_item_adopt(struct store *st, long long id, const char *responsible_person);
/* The id of the top-level item with this identity, or LD_NOT_FOUND. */
enum lderr store_item_find(struct store *st, long long cycle_id, long long unit_id, const char *project,
                           const char *title, long long *id);

/* Recomputes child counts and rolled-up progress of id and of every item above it. */
enum lderr store_item_refresh(struct store *st, long long id);

enum lderr store_milestones(struct store *st, long long item_id, int (*fn)(void *ctx, const struct milestone *m),
                            void *ctx);
/* Replaces the item's milestones with ms[0..n). */
enum lderr store_milestones_set(struct store *st, long long item_id, const struct milestone *ms, int n);

#endif
