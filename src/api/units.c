/* Units: the organisation tree (regions, organs, divisions) as the caller's scope shows it. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/region.h"
#include "store/squares.h"
#include "store/store.h"

#define ROLES_UNIT_WRITE (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_SYSADMIN))

/* A unit copied out of a row into the arena. */
static struct unit *unit_copy(struct arena *a, const struct unit *u)
{
	struct unit *c = arena_alloc(a, sizeof(*c));
	if (!c)
		return NULL;
	*c = *u;
	c->code = u->code ? arena_strdup(a, u->code) : NULL;
	c->name = arena_strdup(a, u->name);
	c->short_name = u->short_name ? arena_strdup(a, u->short_name) : NULL;
	c->kind = arena_strdup(a, u->kind);
	c->level = arena_strdup(a, u->level);
	c->sector = u->sector ? arena_strdup(a, u->sector) : NULL;
	c->path = arena_strdup(a, u->path);
	return c->name && c->path && c->kind && c->level ? c : NULL;
}

/* The unit as JSON text in the arena, for audit records. */
static const char *unit_snapshot(struct req *r, const struct unit *u)
{
	struct buf b;
	buf_init(&b, 8192);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	api_unit_json(&w, u);
	jw_obj_end(&w);
	const char *s = arena_strdup(r->arena, buf_str(&b));
	buf_fini(&b);
	return s;
}

/* Collects the visible units of a listing: all counted, those on the page kept. */
struct collect {
	struct req *r;
	struct page *page;
	struct unit **kept;
	int nkept;
	bool oom;
};

static int collect_fn(void *ctx, const struct unit *u)
{
	struct collect *c = ctx;
	if (!api_unit_allowed(c->r, ROLES_ORG_READ, u))
		return 0;
	long long at = c->page->total++;
	if (at >= c->page->skip && at < c->page->skip + c->page->size) {
		struct unit *copy = unit_copy(c->r->arena, u);
		if (!copy) {
			c->oom = true;
			return 1;
		}
		c->kept[c->nkept++] = copy;
	}
	return 0;
}

/* "山东省 / 济南市 / 历下区" for a unit's path. */
struct names {
	struct buf *b;
};

static int name_fn(void *ctx, const struct unit *u)
{
	struct names *n = ctx;
	if (n->b->len)
		buf_puts(n->b, " / ");
	buf_puts(n->b, u->name);
	return 0;
}

static void write_list(struct req *r, struct collect *c, bool with_path)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct buf names;
	buf_init(&names, 4096);
	for (int i = 0; i < c->nkept; i++) {
		jw_obj(&w);
		api_unit_json(&w, c->kept[i]);
		if (with_path) {
			buf_reset(&names);
			store_unit_chain(r->st, c->kept[i]->path, name_fn, &(struct names){&names});
			jw_kstr(&w, "path_names", buf_str(&names));
		}
		jw_obj_end(&w);
	}
	buf_fini(&names);
	jw_arr_end(&w);
	api_page_end(&w, c->page);
	jw_obj_end(&w);
}

/* The roots of the caller's scope: each granted unit not inside another granted one. */
static enum lderr list_roots(struct req *r, struct collect *c)
{
	const struct session *s = r->sess;
	for (int i = 0; i < s->ngrants; i++) {
		const struct scope_grant *g = &s->grants[i].g;
		if (!(ROLE_BIT(g->role) & ROLES_ORG_READ))
			continue;
		bool covered = false;
		for (int j = 0; j < s->ngrants && !covered; j++) {
			const struct scope_grant *o = &s->grants[j].g;
			if (j == i || !(ROLE_BIT(o->role) & ROLES_ORG_READ) || !scope_path_within(g->path, o->path))
				continue;
			/* the same unit granted twice: keep the first */
			covered = strcmp(g->path, o->path) != 0 || j < i;
		}
		for (int k = 0; k < c->nkept && !covered; k++)
			covered = c->kept[k]->id == g->unit_id;
		if (covered)
			continue;
		struct unit u;
		enum lderr e = store_unit_get(r->st, r->arena, g->unit_id, &u);
		if (e)
			return e;
		collect_fn(c, &u);
	}
	return LD_OK;
}

/* GET /api/v1/units            the roots of the caller's scope
 * GET /api/v1/units?parent=ID  the children of ID (size up to 1000)
 * GET /api/v1/units?q=TEXT     units whose name or short name contains TEXT, with path_names
 * Paged with page and size; only units in the caller's scope are listed or counted.
 * 404 when the parent is unknown or out of scope; 422 naming parent, q, page or size. */
enum lderr units_list(struct req *r)
{
	struct page page;
	const char *q = query_get(&r->query, "q");
	const char *parent = query_get(&r->query, "parent");
	long long parent_id = 0;
	if (!api_page(r, 1000, &page))
		return LD_VALIDATION;
	if (parent && !parse_int(parent, 1, 1LL << 53, &parent_id))
		return req_field(r, "parent", "应为单位编号");
	if (q && (strlen(q) == 0 || strlen(q) > 150))
		return req_field(r, "q", "搜索词应为 1 到 50 个字");
	struct collect c = {.r = r, .page = &page};
	c.kept = arena_alloc(r->arena, sizeof(*c.kept) * (size_t)page.size);
	if (!c.kept)
		return LD_NOMEM;
	enum lderr e;
	if (q) {
		e = store_unit_search(r->st, q, collect_fn, &c);
	} else if (parent_id) {
		struct unit p;
		if ((e = api_unit_load(r, ROLES_ORG_READ, parent_id, &p)))
			return e;
		e = store_unit_children(r->st, parent_id, collect_fn, &c);
	} else {
		e = list_roots(r, &c);
	}
	if (e)
		return e;
	if (c.oom)
		return LD_NOMEM;
	write_list(r, &c, q != NULL);
	return LD_OK;
}

struct detail {
	struct jw *w;
};

static int ancestor_fn(void *ctx, const struct unit *u)
{
	struct jw *w = ((struct detail *)ctx)->w;
	jw_obj(w);
	jw_kint(w, "id", u->id);
	jw_kstr(w, "name", u->name);
	jw_obj_end(w);
	return 0;
}

static int unit_square_fn(void *ctx, long long id, const char *name, bool is_lead)
{
	struct jw *w = ((struct detail *)ctx)->w;
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", name);
	jw_kbool(w, "is_lead", is_lead);
	jw_obj_end(w);
	return 0;
}

static enum lderr write_detail(struct req *r, const struct unit *u, int status)
{
	struct jw w;
	struct detail d = {&w};
	api_json(r, status, &w);
	jw_obj(&w);
	api_unit_json(&w, u);
	jw_key(&w, "ancestors");
	jw_arr(&w);
	/* the chain ends with the unit itself: cut it off by walking the parent's path */
	size_t n = strlen(u->path);
	if (u->parent_id && n >= 2) {
		char *parent_path = arena_strdup(r->arena, u->path);
		if (!parent_path)
			return LD_NOMEM;
		parent_path[n - 1] = '\0';
		*(strrchr(parent_path, '/') + 1) = '\0';
		enum lderr e = store_unit_chain(r->st, parent_path, ancestor_fn, &d);
		if (e)
			return e;
	}
	jw_arr_end(&w);
	jw_key(&w, "squares");
	jw_arr(&w);
	enum lderr e = store_unit_squares(r->st, u->id, unit_square_fn, &d);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/units/ID — the unit with its ancestors (root first) and squares. 404 when
 * unknown or out of scope. */
enum lderr units_get(struct req *r)
{
	struct unit u;
	enum lderr e = api_unit_load(r, ROLES_ORG_READ, r->param[0], &u);
	return e ? e : write_detail(r, &u, 200);
}

/* GET /api/v1/units/code/CODE — the same, found by its code (370102, or 2-/4-digit forms). */
enum lderr units_get_by_code(struct req *r)
{
	struct unit u;
	enum lderr e = store_unit_by_code(r->st, r->arena, r->param_str[0], &u);
	if (e == LD_NOT_FOUND && strlen(r->param_str[0]) < 6) {
		char six[7];
		if (region_normalise(r->param_str[0], six) != REGION_NONE)
			e = store_unit_by_code(r->st, r->arena, six, &u);
	}
	if (e)
		return e;
	if (!api_unit_allowed(r, ROLES_ORG_READ, &u))
		return LD_NOT_FOUND;
	return write_detail(r, &u, 200);
}

static const char *const create_fields[] = {"parent_id", "name", "short_name", "kind", "sector", "code", NULL};

/* POST /api/v1/units {"parent_id","name","short_name"?,"kind":"organ"|"division","sector"?,"code"?}
 * Office or sysadmin, with the parent in their scope. 201 the new unit (detail).
 * 404 (field parent_id) when the parent is unknown or out of scope; 422 naming each bad field
 * (an organ sits under a region or an organ, a division under an organ or a division);
 * 409 (field name) when the parent already has a unit of that name. */
enum lderr units_create(struct req *r)
{
	long long parent_id = 0;
	const char *name = NULL, *short_name = NULL, *kind = NULL, *sector = NULL, *code = NULL;
	api_only(r, create_fields);
	api_int(r, "parent_id", true, &parent_id);
	api_str(r, "name", true, 100, &name);
	api_str(r, "short_name", false, 50, &short_name);
	api_str(r, "kind", true, 20, &kind);
	api_str(r, "sector", false, 20, &sector);
	api_str(r, "code", false, 32, &code);
	if (kind && strcmp(kind, "organ") != 0 && strcmp(kind, "division") != 0)
		req_field(r, "kind", "应为 organ（机关）或 division（处室）");
	if (r->nferr)
		return LD_VALIDATION;

	struct unit parent;
	enum lderr e = api_unit_load(r, ROLES_UNIT_WRITE, parent_id, &parent);
	if (e == LD_NOT_FOUND) {
		req_field(r, "parent_id", "上级单位不存在或不在您的权限范围内");
		return req_fail(r, LD_NOT_FOUND, "上级单位不存在或不在您的权限范围内");
	}
	if (e)
		return e;
	bool is_division = strcmp(kind, "division") == 0;
	if (is_division && strcmp(parent.kind, "region") == 0)
		return req_field(r, "parent_id", "处室须设在机关之下");
	if (!is_division && strcmp(parent.kind, "division") == 0)
		return req_field(r, "parent_id", "机关不能设在处室之下");
	if (!sector && strcmp(parent.kind, "region") != 0)
		sector = parent.sector;

	struct unit_new n = {.parent_id = parent_id, .code = code, .name = name, .short_name = short_name,
	                     .kind = kind, .level = parent.level, .sector = sector};
	long long id;
	struct unit u;
	if ((e = store_begin(r->st)))
		return e;
	e = store_unit_insert(r->st, &n, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "unit.create", "unit", 0, "duplicate name or code");
		req_field(r, code ? "code" : "name", "同一上级下已有同名单位，或编码已被使用");
		return LD_CONFLICT;
	}
	if (e || (e = store_unit_get(r->st, r->arena, id, &u)) ||
	    (e = api_audit(r, "unit.create", "unit", id, NULL, unit_snapshot(r, &u))) || (e = store_commit(r->st)))
		return e;
	return write_detail(r, &u, 201);
}

static const char *const update_fields[] = {"name", "short_name", "sector", NULL};

/* PATCH /api/v1/units/ID {"name"?,"short_name"?,"sector"?} — office or sysadmin in scope.
 * "" clears short_name or sector. Regions keep their GB/T 2260 names (422). 200 the unit. */
enum lderr units_update(struct req *r)
{
	const char *name = NULL, *short_name = NULL, *sector = NULL;
	api_only(r, update_fields);
	api_str(r, "name", false, 100, &name);
	api_str(r, "short_name", false, 50, &short_name);
	api_str(r, "sector", false, 20, &sector);
	if (name && !*name)
		req_field(r, "name", "不能为空");
	if (r->nferr)
		return LD_VALIDATION;
	struct unit before, after;
	enum lderr e = api_unit_load(r, ROLES_UNIT_WRITE, r->param[0], &before);
	if (e)
		return e;
	if (strcmp(before.kind, "region") == 0 && (name || sector))
		return req_field(r, name ? "name" : "sector", "行政区划的名称来自 GB/T 2260，不能在此修改");
	if ((e = store_begin(r->st)))
		return e;
	e = store_unit_update(r->st, before.id, name, short_name, sector);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "unit.update", "unit", before.id, "duplicate name");
		return req_field(r, "name", "同一上级下已有同名单位"), LD_CONFLICT;
	}
	if (e || (e = store_unit_get(r->st, r->arena, before.id, &after)) ||
	    (e = api_audit(r, "unit.update", "unit", before.id, unit_snapshot(r, &before), unit_snapshot(r, &after))) ||
	    (e = store_commit(r->st)))
		return e;
	return write_detail(r, &after, 200);
}
