#include "store/units.h"

#include <stdio.h>
#include <string.h>

#include "store/internal.h"

#define UNIT_COLS "id, coalesce(parent_id, 0), code, name, short_name, kind, level, sector, path, sort, child_count"

static void from_row(struct stmt *s, struct unit *u)
{
	u->id = stmt_int64(s, 0);
	u->parent_id = stmt_int64(s, 1);
	u->code = stmt_text(s, 2);
	u->name = stmt_text(s, 3);
	u->short_name = stmt_text(s, 4);
	u->kind = stmt_text(s, 5);
	u->level = stmt_text(s, 6);
	u->sector = stmt_text(s, 7);
	u->path = stmt_text(s, 8);
	u->sort = stmt_int64(s, 9);
	u->child_count = stmt_int64(s, 10);
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* Steps s once and copies the row into out. */
static enum lderr one(struct store *st, struct stmt *s, struct arena *a, struct unit *out)
{
	int rc = stmt_step(s);
	if (rc == STMT_DONE)
		return LD_NOT_FOUND;
	if (rc != STMT_ROW)
		return store_map(st, rc);
	struct unit u;
	from_row(s, &u);
	*out = u;
	out->code = dup(a, u.code);
	out->name = dup(a, u.name);
	out->short_name = dup(a, u.short_name);
	out->kind = dup(a, u.kind);
	out->level = dup(a, u.level);
	out->sector = dup(a, u.sector);
	out->path = dup(a, u.path);
	stmt_reset(s);
	return out->name && out->path ? LD_OK : LD_NOMEM;
}

enum lderr store_unit_get(struct store *st, struct arena *a, long long id, struct unit *out)
{
	struct stmt *s = store_stmt(st, "SELECT " UNIT_COLS " FROM units WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return one(st, s, a, out);
}

enum lderr store_unit_by_code(struct store *st, struct arena *a, const char *code, struct unit *out)
{
	struct stmt *s = store_stmt(st, "SELECT " UNIT_COLS " FROM units WHERE code = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, code);
	return one(st, s, a, out);
}

static enum lderr each(struct store *st, struct stmt *s, unit_fn fn, void *ctx)
{
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct unit u;
		from_row(s, &u);
		if (fn(ctx, &u))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_unit_children(struct store *st, long long parent, unit_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " UNIT_COLS " FROM units WHERE parent_id = ?"
	                                 " ORDER BY kind <> 'region', sort, id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, parent);
	return each(st, s, fn, ctx);
}

enum lderr store_unit_search(struct store *st, const char *text, unit_fn fn, void *ctx)
{
#define UNIT_SEARCH(HAS) "SELECT " UNIT_COLS " FROM units WHERE " HAS("name", "?1") " OR " HAS("short_name", "?1") \
	" ORDER BY length(path), kind <> 'region', sort, id"
	struct stmt *s = store_stmt(st, STORE_SQL(st, UNIT_SEARCH(LITE_HAS), UNIT_SEARCH(PG_HAS)));
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, text);
	return each(st, s, fn, ctx);
}

enum lderr store_unit_chain(struct store *st, const char *path, unit_fn fn, void *ctx)
{
	/* The ids are the path's components; a unit is on the chain when its path is a prefix
	 * of the given one. path is indexed, so each probe is one lookup. */
	struct stmt *s = store_stmt(st, "SELECT " UNIT_COLS " FROM units WHERE id = ?");
	if (!s)
		return LD_DB;
	const char *p = path;
	while (*p == '/') {
		long long id = 0;
		p++;
		if (!*p)
			break;
		while (*p >= '0' && *p <= '9')
			id = id * 10 + (*p++ - '0');
		if (*p != '/')
			return LD_INTERNAL;
		stmt_reset(s);
		stmt_bind_int(s, 1, id);
		enum lderr found = store_step_one(st, s);
		if (found)
			return found;
		struct unit u;
		from_row(s, &u);
		if (fn(ctx, &u))
			break;
	}
	stmt_reset(s);
	return LD_OK;
}

enum lderr store_unit_insert(struct store *st, const struct unit_new *u, long long *id)
{
	char parent_path[512] = "/";
	if (u->parent_id) {
		struct stmt *p = store_stmt(st, "SELECT path FROM units WHERE id = ?");
		if (!p)
			return LD_DB;
		stmt_bind_int(p, 1, u->parent_id);
		int rc = stmt_step(p);
		if (rc != STMT_ROW) {
			stmt_reset(p);
			return rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
		}
		snprintf(parent_path, sizeof(parent_path), "%s", stmt_text(p, 0));
		stmt_reset(p);
	}
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO units (parent_id, code, name, short_name, kind, level, sector,"
	                                 " path, sort, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	if (u->parent_id)
		stmt_bind_int(s, 1, u->parent_id);
	stmt_bind_text(s, 2, u->code && *u->code ? u->code : NULL);
	stmt_bind_text(s, 3, u->name);
	stmt_bind_text(s, 4, u->short_name && *u->short_name ? u->short_name : NULL);
	stmt_bind_text(s, 5, u->kind);
	stmt_bind_text(s, 6, u->level);
	stmt_bind_text(s, 7, u->sector && *u->sector ? u->sector : NULL);
	stmt_bind_int(s, 8, u->sort);
	stmt_bind_text(s, 9, now);
	stmt_bind_text(s, 10, now);
	enum lderr e = store_insert(st, s, id);
	if (e)
		return e;
	char path[600];
	int n = snprintf(path, sizeof(path), "%s%lld/", parent_path, *id);
	if (n < 0 || (size_t)n >= sizeof(path))
		return LD_INTERNAL;
	s = store_stmt(st, "UPDATE units SET path = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, path);
	stmt_bind_int(s, 2, *id);
	if ((e = store_exec_stmt(st, s)))
		return e;
	s = store_stmt(st, "INSERT INTO unit_ancestors (unit_id, ancestor_id) SELECT ?1, ?1"
	                   " UNION ALL SELECT ?1, ancestor_id FROM unit_ancestors WHERE unit_id = ?2");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, *id);
	stmt_bind_int(s, 2, u->parent_id);
	if ((e = store_exec_stmt(st, s)))
		return e;
	if (u->parent_id) {
		s = store_stmt(st, "UPDATE units SET child_count = child_count + 1 WHERE id = ?");
		if (!s)
			return LD_DB;
		stmt_bind_int(s, 1, u->parent_id);
		e = store_exec_stmt(st, s);
	}
	return e;
}

enum lderr store_unit_update(struct store *st, long long id, const char *name, const char *short_name,
                             const char *sector)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE units SET name = coalesce(?1, name),"
	                                 " short_name = CASE WHEN ?2 IS NULL THEN short_name WHEN ?2 = '' THEN NULL ELSE ?2 END,"
	                                 " sector = CASE WHEN ?3 IS NULL THEN sector WHEN ?3 = '' THEN NULL ELSE ?3 END,"
	                                 " updated_at = ?4 WHERE id = ?5");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, name);
	stmt_bind_text(s, 2, short_name);
	stmt_bind_text(s, 3, sector);
	stmt_bind_text(s, 4, now);
	stmt_bind_int(s, 5, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_unit_regions(struct store *st, unit_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " UNIT_COLS " FROM units WHERE kind = 'region' ORDER BY code");
	if (!s)
		return LD_DB;
	return each(st, s, fn, ctx);
}

static enum lderr one_id(struct store *st, struct stmt *s, long long *id)
{
	int rc = stmt_step(s);
	*id = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	if (rc == STMT_ROW)
		return LD_OK;
	return rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

enum lderr store_unit_id_by_code(struct store *st, const char *code, long long *id)
{
	struct stmt *s = store_stmt(st, "SELECT id FROM units WHERE code = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, code);
	return one_id(st, s, id);
}

enum lderr store_unit_child_id(struct store *st, long long parent, const char *name, long long *id)
{
	struct stmt *s = store_stmt(st, "SELECT id FROM units WHERE coalesce(parent_id, 0) = ? AND name = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, parent);
	stmt_bind_text(s, 2, name);
	return one_id(st, s, id);
}

enum lderr store_unit_each(struct store *st, const char *kind, unit_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " UNIT_COLS " FROM units WHERE kind = ? ORDER BY path");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, kind);
	return each(st, s, fn, ctx);
}
