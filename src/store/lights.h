/* lights — the official calendar, each cycle's light rule, and the light counts kept per unit
 * (light_agg) for dashboards. */
#ifndef LD_STORE_LIGHTS_H
#define LD_STORE_LIGHTS_H

#include <stdbool.h>

#include "core/calendar.h"
#include "core/err.h"
#include "core/light.h"
#include "store/store.h"

/* The working-day calendar from the holidays table, loaded once and reloaded when the table
 * has changed (a counter kept by triggers: one lookup). NULL when it cannot be loaded.
 * Borrowed. */
const struct calendar *store_calendar(struct store *st);

/* The light rule and reminder settings of a cycle. */
struct cycle_settings {
	struct light_rule rule;
	int escalate_after_workdays;
	int remind_before_workdays;
	bool remind_on_due;
	int remind_overdue_every_days;
	char webhook_url[512];    /* "" when none */
	char webhook_format[16];  /* dingtalk | wecom */
};
enum lderr store_cycle_settings(struct store *st, long long cycle_id, struct cycle_settings *out);
enum lderr store_cycle_settings_set(struct store *st, long long cycle_id, const struct cycle_settings *s);

/* Holidays of a year, ascending: fn(ctx, day, kind, name). */
enum lderr store_holidays(struct store *st, int year, int (*fn)(void *ctx, const char *day, const char *kind,
                          const char *name), void *ctx);
enum lderr store_holiday_delete(struct store *st, const char *day);

/* Counts of one unit, summed over sectors (sector NULL) or for one sector. */
struct light_counts {
	long long green, yellow, red, done, done_on_time, total, overdue_days;
};
/* The counts of unit for the cycle, over all sectors. Zeros when it has no items. */
enum lderr store_light_counts(struct store *st, long long cycle_id, long long unit_id, struct light_counts *out);
/* The counts of each sector under unit: fn(ctx, sector, counts). */
enum lderr store_light_sectors(struct store *st, long long cycle_id, long long unit_id,
                               int (*fn)(void *ctx, const char *sector, const struct light_counts *c), void *ctx);
/* The counts of each direct child of unit, by sector: fn(ctx, child_id, sector, counts). */
enum lderr store_light_children(struct store *st, long long cycle_id, long long unit_id,
                                int (*fn)(void *ctx, long long child, const char *sector,
                                          const struct light_counts *c), void *ctx);

/* Recomputes every item's light of the cycle for today (children before parents) and
 * rebuilds light_agg from them; *items gets how many. Run inside a transaction. */
enum lderr store_lights_rebuild(struct store *st, long long cycle_id, long long *items);
/* Records today's counts of every region node. */
enum lderr store_lights_snapshot(struct store *st, long long cycle_id, const char *day);
/* The snapshots of a unit over the cycle: fn(ctx, day, green, yellow, red). */
enum lderr store_lights_trend(struct store *st, long long cycle_id, long long unit_id,
                              int (*fn)(void *ctx, const char *day, long long g, long long y, long long r), void *ctx);

#endif
