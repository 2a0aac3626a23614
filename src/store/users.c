#include "store/users.h"

#include <string.h>

#include "store/internal.h"

#define USER_COLS "u.id, u.username, u.display_name, coalesce(u.unit_id, 0), n.name, u.password_hash," \
                  " u.disabled, u.failed_logins, u.locked_until, u.password_changed_at, n.path, u.must_change," \
                  " u.totp_secret, u.totp_pending, u.totp_last_step, u.demo_account"
#define USER_FROM " FROM users u LEFT JOIN units n ON n.id = u.unit_id"

static void from_row(struct stmt *s, struct user *u)
{
	u->id = stmt_int64(s, 0);
	u->username = stmt_text(s, 1);
	u->display_name = stmt_text(s, 2);
	u->unit_id = stmt_int64(s, 3);
	u->unit_name = stmt_text(s, 4);
	u->password_hash = stmt_text(s, 5);
	u->disabled = stmt_int(s, 6) != 0;
	u->failed_logins = stmt_int(s, 7);
	u->locked_until = stmt_int64(s, 8);
	u->password_changed_at = stmt_int64(s, 9);
	u->unit_path = stmt_text(s, 10);
	u->must_change = stmt_int(s, 11) != 0;
	u->totp_secret = stmt_text(s, 12);
	u->totp_pending = stmt_text(s, 13);
	u->totp_last_step = stmt_int64(s, 14);
	u->demo_account = stmt_int(s, 15) != 0;
}

static enum lderr one(struct store *st, struct stmt *s, struct arena *a, struct user *out)
{
	enum lderr found = store_step_one(st, s);
	if (found)
		return found;
	struct user u;
	from_row(s, &u);
	*out = u;
	out->username = arena_strdup(a, u.username);
	out->display_name = arena_strdup(a, u.display_name);
	out->unit_name = u.unit_name ? arena_strdup(a, u.unit_name) : NULL;
	out->password_hash = arena_strdup(a, u.password_hash);
	out->unit_path = u.unit_path ? arena_strdup(a, u.unit_path) : NULL;
	out->totp_secret = u.totp_secret ? arena_strdup(a, u.totp_secret) : NULL;
	out->totp_pending = u.totp_pending ? arena_strdup(a, u.totp_pending) : NULL;
	stmt_reset(s);
	return out->username && out->display_name && out->password_hash ? LD_OK : LD_NOMEM;
}

enum lderr store_user_get(struct store *st, struct arena *a, long long id, struct user *out)
{
	struct stmt *s = store_stmt(st, "SELECT " USER_COLS USER_FROM " WHERE u.id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return one(st, s, a, out);
}

enum lderr store_user_by_name(struct store *st, struct arena *a, const char *username, struct user *out)
{
	struct stmt *s = store_stmt(st, "SELECT " USER_COLS USER_FROM " WHERE u.username = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, username);
	return one(st, s, a, out);
}

enum lderr store_user_list(struct store *st, const char *q, user_fn fn, void *ctx)
{
#define USER_SEARCH(HAS) "SELECT " USER_COLS USER_FROM " WHERE ?1 IS NULL OR " HAS("u.username", "?1") \
	" OR " HAS("u.display_name", "?1") " ORDER BY u.id"
	struct stmt *s = store_stmt(st, STORE_SQL(st, USER_SEARCH(LITE_HAS), USER_SEARCH(PG_HAS)));
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, q && *q ? q : NULL);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct user u;
		from_row(s, &u);
		if (fn(ctx, &u))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_user_unit_path(struct store *st, struct arena *a, long long user_id, const char **path)
{
	*path = NULL;
	struct stmt *s = store_stmt(st, "SELECT n.path FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	int rc = stmt_step(s);
	if (rc == STMT_ROW)
		*path = arena_strdup(a, stmt_text(s, 0));
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_user_insert(struct store *st, const char *username, const char *display_name,
                             long long unit_id, const char *password_hash, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO users (username, display_name, unit_id, password_hash,"
	                                 " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, username);
	stmt_bind_text(s, 2, display_name);
	if (unit_id)
		stmt_bind_int(s, 3, unit_id);
	stmt_bind_text(s, 4, password_hash);
	stmt_bind_int(s, 5, store_now(st));
	stmt_bind_text(s, 6, now);
	stmt_bind_text(s, 7, now);
	return store_insert(st, s, id);
}

enum lderr store_user_update(struct store *st, long long id, const char *display_name, int disabled)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE users SET display_name = coalesce(?1, display_name),"
	                                 " disabled = CASE WHEN ?2 < 0 THEN disabled ELSE ?2 END, updated_at = ?3"
	                                 " WHERE id = ?4");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, display_name);
	stmt_bind_int(s, 2, disabled);
	stmt_bind_text(s, 3, now);
	stmt_bind_int(s, 4, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_user_set_password(struct store *st, long long id, const char *password_hash)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE users SET password_hash = ?, password_changed_at = ?,"
	                                 " failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, password_hash);
	stmt_bind_int(s, 2, store_now(st));
	stmt_bind_text(s, 3, now);
	stmt_bind_int(s, 4, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_user_login_failed(struct store *st, long long id, int limit, long long lock_until)
{
	struct stmt *s = store_stmt(st, "UPDATE users SET failed_logins = failed_logins + 1,"
	                                 " locked_until = CASE WHEN failed_logins + 1 >= ?1 THEN ?2 ELSE locked_until END"
	                                 " WHERE id = ?3");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, limit);
	stmt_bind_int(s, 2, lock_until);
	stmt_bind_int(s, 3, id);
	return store_exec_stmt(st, s);
}

enum lderr store_user_login_ok(struct store *st, long long id)
{
	struct stmt *s = store_stmt(st, "UPDATE users SET failed_logins = 0, locked_until = 0"
	                                 " WHERE id = ? AND (failed_logins <> 0 OR locked_until <> 0)");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return store_exec_stmt(st, s);
}

enum lderr store_grants_of(struct store *st, struct arena *a, long long user_id, struct grant **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct stmt *s = store_stmt(st, "SELECT g.id, g.role, g.unit_id, n.path, g.sector, n.name, n.code"
	                                 " FROM grants g JOIN units n ON n.id = g.unit_id WHERE g.user_id = ? ORDER BY g.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	int cap = 0, rc;
	struct grant *list = NULL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		int role = role_from_code(stmt_text(s, 1));
		if (role < 0)
			continue; /* a role this binary does not know grants nothing */
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 8;
			struct grant *bigger = arena_alloc(a, sizeof(*bigger) * (size_t)ncap);
			if (!bigger) {
				stmt_reset(s);
				return LD_NOMEM;
			}
			if (list)
				memcpy(bigger, list, sizeof(*list) * (size_t)*n);
			list = bigger;
			cap = ncap;
		}
		struct grant *g = &list[(*n)++];
		const char *code = stmt_text(s, 6);
		g->g.id = stmt_int64(s, 0);
		g->g.role = (enum role)role;
		g->g.unit_id = stmt_int64(s, 2);
		g->g.path = arena_strdup(a, stmt_text(s, 3));
		g->g.sector = arena_strdup(a, stmt_text(s, 4));
		g->unit_name = arena_strdup(a, stmt_text(s, 5));
		g->unit_code = code ? arena_strdup(a, code) : NULL;
		if (!g->g.path || !g->g.sector || !g->unit_name) {
			stmt_reset(s);
			return LD_NOMEM;
		}
	}
	enum lderr e = rc == STMT_DONE ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	*out = list;
	return e;
}

enum lderr store_grant_insert(struct store *st, long long user_id, const char *role, long long unit_id,
                              const char *sector, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO grants (user_id, role, unit_id, sector, created_at)"
	                                 " VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_text(s, 2, role);
	stmt_bind_int(s, 3, unit_id);
	stmt_bind_text(s, 4, sector ? sector : "");
	stmt_bind_text(s, 5, now);
	return store_insert(st, s, id);
}

enum lderr store_grant_delete(struct store *st, long long user_id, long long grant_id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM grants WHERE id = ? AND user_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, grant_id);
	stmt_bind_int(s, 2, user_id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_session_create(struct store *st, const char *token_hash, long long user_id, const char *csrf,
                                const char *client, bool must_change, bool needs_totp)
{
	struct stmt *s = store_stmt(st, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen,"
	                                 " client, must_change, needs_totp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return LD_DB;
	long long now = store_now(st);
	stmt_bind_text(s, 1, token_hash);
	stmt_bind_int(s, 2, user_id);
	stmt_bind_text(s, 3, csrf);
	stmt_bind_int(s, 4, now);
	stmt_bind_int(s, 5, now);
	stmt_bind_text(s, 6, client);
	stmt_bind_int(s, 7, must_change);
	stmt_bind_int(s, 8, needs_totp);
	return store_exec_stmt(st, s);
}

enum lderr store_session_get(struct store *st, struct arena *a, const char *token_hash, struct session_row *out)
{
	struct stmt *s = store_stmt(st, "SELECT user_id, csrf_token, created_at, last_seen, must_change, needs_totp"
	                                 " FROM sessions WHERE token_hash = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, token_hash);
	int rc = stmt_step(s);
	enum lderr e = LD_OK;
	if (rc == STMT_ROW) {
		out->user_id = stmt_int64(s, 0);
		out->csrf = arena_strdup(a, stmt_text(s, 1));
		out->created_at = stmt_int64(s, 2);
		out->last_seen = stmt_int64(s, 3);
		out->must_change = stmt_int(s, 4) != 0;
		out->needs_totp = stmt_int(s, 5) != 0;
		if (!out->csrf)
			e = LD_NOMEM;
	} else {
		e = rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
	}
	stmt_reset(s);
	return e;
}

enum lderr store_session_touch(struct store *st, const char *token_hash)
{
	struct stmt *s = store_stmt(st, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, store_now(st));
	stmt_bind_text(s, 2, token_hash);
	return store_exec_stmt(st, s);
}

enum lderr store_session_delete(struct store *st, const char *token_hash)
{
	struct stmt *s = store_stmt(st, "DELETE FROM sessions WHERE token_hash = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, token_hash);
	return store_exec_stmt(st, s);
}

enum lderr store_session_delete_user(struct store *st, long long user_id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM sessions WHERE user_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	return store_exec_stmt(st, s);
}

enum lderr store_session_delete_others(struct store *st, long long user_id, const char *keep_hash)
{
	struct stmt *s = store_stmt(st, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_text(s, 2, keep_hash);
	return store_exec_stmt(st, s);
}

enum lderr store_session_clear_must_change(struct store *st, const char *token_hash)
{
	struct stmt *s = store_stmt(st, "UPDATE sessions SET must_change = 0 WHERE token_hash = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, token_hash);
	return store_exec_stmt(st, s);
}

enum lderr store_user_set_must_change(struct store *st, long long id, bool must)
{
	struct stmt *s = store_stmt(st, "UPDATE users SET must_change = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, must);
	stmt_bind_int(s, 2, id);
	return store_exec_stmt(st, s);
}

enum lderr store_password_history_add(struct store *st, long long user_id, const char *hash)
{
	struct stmt *s = store_stmt(st, "INSERT INTO password_history (user_id, hash, changed_at) VALUES (?, ?, ?)");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_text(s, 2, hash);
	stmt_bind_int(s, 3, store_now(st));
	return store_exec_stmt(st, s);
}

enum lderr store_password_history(struct store *st, long long user_id, int n,
                                  int (*fn)(void *ctx, const char *hash), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_int(s, 2, n);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_text(s, 0)))
			break;
	enum lderr e = rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_failed_logins_from(struct store *st, const char *client, const char *since, long long *n)
{
	struct stmt *s = store_stmt(st, "SELECT count(*) FROM audit WHERE action = 'session.login' AND client = ?"
	                                 " AND at >= ? AND outcome = 'failed'");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, client);
	stmt_bind_text(s, 2, since);
	int rc = stmt_step(s);
	*n = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : store_map(st, rc);
}

static enum lderr user_exec(struct store *st, const char *sql, long long id, const char *text, long long n)
{
	struct stmt *s = store_stmt(st, sql);
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	stmt_bind_text(s, 2, text);
	stmt_bind_int(s, 3, n);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_session_clear_needs_totp(struct store *st, long long user_id)
{
	struct stmt *s = store_stmt(st, "UPDATE sessions SET needs_totp = 0 WHERE user_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	return store_exec_stmt(st, s);
}

enum lderr store_user_totp_pending(struct store *st, long long id, const char *secret_hex)
{
	return user_exec(st, "UPDATE users SET totp_pending = ?2 WHERE id = ?1 AND ?3 = 0", id, secret_hex, 0);
}

enum lderr store_user_totp_confirm(struct store *st, long long id, long long step)
{
	return user_exec(st, "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?3"
	                     " WHERE id = ?1 AND totp_pending IS NOT NULL AND CAST(?2 AS TEXT) IS NULL", id, NULL, step);
}

enum lderr store_user_totp_step(struct store *st, long long id, long long step)
{
	return user_exec(st, "UPDATE users SET totp_last_step = ?3 WHERE id = ?1 AND CAST(?2 AS TEXT) IS NULL", id, NULL, step);
}

enum lderr store_user_totp_clear(struct store *st, long long id)
{
	return user_exec(st, "UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = ?1 AND CAST(?2 AS TEXT) IS NULL AND ?3 = 0",
	                 id, NULL, 0);
}

enum lderr store_user_mark_demo(struct store *st, long long id)
{
	return user_exec(st, "UPDATE users SET demo_account = 1 WHERE id = ?1 AND CAST(?2 AS TEXT) IS NULL AND ?3 = 0", id, NULL, 0);
}
