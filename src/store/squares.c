#include "store/squares.h"

#include "store/internal.h"

#define SQUARE_SELECT                                                                                   \
	"SELECT q.id, q.name, q.description, q.lead_unit_id, l.name, l.path,"                           \
	" (SELECT count(*) FROM square_members m WHERE m.square_id = q.id),"                            \
	" coalesce((SELECT group_concat(n.path, ',') FROM square_members m JOIN units n ON n.id = m.unit_id" \
	"   WHERE m.square_id = q.id), '')"                                                             \
	" FROM squares q JOIN units l ON l.id = q.lead_unit_id"

static void from_row(struct stmt *s, struct square *q)
{
	q->id = stmt_int64(s, 0);
	q->name = stmt_text(s, 1);
	q->description = stmt_text(s, 2);
	q->lead_unit_id = stmt_int64(s, 3);
	q->lead_unit_name = stmt_text(s, 4);
	q->lead_path = stmt_text(s, 5);
	q->member_count = stmt_int64(s, 6);
	q->member_paths = stmt_text(s, 7);
}

enum lderr store_square_list(struct store *st, const char *q, square_fn fn, void *ctx)
{
#define SQUARE_SEARCH(HAS) SQUARE_SELECT " WHERE ?1 IS NULL OR " HAS("q.name", "?1") " ORDER BY q.name, q.id"
	struct stmt *s = store_stmt(st, STORE_SQL(st, SQUARE_SEARCH(LITE_HAS), SQUARE_SEARCH(PG_HAS)));
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, q && *q ? q : NULL);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct square sq;
		from_row(s, &sq);
		if (fn(ctx, &sq))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_square_get(struct store *st, struct arena *a, long long id, struct square *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, SQUARE_SELECT " WHERE q.id = ?", id, &s);
	if (found)
		return found;
	struct square q;
	from_row(s, &q);
	*out = q;
	out->name = arena_strdup(a, q.name);
	out->description = arena_strdup(a, q.description);
	out->lead_unit_name = arena_strdup(a, q.lead_unit_name);
	out->lead_path = arena_strdup(a, q.lead_path);
	out->member_paths = arena_strdup(a, q.member_paths);
	stmt_reset(s);
	return out->name && out->description && out->lead_unit_name && out->lead_path && out->member_paths
	           ? LD_OK : LD_NOMEM;
}

enum lderr store_square_members(struct store *st, long long id, unit_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT n.id, coalesce(n.parent_id, 0), n.code, n.name, n.short_name, n.kind,"
	                                 " n.level, n.sector, n.path, n.sort, n.child_count"
	                                 " FROM square_members m JOIN units n ON n.id = m.unit_id WHERE m.square_id = ?"
	                                 " ORDER BY length(n.path), n.path");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct unit u = {
			.id = stmt_int64(s, 0), .parent_id = stmt_int64(s, 1),
			.code = stmt_text(s, 2), .name = stmt_text(s, 3), .short_name = stmt_text(s, 4),
			.kind = stmt_text(s, 5), .level = stmt_text(s, 6), .sector = stmt_text(s, 7),
			.path = stmt_text(s, 8), .sort = stmt_int64(s, 9),
			.child_count = stmt_int64(s, 10),
		};
		if (fn(ctx, &u))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_unit_squares(struct store *st, long long unit_id,
                              int (*fn)(void *ctx, long long id, const char *name, bool is_lead), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT q.id, q.name, q.lead_unit_id = ?1 FROM squares q WHERE q.lead_unit_id = ?1"
	                                 " OR EXISTS (SELECT 1 FROM square_members m WHERE m.square_id = q.id AND m.unit_id = ?1)"
	                                 " ORDER BY q.name");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, unit_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_int64(s, 0), stmt_text(s, 1), stmt_int(s, 2) != 0))
			break;
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_square_insert(struct store *st, const char *name, const char *description, long long lead,
                               long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO squares (name, description, lead_unit_id, created_at, updated_at)"
	                                 " VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, name);
	stmt_bind_text(s, 2, description ? description : "");
	stmt_bind_int(s, 3, lead);
	stmt_bind_text(s, 4, now);
	stmt_bind_text(s, 5, now);
	return store_insert(st, s, id);
}

enum lderr store_square_update(struct store *st, long long id, const char *name, const char *description,
                               long long lead)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE squares SET name = coalesce(?1, name),"
	                                 " description = coalesce(?2, description),"
	                                 " lead_unit_id = CASE WHEN ?3 = 0 THEN lead_unit_id ELSE ?3 END, updated_at = ?4"
	                                 " WHERE id = ?5");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, name);
	stmt_bind_text(s, 2, description);
	stmt_bind_int(s, 3, lead);
	stmt_bind_text(s, 4, now);
	stmt_bind_int(s, 5, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_square_delete(struct store *st, long long id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM square_members WHERE square_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	enum lderr e = store_exec_stmt(st, s);
	if (e)
		return e;
	s = store_stmt(st, "DELETE FROM squares WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_square_member_add(struct store *st, long long id, long long unit_id)
{
	struct stmt *s = store_stmt(st, "INSERT INTO square_members (square_id, unit_id) VALUES (?, ?)");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	stmt_bind_int(s, 2, unit_id);
	return store_exec_stmt(st, s);
}

enum lderr store_square_member_remove(struct store *st, long long id, long long unit_id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM square_members WHERE square_id = ? AND unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	stmt_bind_int(s, 2, unit_id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_unit_square_leads(struct store *st, long long unit_id, long long *leads, int max, int *n)
{
	*n = 0;
	struct stmt *s = store_stmt(st, "SELECT DISTINCT q.lead_unit_id FROM squares q JOIN square_members m"
	                                 " ON m.square_id = q.id WHERE m.unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, unit_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW && *n < max)
		leads[(*n)++] = stmt_int64(s, 0);
	enum lderr e = rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}
