#include "store/reports.h"

#include <stdio.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"

#define REPORT_COLS                                                                                      \
	"r.id, r.item_id, r.period, r.text, r.progress, r.state, r.return_reason, a.username, r.submitted_at," \
	" v.username, r.reviewed_at, r.created_at, i.title, u.name, i.unit_path"
#define REPORT_FROM                                                                               \
	" FROM reports r JOIN items i ON i.id = r.item_id JOIN units u ON u.id = i.unit_id"          \
	" JOIN users a ON a.id = r.author_id LEFT JOIN users v ON v.id = r.reviewer_id"

static void from_row(struct stmt *s, struct report *r)
{
	r->id = stmt_int64(s, 0);
	r->item_id = stmt_int64(s, 1);
	r->period = stmt_text(s, 2);
	r->text = stmt_text(s, 3);
	r->progress = stmt_double(s, 4);
	r->state = stmt_text(s, 5);
	r->return_reason = stmt_text(s, 6);
	r->author = stmt_text(s, 7);
	r->submitted_at = stmt_text(s, 8);
	r->reviewer = stmt_text(s, 9);
	r->reviewed_at = stmt_text(s, 10);
	r->created_at = stmt_text(s, 11);
	r->item_title = stmt_text(s, 12);
	r->unit_name = stmt_text(s, 13);
	r->unit_path = stmt_text(s, 14);
}

static enum lderr each(struct store *st, struct stmt *s, report_fn fn, void *ctx)
{
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct report r;
		from_row(s, &r);
		if (fn(ctx, &r))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_report_get(struct store *st, struct arena *a, long long id, struct report *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT " REPORT_COLS REPORT_FROM " WHERE r.id = ?", id, &s);
	if (found)
		return found;
	struct report r;
	from_row(s, &r);
	*out = r;
	const char **f[] = {&out->period, &out->text, &out->state, &out->return_reason, &out->author,
	                    &out->submitted_at, &out->reviewer, &out->reviewed_at, &out->created_at,
	                    &out->item_title, &out->unit_name, &out->unit_path};
	bool oom = !store_keep(a, f, sizeof(f) / sizeof(f[0]));
	stmt_reset(s);
	return oom ? LD_NOMEM : LD_OK;
}

enum lderr store_report_list(struct store *st, long long item_id, const char *item_title, const char *unit_name,
                             const char *unit_path, report_fn fn, void *ctx)
{
	/* REPORT_COLS with the item's three given, not looked up again for every report */
	struct stmt *s = store_stmt(st, "SELECT r.id, r.item_id, r.period, r.text, r.progress, r.state, r.return_reason,"
	                                 " a.username, r.submitted_at, v.username, r.reviewed_at, r.created_at,"
	                                 " CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT)"
	                                 " FROM reports r JOIN users a ON a.id = r.author_id"
	                                 " LEFT JOIN users v ON v.id = r.reviewer_id"
	                                 " WHERE r.item_id = ?1 ORDER BY r.period DESC");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, item_id);
	stmt_bind_text(s, 2, item_title);
	stmt_bind_text(s, 3, unit_name);
	stmt_bind_text(s, 4, unit_path);
	return each(st, s, fn, ctx);
}

enum lderr store_report_queue(struct store *st, const struct scope *sc, unsigned roles, long long offset,
                              long long limit, report_fn fn, void *ctx, long long *total)
{
	/* the scope as a union of path ranges, as in the item list */
	struct buf w;
	buf_init(&w, 1 << 14);
	buf_puts(&w, " WHERE r.state = 'submitted' AND (");
	int terms = 0;
	for (int k = 0; k < sc->n; k++) {
		if (!(ROLE_BIT(sc->grant[k].role) & roles))
			continue;
		buf_printf(&w, "%s(i.unit_path >= ?%d AND i.unit_path < ?%d)", terms ? " OR " : "", 2 * terms + 1,
		           2 * terms + 2);
		terms++;
	}
	buf_puts(&w, terms ? ")" : "1 = 0)");
	struct buf sql;
	buf_init(&sql, 1 << 14);
	buf_printf(&sql, "SELECT count(*)%s%s", REPORT_FROM, buf_str(&w));
	enum lderr e = LD_DB;
	char ends[16][256];
	struct stmt *s = NULL;
	if (terms > 16 || w.failed || sql.failed)
		goto out;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			buf_reset(&sql);
			buf_printf(&sql, "SELECT " REPORT_COLS "%s%s ORDER BY r.submitted_at, r.id LIMIT %lld OFFSET %lld",
			           REPORT_FROM, buf_str(&w), limit, offset);
		}
		if (!(s = store_stmt_text(st, buf_str(&sql))))
			goto out;
		int t = 0;
		for (int k = 0; k < sc->n; k++) {
			if (!(ROLE_BIT(sc->grant[k].role) & roles))
				continue;
			const char *p = sc->grant[k].path;
			size_t n = strlen(p);
			snprintf(ends[t], sizeof(ends[t]), "%s", p);
			if (n && n < sizeof(ends[t]))
				ends[t][n - 1] = '/' + 1;
			stmt_bind_text(s, 2 * t + 1, p);
			stmt_bind_text(s, 2 * t + 2, ends[t]);
			t++;
		}
		if (pass == 0) {
			if (stmt_step(s) == STMT_ROW)
				*total = stmt_int64(s, 0);
			stmt_reset(s);
		} else {
			e = each(st, s, fn, ctx);
		}
	}
out:
	buf_fini(&w);
	buf_fini(&sql);
	return e;
}

enum lderr store_report_insert(struct store *st, long long item_id, const char *period, const char *text,
                               double progress, long long author, bool submit, const char *now, long long *id)
{
	struct stmt *s = store_stmt(st, "INSERT INTO reports (item_id, period, text, progress, author_id, created_at,"
	                                 " updated_at, state, submitted_at)"
	                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, CASE WHEN ?7 <> 0 THEN 'submitted' ELSE 'draft' END,"
	                                 " CASE WHEN ?7 <> 0 THEN ?6 END) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, item_id);
	stmt_bind_text(s, 2, period);
	stmt_bind_text(s, 3, text);
	stmt_bind_double(s, 4, progress);
	stmt_bind_int(s, 5, author);
	stmt_bind_text(s, 6, now);
	stmt_bind_int(s, 7, submit);
	return store_insert(st, s, id);
}

enum lderr store_report_edit(struct store *st, long long id, const char *text, double progress)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE reports SET text = coalesce(?1, text),"
	                                 " progress = CASE WHEN ?2 < 0 THEN progress ELSE ?2 END, updated_at = ?3 WHERE id = ?4");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, text);
	stmt_bind_double(s, 2, progress);
	stmt_bind_text(s, 3, now);
	stmt_bind_int(s, 4, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_report_set_state(struct store *st, long long id, const char *state, long long reviewer,
                                  const char *reason)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE reports SET state = ?1,"
	                                 " submitted_at = CASE WHEN ?1 = 'submitted' THEN ?2 ELSE submitted_at END,"
	                                 " reviewer_id = CASE WHEN ?3 > 0 THEN ?3 ELSE reviewer_id END,"
	                                 " reviewed_at = CASE WHEN ?3 > 0 THEN ?2 ELSE reviewed_at END,"
	                                 " return_reason = CASE WHEN ?1 = 'returned' THEN ?4 ELSE return_reason END,"
	                                 " updated_at = ?2 WHERE id = ?5");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, state);
	stmt_bind_text(s, 2, now);
	stmt_bind_int(s, 3, reviewer);
	stmt_bind_text(s, 4, reason);
	stmt_bind_int(s, 5, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

static void att_row(struct stmt *s, struct attachment *a)
{
	a->id = stmt_int64(s, 0);
	a->report_id = stmt_int64(s, 1);
	a->size = stmt_int64(s, 2);
	a->sha256 = stmt_text(s, 3);
	a->mime = stmt_text(s, 4);
	a->name = stmt_text(s, 5);
	a->notice_id = stmt_int64(s, 6);
}

static enum lderr each_attachment(struct store *st, struct stmt *s, attachment_fn fn, void *ctx)
{
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct attachment a;
		att_row(s, &a);
		if (fn(ctx, &a))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

/* The attachments sql (a literal, its one parameter id) selects. */
static enum lderr attachments_of(struct store *st, const char *sql, long long id, attachment_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, sql);
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return each_attachment(st, s, fn, ctx);
}

enum lderr store_attachments(struct store *st, long long report_id, attachment_fn fn, void *ctx)
{
	return attachments_of(st, "SELECT id, coalesce(report_id, 0), size, sha256, mime, name, coalesce(notice_id, 0)"
	                          " FROM attachments WHERE report_id = ? ORDER BY id", report_id, fn, ctx);
}

enum lderr store_item_attachments(struct store *st, long long item_id, attachment_fn fn, void *ctx)
{
	return attachments_of(st, "SELECT a.id, coalesce(a.report_id, 0), a.size, a.sha256, a.mime, a.name,"
	                          " coalesce(a.notice_id, 0) FROM attachments a JOIN reports r ON r.id = a.report_id"
	                          " WHERE r.item_id = ? ORDER BY a.report_id, a.id", item_id, fn, ctx);
}

enum lderr store_reports_attachments(struct store *st, const long long *report_ids, int n, attachment_fn fn, void *ctx)
{
	if (n <= 0)
		return LD_OK;
	if (n > 200)
		return LD_INTERNAL;
	char sql[256 + 200 * 3];
	size_t len = (size_t)snprintf(sql, sizeof(sql), "SELECT id, coalesce(report_id, 0), size, sha256, mime, name,"
	                                                 " coalesce(notice_id, 0) FROM attachments WHERE report_id IN (");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, i ? ", ?" : "?");
	snprintf(sql + len, sizeof(sql) - len, ") ORDER BY report_id, id");
	struct stmt *s = store_stmt_text(st, sql); /* one text per page size */
	if (!s)
		return LD_DB;
	for (int i = 0; i < n; i++)
		stmt_bind_int(s, i + 1, report_ids[i]);
	return each_attachment(st, s, fn, ctx);
}

enum lderr store_attachment_get(struct store *st, struct arena *ar, long long id, struct attachment *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT id, coalesce(report_id, 0), size, sha256, mime, name,"
	                                       " coalesce(notice_id, 0) FROM attachments WHERE id = ?", id, &s);
	if (found)
		return found;
	struct attachment a;
	att_row(s, &a);
	*out = a;
	out->sha256 = arena_strdup(ar, a.sha256);
	out->mime = arena_strdup(ar, a.mime);
	out->name = arena_strdup(ar, a.name);
	stmt_reset(s);
	return out->sha256 && out->mime && out->name ? LD_OK : LD_NOMEM;
}

enum lderr store_attachment_insert(struct store *st, long long report_id, const char *sha256, long long size,
                                   const char *mime, const char *name, long long user, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO attachments (report_id, sha256, size, mime, name, created_by,"
	                                 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, report_id);
	stmt_bind_text(s, 2, sha256);
	stmt_bind_int(s, 3, size);
	stmt_bind_text(s, 4, mime);
	stmt_bind_text(s, 5, name);
	stmt_bind_int(s, 6, user);
	stmt_bind_text(s, 7, now);
	return store_insert(st, s, id);
}

enum lderr store_attachment_delete(struct store *st, long long report_id, long long id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM attachments WHERE id = ? AND report_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	stmt_bind_int(s, 2, report_id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_notice_attachments(struct store *st, long long notice_id, attachment_fn fn, void *ctx)
{
	return attachments_of(st, "SELECT id, coalesce(report_id, 0), size, sha256, mime, name, coalesce(notice_id, 0)"
	                          " FROM attachments WHERE notice_id = ? ORDER BY id", notice_id, fn, ctx);
}

enum lderr store_notice_attachment_insert(struct store *st, long long notice_id, const char *sha256, long long size,
                                          const char *mime, const char *name, long long user, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO attachments (notice_id, sha256, size, mime, name, created_by,"
	                                 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, notice_id);
	stmt_bind_text(s, 2, sha256);
	stmt_bind_int(s, 3, size);
	stmt_bind_text(s, 4, mime);
	stmt_bind_text(s, 5, name);
	stmt_bind_int(s, 6, user);
	stmt_bind_text(s, 7, now);
	return store_insert(st, s, id);
}
