/* assess — the assessment's records: indicators, peer groups, self-assessment, panels and
 * review scores, bonus/deduction lines, vetoes, results, the public notice and objections. */
#ifndef LD_STORE_ASSESS_H
#define LD_STORE_ASSESS_H

#include <stdbool.h>

#include "core/err.h"
#include "store/store.h"
#include "util/arena.h"

struct indicator {
	long long id, cycle_id, parent_id, seq;
	const char *name, *method, *criteria, *metric;
	double max_score, full_at, zero_at;
};
typedef int (*indicator_fn)(void *ctx, const struct indicator *i);

/* The cycle's indicators, parents before children (depth first, by seq). */
enum lderr store_indicators(struct store *st, long long cycle_id, indicator_fn fn, void *ctx);
enum lderr store_indicator_get(struct store *st, struct arena *a, long long id, struct indicator *out);
enum lderr store_indicator_insert(struct store *st, const struct indicator *in, long long *id);
enum lderr store_indicator_update(struct store *st, const struct indicator *in);
/* LD_CONFLICT when it has children or scores. */
enum lderr store_indicator_delete(struct store *st, long long id);

struct assess_settings {
	long long demo_total;
	double bonus_cap;
	long long publicity_workdays;
};
enum lderr store_assess_settings(struct store *st, long long cycle_id, struct assess_settings *out);
enum lderr store_assess_settings_set(struct store *st, long long cycle_id, const struct assess_settings *s);

struct group {
	long long id, cycle_id, member_count;
	const char *name;
	double excellent_share, excellent_min, good_min, fair_min;
};
enum lderr store_groups(struct store *st, long long cycle_id, int (*fn)(void *ctx, const struct group *g), void *ctx);
enum lderr store_group_get(struct store *st, struct arena *a, long long id, struct group *out);
enum lderr store_group_insert(struct store *st, const struct group *g, long long *id);
enum lderr store_group_update(struct store *st, const struct group *g);
/* LD_CONFLICT when the unit is already in a group of the cycle. */
enum lderr store_group_member_add(struct store *st, long long group_id, long long cycle_id, long long unit_id);
enum lderr store_group_member_remove(struct store *st, long long group_id, long long unit_id);
/* fn(ctx, unit_id, name, code, path) for each member, by unit code then id. */
enum lderr store_group_members(struct store *st, long long group_id,
                               int (*fn)(void *ctx, long long unit, const char *name, const char *path), void *ctx);
/* The group of a unit in a cycle (0 when none). */
enum lderr store_unit_group(struct store *st, long long cycle_id, long long unit_id, long long *group_id);

/* Self-assessment. */
enum lderr store_self_state(struct store *st, long long cycle_id, long long unit_id, char out[16]);
enum lderr store_self_set_state(struct store *st, long long cycle_id, long long unit_id, const char *state,
                                long long user);
enum lderr store_self_put(struct store *st, long long cycle_id, long long unit_id, long long indicator_id, double score,
                          const char *explanation);
/* fn(ctx, indicator_id, score, explanation) */
enum lderr store_self_scores(struct store *st, long long cycle_id, long long unit_id,
                             int (*fn)(void *ctx, long long indicator, double score, const char *explanation), void *ctx);

/* Panels. */
enum lderr store_panel_insert(struct store *st, long long cycle_id, const char *name, long long *id);
enum lderr store_panel_add_reviewer(struct store *st, long long panel_id, long long user_id);
enum lderr store_panel_add_unit(struct store *st, long long panel_id, long long unit_id);
/* fn(ctx, panel_id, name) for the cycle's panels (user 0) or those with user as a reviewer. */
enum lderr store_panels(struct store *st, long long cycle_id, long long user,
                        int (*fn)(void *ctx, long long id, const char *name), void *ctx);
/* fn(ctx, user_id, username, display_name) */
enum lderr store_panel_reviewers(struct store *st, long long panel_id,
                                 int (*fn)(void *ctx, long long id, const char *username, const char *name), void *ctx);
/* fn(ctx, unit_id, name) */
enum lderr store_panel_units(struct store *st, long long panel_id,
                             int (*fn)(void *ctx, long long id, const char *name), void *ctx);
/* The units a reviewer assesses in a cycle: fn(ctx, unit_id, name). */
enum lderr store_reviewer_units(struct store *st, long long cycle_id, long long user,
                                int (*fn)(void *ctx, long long id, const char *name), void *ctx);
/* Whether the reviewer is on a panel assessing unit. */
enum lderr store_reviewer_assesses(struct store *st, long long cycle_id, long long user, long long unit, bool *yes);

/* Review scores. */
enum lderr store_review_put(struct store *st, long long cycle_id, long long reviewer, long long unit, long long indicator,
                            double score, const char *comment);
/* fn(ctx, unit, indicator, score, comment, submitted) for one reviewer. */
enum lderr store_review_mine(struct store *st, long long cycle_id, long long reviewer,
                             int (*fn)(void *ctx, long long unit, long long indicator, double score, const char *comment),
                             void *ctx, bool *submitted);
enum lderr store_review_submit(struct store *st, long long cycle_id, long long reviewer);
/* Every submitted score of the cycle for the units from ≤ id < to (to 0: no bound), by unit,
 * indicator and reviewer id: fn(ctx, unit, indicator, reviewer's username, score). */
enum lderr store_review_cells(struct store *st, long long cycle_id, long long from, long long to,
                              int (*fn)(void *ctx, long long unit, long long indicator, const char *username,
                                        double score),
                              void *ctx);

/* Bonus/deduction lines and vetoes. */
struct adjustment {
	long long id, unit_id, indicator_id;
	double points;
	const char *reason, *kind, *created_at;
};
enum lderr store_adjustment_insert(struct store *st, long long cycle_id, long long unit, long long indicator, double points,
                                   const char *reason, long long user, long long *id);
enum lderr store_adjustments(struct store *st, long long cycle_id, long long unit,
                             int (*fn)(void *ctx, const struct adjustment *a), void *ctx);
enum lderr store_adjustment_delete(struct store *st, long long id, long long *cycle_id);
enum lderr store_veto_insert(struct store *st, long long cycle_id, long long unit, long long indicator, const char *reason,
                             long long user, long long *id);
enum lderr store_veto_delete(struct store *st, long long id, long long *cycle_id);
/* The vetoes of a unit (0: of every unit, by unit): fn(ctx, veto id, unit, indicator, reason). */
enum lderr store_vetoes(struct store *st, long long cycle_id, long long unit,
                        int (*fn)(void *ctx, long long id, long long unit, long long indicator, const char *reason),
                        void *ctx);

/* Rates for auto indicators, from the unit's own records in the cycle (its subtree). */
struct unit_rates {
	long long items_due, items_on_time;           /* due by cycle end (or done): done on time */
	long long milestones_due, milestones_on_time;
	long long reports_due, reports_on_time;       /* adopted leaf items × months reported by the 10th of the next */
	long long rect_total, rect_closed;
	long long notices_total, notices_on_time;
	long long red_items;                          /* unresolved red items at cycle end */
};
/* The rates of every unit's subtree at once: the counts kept per unit (unit_rates and
 * report_rates, sql/020_unit_rates.sql, which count up to the cycle's year's 31 December) and
 * the notices due by cycle_end, counted; then any subtree's rates are a difference of running
 * sums over the units' paths in order. */
struct rates_table;
enum lderr store_rates_load(struct store *st, long long cycle_id, const char *cycle_end, struct rates_table **out);
/* The rates of the subtree at unit_path ("/1/5/"). */
void store_rates_of(const struct rates_table *t, const char *unit_path, struct unit_rates *out);
void store_rates_free(struct rates_table *t);

/* Results. */
enum lderr store_results_clear(struct store *st, long long cycle_id);
/* One unit's computed result, for store_results_put. */
struct result_row {
	long long group, unit;
	double total;
	int rank;
	const char *grade;
	bool named, vetoed;
	const char *explanation;
};
/* Writes n results of the cycle, many rows to a statement (on PostgreSQL each statement is a
 * round trip: a province's 6,048 were half a second one by one). */
enum lderr store_results_put(struct store *st, long long cycle_id, const struct result_row *rows, size_t n);
enum lderr store_result_run(struct store *st, long long cycle_id, long long user, const char *digest);
struct result {
	long long unit_id, group_id;
	const char *unit_name, *group_name, *grade, *explanation;
	double total;
	long long rank;
	bool named, vetoed;
};
/* By group, then rank, then unit id; group 0 for all. */
enum lderr store_results(struct store *st, long long cycle_id, long long group,
                         int (*fn)(void *ctx, const struct result *r), void *ctx);
enum lderr store_result_get(struct store *st, struct arena *a, long long cycle_id, long long unit, struct result *out);
enum lderr store_result_digest(struct store *st, long long cycle_id, struct arena *a, const char **digest,
                               const char **computed_at);

/* Publicity and objections. */
struct publicity {
	const char *start_day, *end_day, *state;
};
enum lderr store_publicity_get(struct store *st, struct arena *a, long long cycle_id, struct publicity *out);
enum lderr store_publicity_set(struct store *st, long long cycle_id, const char *start, const char *end, const char *state,
                               long long user);
enum lderr store_publicity_delete(struct store *st, long long cycle_id);
struct objection {
	long long id, unit_id;
	const char *name, *contact, *text, *client, *created_at, *answer, *answered_at;
};
enum lderr store_objection_insert(struct store *st, long long cycle_id, long long unit, const char *name, const char *contact,
                                  const char *text, const char *client, long long *id);
enum lderr store_objections(struct store *st, long long cycle_id, int (*fn)(void *ctx, const struct objection *o), void *ctx);
enum lderr store_objection_answer(struct store *st, long long id, const char *answer, long long user, long long *cycle_id);
enum lderr store_objections_open(struct store *st, long long cycle_id, long long *open);
/* Objections from client since a unix time (for the rate limit). */
enum lderr store_objections_recent(struct store *st, const char *client, const char *since_iso, long long *n);

#endif
