#include "store/supervision.h"

#include <stdio.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"

/* A day job started this long ago and not finished is taken to have died with its server: well
 * above the job's own time (seconds on SQLite at province scale, minutes on PostgreSQL). */
#define JOB_STALE_SECONDS (3 * 3600)

/* Binds the scope as path ranges ?first.. for a statement built with scope_where. */
static int scope_where(struct buf *sql, const struct scope *sc, unsigned roles, const char *col, int first)
{
	int terms = 0;
	buf_puts(sql, "(");
	for (int k = 0; sc && k < sc->n; k++) {
		if (!(ROLE_BIT(sc->grant[k].role) & roles))
			continue;
		buf_printf(sql, "%s(%s >= ?%d AND %s < ?%d)", terms ? " OR " : "", col, first + 2 * terms, col,
		           first + 2 * terms + 1);
		terms++;
	}
	buf_puts(sql, terms ? ")" : "1 = 0)");
	return terms;
}

static void scope_bind(struct stmt *s, const struct scope *sc, unsigned roles, int first, char ends[][256])
{
	int t = 0;
	for (int k = 0; sc && k < sc->n && t < 16; k++) {
		if (!(ROLE_BIT(sc->grant[k].role) & roles))
			continue;
		const char *p = sc->grant[k].path;
		size_t n = strlen(p);
		snprintf(ends[t], 256, "%s", p);
		if (n && n < 256)
			ends[t][n - 1] = '/' + 1;
		stmt_bind_text(s, first + 2 * t, p);
		stmt_bind_text(s, first + 2 * t + 1, ends[t]);
		t++;
	}
}

/* ---- notices ---- */

#define NOTICE_COLS                                                                                             \
	"n.id, n.cycle_id, n.issuer_id, coalesce(n.issuer_unit_id, 0), n.target_unit_id, iu.username, iun.name,"  \
	" tu.name, n.target_path, n.title, n.body, n.due_date, n.state, n.response, ru.username, n.responded_at,"  \
	" n.closed_at, n.created_at"
#define NOTICE_FROM                                                                                 \
	" FROM notices n JOIN users iu ON iu.id = n.issuer_id LEFT JOIN units iun ON iun.id = n.issuer_unit_id" \
	" JOIN units tu ON tu.id = n.target_unit_id LEFT JOIN users ru ON ru.id = n.responder_id"

static void notice_row(struct stmt *s, struct notice *n)
{
	n->id = stmt_int64(s, 0);
	n->cycle_id = stmt_int64(s, 1);
	n->issuer_id = stmt_int64(s, 2);
	n->issuer_unit_id = stmt_int64(s, 3);
	n->target_unit_id = stmt_int64(s, 4);
	n->issuer = stmt_text(s, 5);
	n->issuer_unit_name = stmt_text(s, 6);
	n->target_unit_name = stmt_text(s, 7);
	n->target_path = stmt_text(s, 8);
	n->title = stmt_text(s, 9);
	n->body = stmt_text(s, 10);
	n->due_date = stmt_text(s, 11);
	n->state = stmt_text(s, 12);
	n->response = stmt_text(s, 13);
	n->responder = stmt_text(s, 14);
	n->responded_at = stmt_text(s, 15);
	n->closed_at = stmt_text(s, 16);
	n->created_at = stmt_text(s, 17);
}

enum lderr store_notice_insert(struct store *st, long long cycle_id, long long issuer, long long issuer_unit,
                               long long target_unit, const char *title, const char *body, const char *due,
                               const long long *items, int nitems, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO notices (cycle_id, issuer_id, issuer_unit_id, target_unit_id,"
	                                 " target_path, title, body, due_date, created_at, updated_at)"
	                                 " SELECT ?, ?, ?, u.id, u.path, ?, ?, ?, ?, ? FROM units u WHERE u.id = ? RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, issuer);
	if (issuer_unit)
		stmt_bind_int(s, 3, issuer_unit);
	stmt_bind_text(s, 4, title);
	stmt_bind_text(s, 5, body);
	stmt_bind_text(s, 6, due);
	stmt_bind_text(s, 7, now);
	stmt_bind_text(s, 8, now);
	stmt_bind_int(s, 9, target_unit);
	enum lderr e = store_insert(st, s, id);
	if (e)
		return e;
	if (!*id)
		return LD_NOT_FOUND; /* no such unit */
	struct stmt *ins = store_stmt(st, "INSERT INTO notice_items (notice_id, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
	if (!ins)
		return LD_DB;
	for (int i = 0; !e && i < nitems; i++) {
		stmt_reset(ins);
		stmt_bind_int(ins, 1, *id);
		stmt_bind_int(ins, 2, items[i]);
		e = store_exec_stmt(st, ins);
	}
	return e;
}

enum lderr store_notice_get(struct store *st, struct arena *a, long long id, struct notice *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT " NOTICE_COLS NOTICE_FROM " WHERE n.id = ?", id, &s);
	if (found)
		return found;
	struct notice n;
	notice_row(s, &n);
	*out = n;
	const char **f[] = {&out->issuer, &out->issuer_unit_name, &out->target_unit_name, &out->target_path,
	                    &out->title, &out->body, &out->due_date, &out->state, &out->response, &out->responder,
	                    &out->responded_at, &out->closed_at, &out->created_at};
	bool kept = store_keep(a, f, sizeof(f) / sizeof(f[0]));
	stmt_reset(s);
	return kept ? LD_OK : LD_NOMEM;
}

enum lderr store_notice_list(struct store *st, const struct scope *sc, unsigned roles, long long issuer,
                             const char *state, bool received_only, bool issued_only, long long offset, long long limit,
                             int (*fn)(void *ctx, const struct notice *n), void *ctx, long long *total)
{
	struct buf w, sql;
	buf_init(&w, 1 << 14);
	buf_init(&sql, 1 << 15);
	buf_puts(&w, " WHERE (?1 IS NULL OR n.state = ?1) AND (");
	if (issued_only)
		buf_puts(&w, "n.issuer_id = ?2");
	else if (received_only)
		scope_where(&w, sc, roles, "n.target_path", 3);
	else {
		buf_puts(&w, "n.issuer_id = ?2 OR ");
		scope_where(&w, sc, roles, "n.target_path", 3);
	}
	buf_puts(&w, ")");
	enum lderr e = LD_DB;
	char ends[16][256];
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_printf(&sql, "SELECT count(*)%s%s", NOTICE_FROM, buf_str(&w));
		else
			buf_printf(&sql, "SELECT " NOTICE_COLS "%s%s ORDER BY n.id DESC LIMIT %lld OFFSET %lld", NOTICE_FROM,
			           buf_str(&w), limit, offset);
		struct stmt *s = sql.failed ? NULL : store_stmt_text(st, buf_str(&sql));
		if (!s)
			goto out;
		stmt_bind_text(s, 1, state);
		stmt_bind_int(s, 2, issuer);
		if (!issued_only)
			scope_bind(s, sc, roles, 3, ends);
		if (pass == 0) {
			if (stmt_step(s) == STMT_ROW)
				*total = stmt_int64(s, 0);
			stmt_reset(s);
			continue;
		}
		int rc;
		while ((rc = stmt_step(s)) == STMT_ROW) {
			struct notice n;
			notice_row(s, &n);
			if (fn(ctx, &n))
				break;
		}
		e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
		stmt_reset(s);
	}
out:
	buf_fini(&w);
	buf_fini(&sql);
	return e;
}

enum lderr store_notice_items(struct store *st, long long id, int (*fn)(void *ctx, long long item_id), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT item_id FROM notice_items WHERE notice_id = ? ORDER BY item_id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_int64(s, 0)))
			break;
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_notice_set(struct store *st, long long id, const char *state, const char *response,
                            long long responder)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE notices SET state = ?1,"
	                                 " response = CASE WHEN ?1 = 'responded' THEN ?2 ELSE response END,"
	                                 " responder_id = CASE WHEN ?1 = 'responded' THEN ?3 ELSE responder_id END,"
	                                 " responded_at = CASE WHEN ?1 = 'responded' THEN ?4 ELSE responded_at END,"
	                                 " closed_at = CASE WHEN ?1 = 'closed' THEN ?4 WHEN ?1 = 'open' THEN NULL ELSE closed_at END,"
	                                 " updated_at = ?4 WHERE id = ?5");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, state);
	stmt_bind_text(s, 2, response);
	stmt_bind_int(s, 3, responder);
	stmt_bind_text(s, 4, now);
	stmt_bind_int(s, 5, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

/* ---- inspections ---- */

#define INSPECTION_COLS "i.id, i.cycle_id, i.unit_id, i.created_by, u.name, i.unit_path, i.day, i.inspectors," \
	" i.summary, c.username, i.created_at"
#define INSPECTION_FROM " FROM inspections i JOIN units u ON u.id = i.unit_id JOIN users c ON c.id = i.created_by"

static void inspection_row(struct stmt *s, struct inspection *i)
{
	i->id = stmt_int64(s, 0);
	i->cycle_id = stmt_int64(s, 1);
	i->unit_id = stmt_int64(s, 2);
	i->created_by = stmt_int64(s, 3);
	i->unit_name = stmt_text(s, 4);
	i->unit_path = stmt_text(s, 5);
	i->day = stmt_text(s, 6);
	i->inspectors = stmt_text(s, 7);
	i->summary = stmt_text(s, 8);
	i->creator = stmt_text(s, 9);
	i->created_at = stmt_text(s, 10);
}

enum lderr store_inspection_insert(struct store *st, long long cycle_id, long long unit_id, const char *day,
                                   const char *inspectors, const char *summary, long long user, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO inspections (cycle_id, unit_id, unit_path, day, inspectors, summary,"
	                                 " created_by, created_at) SELECT ?, u.id, u.path, ?, ?, ?, ?, ? FROM units u WHERE u.id = ? RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_text(s, 2, day);
	stmt_bind_text(s, 3, inspectors);
	stmt_bind_text(s, 4, summary);
	stmt_bind_int(s, 5, user);
	stmt_bind_text(s, 6, now);
	stmt_bind_int(s, 7, unit_id);
	enum lderr e = store_insert(st, s, id);
	return !e && !*id ? LD_NOT_FOUND : e; /* no such unit: nothing inserted */
}

enum lderr store_inspection_get(struct store *st, struct arena *a, long long id, struct inspection *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT " INSPECTION_COLS INSPECTION_FROM " WHERE i.id = ?", id, &s);
	if (found)
		return found;
	struct inspection i;
	inspection_row(s, &i);
	*out = i;
	const char **f[] = {&out->unit_name, &out->unit_path, &out->day, &out->inspectors, &out->summary,
	                    &out->creator, &out->created_at};
	bool kept = store_keep(a, f, sizeof(f) / sizeof(f[0]));
	stmt_reset(s);
	return kept ? LD_OK : LD_NOMEM;
}

enum lderr store_inspection_list(struct store *st, long long cycle_id, const struct scope *sc, unsigned roles,
                                 long long offset, long long limit,
                                 int (*fn)(void *ctx, const struct inspection *i), void *ctx, long long *total)
{
	struct buf w, sql;
	buf_init(&w, 1 << 14);
	buf_init(&sql, 1 << 15);
	buf_puts(&w, " WHERE (?1 = 0 OR i.cycle_id = ?1) AND ");
	scope_where(&w, sc, roles, "i.unit_path", 2);
	enum lderr e = LD_DB;
	char ends[16][256];
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_printf(&sql, "SELECT count(*)%s%s", INSPECTION_FROM, buf_str(&w));
		else
			buf_printf(&sql, "SELECT " INSPECTION_COLS "%s%s ORDER BY i.day DESC, i.id DESC LIMIT %lld OFFSET %lld",
			           INSPECTION_FROM, buf_str(&w), limit, offset);
		struct stmt *s = sql.failed ? NULL : store_stmt_text(st, buf_str(&sql));
		if (!s)
			goto out;
		stmt_bind_int(s, 1, cycle_id);
		scope_bind(s, sc, roles, 2, ends);
		if (pass == 0) {
			if (stmt_step(s) == STMT_ROW)
				*total = stmt_int64(s, 0);
			stmt_reset(s);
			continue;
		}
		int rc;
		while ((rc = stmt_step(s)) == STMT_ROW) {
			struct inspection i;
			inspection_row(s, &i);
			if (fn(ctx, &i))
				break;
		}
		e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
		stmt_reset(s);
	}
out:
	buf_fini(&w);
	buf_fini(&sql);
	return e;
}

enum lderr store_item_set_inspection(struct store *st, long long item_id, long long inspection_id)
{
	struct stmt *s = store_stmt(st, "UPDATE items SET inspection_id = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, inspection_id);
	stmt_bind_int(s, 2, item_id);
	return store_exec_stmt(st, s);
}

enum lderr store_item_verify(struct store *st, long long item_id, long long user, const char *opinion, bool approved)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE items SET verify_opinion = ?1,"
	                                 " verified_by = CASE WHEN ?2 <> 0 THEN ?3 ELSE verified_by END,"
	                                 " verified_at = CASE WHEN ?2 <> 0 THEN ?4 ELSE verified_at END, updated_at = ?4 WHERE id = ?5");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, opinion);
	stmt_bind_int(s, 2, approved);
	stmt_bind_int(s, 3, user);
	stmt_bind_text(s, 4, now);
	stmt_bind_int(s, 5, item_id);
	return store_exec_stmt(st, s);
}

/* ---- escalations ---- */

enum lderr store_escalation_add(struct store *st, long long item_id, long long to_unit, const char *reason,
                                int *added)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO escalations (item_id, to_unit_id, to_path, reason, created_at)"
	                                 " SELECT ?, u.id, u.path, ?, ? FROM units u WHERE u.id = ? ON CONFLICT DO NOTHING");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, item_id);
	stmt_bind_text(s, 2, reason);
	stmt_bind_text(s, 3, now);
	stmt_bind_int(s, 4, to_unit);
	enum lderr e = store_exec_stmt(st, s);
	*added = !e ? store_changes(st) : 0;
	return e;
}

enum lderr store_escalation_list(struct store *st, long long cycle_id, const struct scope *sc, unsigned roles,
                                 long long offset, long long limit,
                                 int (*fn)(void *ctx, const struct escalation *e), void *ctx, long long *total)
{
	struct buf w, sql;
	buf_init(&w, 1 << 14);
	buf_init(&sql, 1 << 15);
	buf_puts(&w, " FROM escalations x JOIN items i ON i.id = x.item_id JOIN units u ON u.id = x.to_unit_id"
	             " WHERE (?1 = 0 OR i.cycle_id = ?1) AND ");
	scope_where(&w, sc, roles, "x.to_path", 2);
	enum lderr e = LD_DB;
	char ends[16][256];
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_printf(&sql, "SELECT count(*)%s", buf_str(&w));
		else
			buf_printf(&sql, "SELECT x.id, x.item_id, x.to_unit_id, u.name, x.reason, x.created_at%s"
			                 " ORDER BY x.id DESC LIMIT %lld OFFSET %lld", buf_str(&w), limit, offset);
		struct stmt *s = sql.failed ? NULL : store_stmt_text(st, buf_str(&sql));
		if (!s)
			goto out;
		stmt_bind_int(s, 1, cycle_id);
		scope_bind(s, sc, roles, 2, ends);
		if (pass == 0) {
			if (stmt_step(s) == STMT_ROW)
				*total = stmt_int64(s, 0);
			stmt_reset(s);
			continue;
		}
		int rc;
		while ((rc = stmt_step(s)) == STMT_ROW) {
			struct escalation x = {stmt_int64(s, 0), stmt_int64(s, 1),
			                       stmt_int64(s, 2), stmt_text(s, 3), stmt_text(s, 4),
			                       stmt_text(s, 5)};
			if (fn(ctx, &x))
				break;
		}
		e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
		stmt_reset(s);
	}
out:
	buf_fini(&w);
	buf_fini(&sql);
	return e;
}

/* ---- job runs ---- */

enum lderr store_job_start(struct store *st, const char *day, const char *worker, bool *started)
{
	char now[21], stale[21];
	store_now_iso(st, now);
	store_iso_before(st, JOB_STALE_SECONDS, stale);
	/* a day already finished is not started again by a server (the CLI forces a rerun, which
	 * then counts as a new start); nor is a day another server is running: several servers
	 * share one database and the day runs once. A start that never finished is taken over by
	 * its own worker, or by any after JOB_STALE_SECONDS (its server died). The claim is one
	 * statement, atomic on both backends. */
	struct stmt *s = store_stmt(st, "INSERT INTO job_runs (day, started_at, worker) VALUES (?1, ?2, ?3)"
	                                 " ON CONFLICT (day) DO UPDATE SET started_at = ?2, worker = ?3"
	                                 " WHERE ?3 = 'cli' OR (job_runs.finished_at IS NULL"
	                                 " AND (job_runs.worker = ?3 OR job_runs.started_at < ?4))");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, day);
	stmt_bind_text(s, 2, now);
	stmt_bind_text(s, 3, worker);
	stmt_bind_text(s, 4, stale);
	enum lderr e = store_exec_stmt(st, s);
	*started = !e && store_changes(st) > 0;
	return e;
}

enum lderr store_job_finish(struct store *st, const char *day, long long items, long long reminders,
                            long long escalations)
{
	char now[21];
	store_now_iso(st, now);
	/* items is the last run's; reminders and escalations add up over the day's runs */
	struct stmt *s = store_stmt(st, "UPDATE job_runs SET finished_at = ?, items = ?, reminders = reminders + ?,"
	                                 " escalations = escalations + ? WHERE day = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, now);
	stmt_bind_int(s, 2, items);
	stmt_bind_int(s, 3, reminders);
	stmt_bind_int(s, 4, escalations);
	stmt_bind_text(s, 5, day);
	return store_exec_stmt(st, s);
}

enum lderr store_job_list(struct store *st, int limit,
                          int (*fn)(void *ctx, const char *day, const char *started, const char *finished,
                                    long long items, long long reminders, long long escalations),
                          void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT day, started_at, finished_at, items, reminders, escalations FROM job_runs"
	                                 " ORDER BY day DESC LIMIT ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, limit);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_int64(s, 3),
		       stmt_int64(s, 4), stmt_int64(s, 5)))
			break;
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}
