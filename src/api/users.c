/* Users and their role grants, for the administrators.
 *
 * The three administrators are separated (三员分立): the system administrator manages
 * accounts (create, rename, disable, reset password), the security administrator grants and
 * revokes roles, and nobody holds two of sysadmin, secadmin and auditor. Each administrator
 * sees the users whose unit lies in their scope. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/password.h"
#include "store/store.h"
#include "util/secret.h"

#define ROLES_USER_ADMIN (ROLE_BIT(ROLE_SYSADMIN) | ROLE_BIT(ROLE_SECADMIN))

void api_grant_json(struct jw *w, const struct grant *g)
{
	jw_obj(w);
	jw_kint(w, "id", g->g.id);
	jw_kstr(w, "role", role_code(g->g.role));
	jw_kint(w, "unit_id", g->g.unit_id);
	jw_kstr(w, "unit_name", g->unit_name);
	jw_kstr(w, "unit_code", g->unit_code);
	jw_kstr(w, "sector", g->g.sector && *g->g.sector ? g->g.sector : NULL);
	jw_obj_end(w);
}

void api_user_json(struct jw *w, const struct user *u, const struct grant *g, int n)
{
	jw_obj(w);
	jw_kint(w, "id", u->id);
	jw_kstr(w, "username", u->username);
	jw_kstr(w, "display_name", u->display_name);
	jw_key(w, "unit_id");
	if (u->unit_id)
		jw_int(w, u->unit_id);
	else
		jw_null(w);
	jw_kstr(w, "unit_name", u->unit_name);
	jw_kbool(w, "disabled", u->disabled);
	jw_key(w, "roles");
	jw_arr(w);
	for (int i = 0; i < n; i++)
		api_grant_json(w, &g[i]);
	jw_arr_end(w);
	jw_obj_end(w);
}

/* The user as JSON text for audit records (never the password hash). */
static const char *user_snapshot(struct req *r, const struct user *u)
{
	struct buf b;
	buf_init(&b, 8192);
	struct jw w;
	jw_init(&w, &b);
	api_user_json(&w, u, NULL, 0);
	const char *s = arena_strdup(r->arena, buf_str(&b));
	buf_fini(&b);
	return s;
}

/* Whether the caller administers u: u's unit lies in one of the caller's admin grants.
 * A user with no unit is visible to administrators of a root unit only. */
static bool user_visible(const struct req *r, unsigned roles, const struct user *u)
{
	struct scope_target t = {.path = u->unit_path ? u->unit_path : "/"};
	if (!u->unit_path) {
		for (int i = 0; i < r->sess->ngrants; i++) {
			const struct scope_grant *g = &r->sess->grants[i].g;
			if ((ROLE_BIT(g->role) & roles) && strchr(g->path + 1, '/') == g->path + strlen(g->path) - 1)
				return true;
		}
		return false;
	}
	return scope_allows(&r->sess->scope, roles, &t);
}

static enum lderr load_user(struct req *r, unsigned roles, long long id, struct user *u)
{
	enum lderr e = store_user_get(r->st, r->arena, id, u);
	if (e)
		return e;
	return user_visible(r, roles, u) ? LD_OK : LD_NOT_FOUND;
}

/* GET /api/v1/roles — the roles a grant can give, with their names. */
enum lderr roles_list(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (int i = 0; i < ROLE_COUNT; i++) {
		jw_obj(&w);
		jw_kstr(&w, "code", role_code((enum role)i));
		jw_kstr(&w, "name_zh", role_name_zh((enum role)i));
		jw_kstr(&w, "name_en", role_name_en((enum role)i));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

struct list_ctx {
	struct req *r;
	struct page *page;
	long long *ids;
	int n;
};

static int list_fn(void *ctx, const struct user *u)
{
	struct list_ctx *c = ctx;
	if (!user_visible(c->r, ROLES_USER_ADMIN, u))
		return 0;
	long long at = c->page->total++;
	if (at >= c->page->skip && at < c->page->skip + c->page->size)
		c->ids[c->n++] = u->id;
	return 0;
}

/* Writes one user with its grants. */
static enum lderr write_user(struct req *r, struct jw *w, long long id)
{
	struct user u;
	struct grant *g;
	int n;
	enum lderr e = store_user_get(r->st, r->arena, id, &u);
	if (!e)
		e = store_grants_of(r->st, r->arena, id, &g, &n);
	if (!e)
		api_user_json(w, &u, g, n);
	return e;
}

/* GET /api/v1/users[?q=&page=&size=] — users in the administrator's scope whose username or
 * display name contains q. */
enum lderr users_list(struct req *r)
{
	struct page page;
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	struct list_ctx c = {r, &page, arena_alloc(r->arena, sizeof(long long) * (size_t)page.size), 0};
	if (!c.ids)
		return LD_NOMEM;
	enum lderr e = store_user_list(r->st, query_get(&r->query, "q"), list_fn, &c);
	if (e)
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (int i = 0; i < c.n; i++)
		if ((e = write_user(r, &w, c.ids[i])))
			return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}

static enum lderr answer_user(struct req *r, int status, long long id)
{
	struct jw w;
	api_json(r, status, &w);
	return write_user(r, &w, id);
}

/* GET /api/v1/users/ID — the user with their grants. 404 when unknown or out of scope. */
enum lderr users_get(struct req *r)
{
	struct user u;
	enum lderr e = load_user(r, ROLES_USER_ADMIN, r->param[0], &u);
	return e ? e : answer_user(r, 200, u.id);
}

static bool username_ok(const char *s)
{
	if (strlen(s) < 2)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '.' || *s == '-'))
			return false;
	return true;
}

static const char *const create_fields[] = {"username", "display_name", "unit_id", "password", NULL};

/* POST /api/v1/users {"username","display_name","unit_id","password"} — sysadmin, unit in
 * scope. 201 the user. 422 naming each bad field (username: 2–64 of letters, digits, _ . -;
 * password: the policy of core/password.h); 409 (field username) when taken. */
enum lderr users_create(struct req *r)
{
	const char *username = NULL, *display_name = NULL, *password = NULL;
	long long unit_id = 0;
	struct unit unit;
	api_only(r, create_fields);
	if (api_str(r, "username", true, 64, &username) && !username_ok(username))
		req_field(r, "username", "用户名须为 2 到 64 个字母、数字或 _ . -");
	api_str(r, "display_name", true, 50, &display_name);
	if (api_int(r, "unit_id", true, &unit_id) && api_unit_load(r, ROLE_BIT(ROLE_SYSADMIN), unit_id, &unit) != LD_OK)
		req_field(r, "unit_id", "单位不存在或不在您的权限范围内");
	if (api_str(r, "password", true, 256, &password) && password) {
		const char *why = password_check(password, username);
		if (why)
			req_field(r, "password", why);
	}
	if (r->nferr)
		return LD_VALIDATION;
	char hash[SECRET_HASH_MAX];
	if (!secret_hash_password(password, hash))
		return LD_NOMEM;
	long long id;
	struct user u;
	enum lderr e = store_begin(r->st);
	if (e)
		return e;
	e = store_user_insert(r->st, username, display_name, unit_id, hash, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "user.create", "user", 0, "username taken");
		return req_field(r, "username", "用户名已被使用"), LD_CONFLICT;
	}
	/* a password an administrator issues is changed at the first login */
	if (e || (e = store_user_set_must_change(r->st, id, true)) || (e = store_user_get(r->st, r->arena, id, &u)) ||
	    (e = api_audit(r, "user.create", "user", id, NULL, user_snapshot(r, &u))) || (e = store_commit(r->st)))
		return e;
	return answer_user(r, 201, id);
}

static const char *const update_fields[] = {"display_name", "disabled", "password", NULL};

/* PATCH /api/v1/users/ID {"display_name"?,"disabled"?,"password"?} — sysadmin, user in scope.
 * Disabling a user or setting a password ends the user's sessions. 200 the user. */
enum lderr users_update(struct req *r)
{
	const char *display_name = NULL, *password = NULL;
	int disabled = -1;
	struct user before, after;
	enum lderr e = load_user(r, ROLE_BIT(ROLE_SYSADMIN), r->param[0], &before);
	if (e)
		return e;
	api_only(r, update_fields);
	api_str(r, "display_name", false, 50, &display_name);
	if (display_name && !*display_name)
		req_field(r, "display_name", "不能为空");
	api_bool(r, "disabled", false, &disabled);
	if (api_str(r, "password", false, 256, &password) && password) {
		const char *why = password_check(password, before.username);
		if (why)
			req_field(r, "password", why);
	}
	if (disabled == 1 && before.id == r->sess->user_id)
		req_field(r, "disabled", "不能停用自己的账号");
	if (r->nferr)
		return LD_VALIDATION;
	char hash[SECRET_HASH_MAX];
	if (password && !secret_hash_password(password, hash))
		return LD_NOMEM;
	if ((e = store_begin(r->st)) || (e = store_user_update(r->st, before.id, display_name, disabled)))
		return e;
	if (password && ((e = store_user_set_password(r->st, before.id, hash)) ||
	                 (e = store_user_set_must_change(r->st, before.id, true)) ||
	                 (e = api_audit(r, "user.password", "user", before.id, NULL, NULL))))
		return e;
	if ((disabled == 1 || password) && (e = store_session_delete_user(r->st, before.id)))
		return e;
	if ((e = store_user_get(r->st, r->arena, before.id, &after)) ||
	    (e = api_audit(r, "user.update", "user", before.id, user_snapshot(r, &before), user_snapshot(r, &after))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer_user(r, 200, before.id);
}

static const char *const grant_fields[] = {"role", "unit_id", "sector", NULL};

/* POST /api/v1/users/ID/grants {"role","unit_id","sector"?} — secadmin; the user and the
 * unit in scope. 201 the grant. 422 naming bad fields; 409 (field role) when the grant exists
 * or would give the user two of the three administrators; 403 for a grant to oneself. */
enum lderr grants_create(struct req *r)
{
	const char *role = NULL, *sector = NULL;
	long long unit_id = 0;
	struct user u;
	struct unit unit;
	unsigned secadmin = ROLE_BIT(ROLE_SECADMIN);
	enum lderr e = load_user(r, secadmin, r->param[0], &u);
	if (e)
		return e;
	if (u.id == r->sess->user_id)
		return req_fail(r, LD_FORBIDDEN, "不能给自己授权");
	api_only(r, grant_fields);
	int rc = -1;
	if (api_str(r, "role", true, 20, &role) && role && (rc = role_from_code(role)) < 0)
		req_field(r, "role", "未知角色");
	if (api_int(r, "unit_id", true, &unit_id) && api_unit_load(r, secadmin, unit_id, &unit) != LD_OK)
		req_field(r, "unit_id", "单位不存在或不在您的权限范围内");
	api_str(r, "sector", false, 20, &sector);
	if (r->nferr)
		return LD_VALIDATION;
	struct grant *have;
	int n;
	if ((e = store_grants_of(r->st, r->arena, u.id, &have, &n)))
		return e;
	unsigned held = 0;
	for (int i = 0; i < n; i++)
		held |= ROLE_BIT(have[i].g.role);
	if (!role_compatible(held, (enum role)rc))
		return req_field(r, "role", "系统管理员、安全管理员、审计管理员不能由同一人兼任，也不能兼任业务角色"), LD_CONFLICT;
	long long id;
	if ((e = store_begin(r->st)))
		return e;
	e = store_grant_insert(r->st, u.id, role, unit_id, sector, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "grant.create", "user", u.id, "grant exists");
		return req_field(r, "role", "该用户已有此授权"), LD_CONFLICT;
	}
	const char *after = api_kv(r, "grant_id", arena_printf(r->arena, "%lld", id), "role", role_code((enum role)rc),
	                           "unit_id", arena_printf(r->arena, "%lld", unit_id), "sector", sector, NULL);
	if (e || (e = api_audit(r, "grant.create", "user", u.id, NULL, after)) || (e = store_commit(r->st)))
		return e;
	if ((e = store_grants_of(r->st, r->arena, u.id, &have, &n)))
		return e;
	for (int i = 0; i < n; i++) {
		if (have[i].g.id == id) {
			struct jw w;
			api_json(r, 201, &w);
			api_grant_json(&w, &have[i]);
			return LD_OK;
		}
	}
	return LD_INTERNAL;
}

/* DELETE /api/v1/users/ID/grants/GRANT_ID — secadmin, user in scope. 204; 404 when the grant
 * is not the user's. */
enum lderr grants_delete(struct req *r)
{
	struct user u;
	long long gid = r->param[1];
	enum lderr e = load_user(r, ROLE_BIT(ROLE_SECADMIN), r->param[0], &u);
	if (e)
		return e;
	if (u.id == r->sess->user_id)
		return req_fail(r, LD_FORBIDDEN, "不能撤销自己的授权");
	if ((e = store_begin(r->st)) || (e = store_grant_delete(r->st, u.id, gid)) ||
	    (e = api_audit(r, "grant.delete", "user", u.id, arena_printf(r->arena, "{\"grant_id\":%lld}", gid), NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}
