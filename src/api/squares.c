/* Squares (联建方阵): cross-level groups of units of one function, with a lead unit.
 * Anyone with a business role sees the squares whose lead or any member is in their scope;
 * the office manages them within its scope. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "store/squares.h"
#include "store/store.h"

#define ROLES_SQUARE_WRITE ROLE_BIT(ROLE_OFFICE)

/* Whether any of the square's units (lead or members) is visible with roles. */
static bool square_visible(const struct req *r, unsigned roles, const struct square *q)
{
	struct scope_target t = {.path = q->lead_path};
	if (scope_allows(&r->sess->scope, roles, &t))
		return true;
	char path[256];
	for (const char *p = q->member_paths; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n < sizeof(path)) {
			memcpy(path, p, n);
			path[n] = '\0';
			t.path = path;
			if (scope_allows(&r->sess->scope, roles, &t))
				return true;
		}
		p += n + (end ? 1 : 0);
	}
	return false;
}

static void square_json(struct jw *w, const struct square *q)
{
	jw_kint(w, "id", q->id);
	jw_kstr(w, "name", q->name);
	jw_kstr(w, "description", q->description);
	jw_kint(w, "lead_unit_id", q->lead_unit_id);
	jw_kstr(w, "lead_unit_name", q->lead_unit_name);
	jw_kint(w, "member_count", q->member_count);
}

static const char *square_snapshot(struct req *r, const struct square *q)
{
	struct buf b;
	buf_init(&b, 8192);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	square_json(&w, q);
	jw_obj_end(&w);
	const char *s = arena_strdup(r->arena, buf_str(&b));
	buf_fini(&b);
	return s;
}

struct list_ctx {
	struct req *r;
	struct jw *w;
	struct page *page;
};

static int list_fn(void *ctx, const struct square *q)
{
	struct list_ctx *c = ctx;
	if (!square_visible(c->r, ROLES_BUSINESS, q))
		return 0;
	long long at = c->page->total++;
	if (at >= c->page->skip && at < c->page->skip + c->page->size) {
		jw_obj(c->w);
		square_json(c->w, q);
		jw_obj_end(c->w);
	}
	return 0;
}

/* GET /api/v1/squares[?q=&page=&size=] — squares with a lead or member in scope, by name. */
enum lderr squares_list(struct req *r)
{
	struct page page;
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct list_ctx c = {r, &w, &page};
	enum lderr e = store_square_list(r->st, query_get(&r->query, "q"), list_fn, &c);
	if (e)
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}

static int member_fn(void *ctx, const struct unit *u)
{
	struct jw *w = ctx;
	jw_obj(w);
	api_unit_json(w, u);
	jw_obj_end(w);
	return 0;
}

static enum lderr write_detail(struct req *r, long long id, int status)
{
	struct square q;
	enum lderr e = store_square_get(r->st, r->arena, id, &q);
	if (e)
		return e;
	struct jw w;
	api_json(r, status, &w);
	jw_obj(&w);
	square_json(&w, &q);
	jw_key(&w, "members");
	jw_arr(&w);
	if ((e = store_square_members(r->st, id, member_fn, &w)))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* Loads square id if the caller may see it with roles; LD_NOT_FOUND otherwise. */
static enum lderr load(struct req *r, unsigned roles, long long id, struct square *q)
{
	enum lderr e = store_square_get(r->st, r->arena, id, q);
	if (e)
		return e;
	return square_visible(r, roles, q) ? LD_OK : LD_NOT_FOUND;
}

/* GET /api/v1/squares/ID — the square with its members. 404 when unknown or out of scope. */
enum lderr squares_get(struct req *r)
{
	struct square q;
	enum lderr e = load(r, ROLES_BUSINESS, r->param[0], &q);
	return e ? e : write_detail(r, q.id, 200);
}

/* Checks that lead names a unit the caller may manage; records a field error if not. */
static bool lead_ok(struct req *r, long long lead)
{
	struct unit u;
	if (api_unit_load(r, ROLES_SQUARE_WRITE, lead, &u) == LD_OK)
		return true;
	req_field(r, "lead_unit_id", "牵头单位不存在或不在您的权限范围内");
	return false;
}

static const char *const square_fields[] = {"name", "description", "lead_unit_id", NULL};

/* POST /api/v1/squares {"name","description"?,"lead_unit_id"} — office. 201 the square.
 * 422 naming bad fields; 409 (field name) when the name is taken. */
enum lderr squares_create(struct req *r)
{
	const char *name = NULL, *description = NULL;
	long long lead = 0;
	api_only(r, square_fields);
	api_str(r, "name", true, 100, &name);
	api_str(r, "description", false, 1000, &description);
	if (api_int(r, "lead_unit_id", true, &lead) && lead)
		lead_ok(r, lead);
	if (r->nferr)
		return LD_VALIDATION;
	long long id;
	struct square q;
	enum lderr e = store_begin(r->st);
	if (e)
		return e;
	e = store_square_insert(r->st, name, description, lead, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "square.create", "square", 0, "duplicate name");
		return req_field(r, "name", "已有同名方阵"), LD_CONFLICT;
	}
	if (e || (e = store_square_get(r->st, r->arena, id, &q)) ||
	    (e = api_audit(r, "square.create", "square", id, NULL, square_snapshot(r, &q))) || (e = store_commit(r->st)))
		return e;
	return write_detail(r, id, 201);
}

/* PATCH /api/v1/squares/ID {"name"?,"description"?,"lead_unit_id"?} — office, square in
 * scope. 200 the square. */
enum lderr squares_update(struct req *r)
{
	const char *name = NULL, *description = NULL;
	long long lead = 0;
	api_only(r, square_fields);
	api_str(r, "name", false, 100, &name);
	api_str(r, "description", false, 1000, &description);
	if (name && !*name)
		req_field(r, "name", "不能为空");
	struct square before, after;
	enum lderr e = load(r, ROLES_SQUARE_WRITE, r->param[0], &before);
	if (e)
		return e;
	if (api_int(r, "lead_unit_id", false, &lead) && lead)
		lead_ok(r, lead);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	e = store_square_update(r->st, before.id, name, description, lead);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "square.update", "square", before.id, "duplicate name");
		return req_field(r, "name", "已有同名方阵"), LD_CONFLICT;
	}
	if (e || (e = store_square_get(r->st, r->arena, before.id, &after)) ||
	    (e = api_audit(r, "square.update", "square", before.id, square_snapshot(r, &before),
	                   square_snapshot(r, &after))) ||
	    (e = store_commit(r->st)))
		return e;
	return write_detail(r, before.id, 200);
}

/* DELETE /api/v1/squares/ID — office, square in scope. 204. */
enum lderr squares_delete(struct req *r)
{
	struct square q;
	enum lderr e = load(r, ROLES_SQUARE_WRITE, r->param[0], &q);
	if (e || (e = store_begin(r->st)) || (e = store_square_delete(r->st, q.id)) ||
	    (e = api_audit(r, "square.delete", "square", q.id, square_snapshot(r, &q), NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

static const char *const member_fields[] = {"unit_id", NULL};

/* POST /api/v1/squares/ID/members {"unit_id"} — office; the square and the unit in scope.
 * 201 the square. 409 when the unit is already a member. */
enum lderr squares_member_add(struct req *r)
{
	long long unit_id = 0;
	api_only(r, member_fields);
	api_int(r, "unit_id", true, &unit_id);
	struct square q;
	struct unit u;
	enum lderr e = load(r, ROLES_SQUARE_WRITE, r->param[0], &q);
	if (e)
		return e;
	if (!r->nferr && api_unit_load(r, ROLES_SQUARE_WRITE, unit_id, &u) != LD_OK)
		req_field(r, "unit_id", "单位不存在或不在您的权限范围内");
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	e = store_square_member_add(r->st, q.id, unit_id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "square.member_add", "square", q.id, "already a member");
		return req_field(r, "unit_id", "该单位已在方阵中"), LD_CONFLICT;
	}
	if (e || (e = api_audit(r, "square.member_add", "square", q.id, NULL,
	                        arena_printf(r->arena, "{\"unit_id\":%lld}", unit_id))) ||
	    (e = store_commit(r->st)))
		return e;
	return write_detail(r, q.id, 201);
}

/* DELETE /api/v1/squares/ID/members/UNIT_ID — office, square in scope. 204; 404 when the
 * unit is not a member. */
enum lderr squares_member_remove(struct req *r)
{
	struct square q;
	long long unit_id = r->param[1];
	enum lderr e = load(r, ROLES_SQUARE_WRITE, r->param[0], &q);
	if (e || (e = store_begin(r->st)) || (e = store_square_member_remove(r->st, q.id, unit_id)) ||
	    (e = api_audit(r, "square.member_remove", "square", q.id,
	                   arena_printf(r->arena, "{\"unit_id\":%lld}", unit_id), NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}
