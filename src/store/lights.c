#include "store/lights.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/internal.h"

const struct calendar *store_calendar(struct store *st)
{
	struct stmt *k = store_stmt(st, "SELECT gen FROM calendar_gen WHERE id = 1");
	if (!k || stmt_step(k) != STMT_ROW) {
		if (k)
			stmt_reset(k);
		return st->cal_loaded ? &st->cal : NULL;
	}
	char key[64];
	snprintf(key, sizeof(key), "%s", stmt_text(k, 0));
	stmt_reset(k);
	if (st->cal_loaded && strcmp(key, st->cal_key) == 0)
		return &st->cal;
	struct stmt *s = store_stmt(st, "SELECT day, kind FROM holidays");
	if (!s)
		return NULL;
	long *h = NULL, *w = NULL;
	int nh = 0, nw = 0, cap = 0;
	while (stmt_step(s) == STMT_ROW) {
		if (nh + nw >= cap) {
			cap = cap ? cap * 2 : 1024;
			long *nh2 = realloc(h, sizeof(long) * (size_t)cap), *nw2 = nh2 ? realloc(w, sizeof(long) * (size_t)cap) : NULL;
			if (nh2)
				h = nh2;
			if (!nh2 || !nw2) {
				free(h);
				free(w);
				stmt_reset(s);
				return st->cal_loaded ? &st->cal : NULL;
			}
			w = nw2;
		}
		long day = date_days(stmt_text(s, 0));
		if (strcmp(stmt_text(s, 1), "holiday") == 0)
			h[nh++] = day;
		else
			w[nw++] = day;
	}
	stmt_reset(s);
	struct calendar fresh;
	bool ok = calendar_init(&fresh, h, nh, w, nw);
	free(h);
	free(w);
	if (!ok)
		return st->cal_loaded ? &st->cal : NULL;
	calendar_fini(&st->cal);
	st->cal = fresh;
	st->cal_loaded = true;
	snprintf(st->cal_key, sizeof(st->cal_key), "%s", key);
	return &st->cal;
}

enum lderr store_cycle_settings(struct store *st, long long cycle_id, struct cycle_settings *out)
{
	struct stmt *s = store_stmt(st, "SELECT due_soon_workdays, tolerance, escalate_after_workdays,"
	                                 " remind_before_workdays, remind_on_due, remind_overdue_every_days,"
	                                 " coalesce(webhook_url, ''), webhook_format FROM cycles WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	enum lderr found = store_step_one(st, s);
	if (found)
		return found;
	out->rule.due_soon_workdays = stmt_int(s, 0);
	out->rule.tolerance = stmt_double(s, 1);
	out->escalate_after_workdays = stmt_int(s, 2);
	out->remind_before_workdays = stmt_int(s, 3);
	out->remind_on_due = stmt_int(s, 4) != 0;
	out->remind_overdue_every_days = stmt_int(s, 5);
	snprintf(out->webhook_url, sizeof(out->webhook_url), "%s", stmt_text(s, 6));
	snprintf(out->webhook_format, sizeof(out->webhook_format), "%s", stmt_text(s, 7));
	stmt_reset(s);
	return LD_OK;
}

enum lderr store_cycle_settings_set(struct store *st, long long cycle_id, const struct cycle_settings *c)
{
	struct stmt *s = store_stmt(st, "UPDATE cycles SET due_soon_workdays = ?, tolerance = ?,"
	                                 " escalate_after_workdays = ?, remind_before_workdays = ?, remind_on_due = ?,"
	                                 " remind_overdue_every_days = ?, webhook_url = ?, webhook_format = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, c->rule.due_soon_workdays);
	stmt_bind_double(s, 2, c->rule.tolerance);
	stmt_bind_int(s, 3, c->escalate_after_workdays);
	stmt_bind_int(s, 4, c->remind_before_workdays);
	stmt_bind_int(s, 5, c->remind_on_due);
	stmt_bind_int(s, 6, c->remind_overdue_every_days);
	stmt_bind_text(s, 7, c->webhook_url[0] ? c->webhook_url : NULL);
	stmt_bind_text(s, 8, c->webhook_format);
	stmt_bind_int(s, 9, cycle_id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_holidays(struct store *st, int year,
                          int (*fn)(void *ctx, const char *day, const char *kind, const char *name), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT day, kind, name FROM holidays WHERE day >= ? AND day < ? ORDER BY day");
	if (!s)
		return LD_DB;
	char from[12], to[12];
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-01-01", year + 1);
	stmt_bind_text(s, 1, from);
	stmt_bind_text(s, 2, to);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2)))
			break;
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_holiday_delete(struct store *st, const char *day)
{
	struct stmt *s = store_stmt(st, "DELETE FROM holidays WHERE day = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, day);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

#define COUNT_COLS "sum(green), sum(yellow), sum(red), sum(done), sum(done_on_time), sum(total), sum(overdue_days)"

static void counts_row(struct stmt *s, int at, struct light_counts *c)
{
	c->green = stmt_int64(s, at);
	c->yellow = stmt_int64(s, at + 1);
	c->red = stmt_int64(s, at + 2);
	c->done = stmt_int64(s, at + 3);
	c->done_on_time = stmt_int64(s, at + 4);
	c->total = stmt_int64(s, at + 5);
	c->overdue_days = stmt_int64(s, at + 6);
}

enum lderr store_light_counts(struct store *st, long long cycle_id, long long unit_id, struct light_counts *out)
{
	struct stmt *s = store_stmt(st, "SELECT " COUNT_COLS " FROM light_agg WHERE cycle_id = ? AND unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	int rc = stmt_step(s);
	memset(out, 0, sizeof(*out));
	if (rc == STMT_ROW)
		counts_row(s, 0, out);
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_light_sectors(struct store *st, long long cycle_id, long long unit_id,
                               int (*fn)(void *ctx, const char *sector, const struct light_counts *c), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT sector, " COUNT_COLS " FROM light_agg WHERE cycle_id = ? AND unit_id = ?"
	                                 " GROUP BY sector ORDER BY sum(red) DESC, sector");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct light_counts c;
		counts_row(s, 1, &c);
		if (fn(ctx, stmt_text(s, 0), &c))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_light_children(struct store *st, long long cycle_id, long long unit_id,
                                int (*fn)(void *ctx, long long child, const char *sector,
                                          const struct light_counts *c), void *ctx)
{
	/* SQLite's CROSS JOIN keeps units outside: the unit's children first, then each one's
	 * counts by key; led by light_agg, its planner read every count of the cycle (12,000 rows
	 * at province scale) to keep a few hundred. PostgreSQL plans by statistics (and would
	 * refuse ON after CROSS JOIN). */
#define CHILD_COUNTS(JOIN) "SELECT a.unit_id, a.sector, a.green, a.yellow, a.red, a.done, a.done_on_time," \
	" a.total, a.overdue_days FROM units u " JOIN " light_agg a ON a.unit_id = u.id" \
	" WHERE u.parent_id = ? AND a.cycle_id = ? ORDER BY u.kind <> 'region', u.sort, u.id"
	struct stmt *s = store_stmt(st, STORE_SQL(st, CHILD_COUNTS("CROSS JOIN"), CHILD_COUNTS("JOIN")));
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, unit_id);
	stmt_bind_int(s, 2, cycle_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct light_counts c;
		counts_row(s, 2, &c);
		if (fn(ctx, stmt_int64(s, 0), stmt_text(s, 1), &c))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_lights_snapshot(struct store *st, long long cycle_id, const char *day)
{
	struct stmt *s = store_stmt(st, "INSERT INTO light_snapshots (cycle_id, day, unit_id, green, yellow, red)"
	                                 " SELECT a.cycle_id, ?, a.unit_id, sum(a.green), sum(a.yellow), sum(a.red)"
	                                 " FROM light_agg a JOIN units u ON u.id = a.unit_id"
	                                 " WHERE a.cycle_id = ? AND u.kind = 'region' GROUP BY a.cycle_id, a.unit_id"
	                                 " ON CONFLICT (cycle_id, unit_id, day) DO UPDATE SET green = excluded.green,"
	                                 " yellow = excluded.yellow, red = excluded.red");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, day);
	stmt_bind_int(s, 2, cycle_id);
	return store_exec_stmt(st, s);
}

enum lderr store_lights_trend(struct store *st, long long cycle_id, long long unit_id,
                              int (*fn)(void *ctx, const char *day, long long g, long long y, long long r), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT day, green, yellow, red FROM light_snapshots WHERE cycle_id = ?"
	                                 " AND unit_id = ? ORDER BY day");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_text(s, 0), stmt_int64(s, 1), stmt_int64(s, 2),
		       stmt_int64(s, 3)))
			break;
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}
