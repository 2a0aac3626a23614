/* Inspections (督查) and their rectification items (整改事项), the inspector's verification
 * that closes a rectification, and escalations (升级督办).
 *
 * Who may: record an inspection — supervisor or office over the unit; verify — supervisor or
 * office over the item, never the responsible unit itself. */
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/date.h"
#include "core/itemcheck.h"
#include "store/store.h"
#include "store/supervision.h"

#define ROLES_INSPECT (ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_OFFICE))
#define MAX_FINDINGS 100

static int finding_fn(void *ctx, const struct item *it)
{
	struct jw *w = ctx;
	jw_obj(w);
	api_item_json(w, it);
	jw_obj_end(w);
	return 0;
}

static enum lderr inspection_json(struct req *r, struct jw *w, const struct inspection *in, bool findings)
{
	jw_obj(w);
	jw_kint(w, "id", in->id);
	jw_kint(w, "cycle_id", in->cycle_id);
	jw_kint(w, "unit_id", in->unit_id);
	jw_kstr(w, "unit_name", in->unit_name);
	jw_kstr(w, "date", in->day);
	jw_kstr(w, "inspectors", in->inspectors);
	jw_kstr(w, "summary", in->summary);
	jw_kstr(w, "created_by", in->creator);
	jw_kstr(w, "created_at", in->created_at);
	enum lderr e = LD_OK;
	if (findings) {
		jw_key(w, "findings");
		jw_arr(w);
		struct item_filter f = {.cycle_id = in->cycle_id, .kind = "rectification", .inspection_id = in->id,
		                        .sort = "due_date", .scope = &r->sess->scope, .roles = ROLES_ITEM_READ};
		long long total;
		e = store_item_list(r->st, &f, 0, MAX_FINDINGS, finding_fn, w, &total);
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return e;
}

static enum lderr answer(struct req *r, int status, long long id)
{
	struct inspection in;
	enum lderr e = store_inspection_get(r->st, r->arena, id, &in);
	if (e)
		return e;
	struct jw w;
	api_json(r, status, &w);
	return inspection_json(r, &w, &in, true);
}

static const char *const create_fields[] = {"cycle_id", "unit_id", "date", "inspectors", "summary", "findings", NULL};

/* POST /api/v1/inspections {"cycle_id","unit_id","date","inspectors","summary","findings":[{"title",
 * "due_date","responsible_person","description"?}]} — 201 Inspection with its rectification
 * items. 422 naming bad fields ("findings[1].due_date"). */
enum lderr inspections_create(struct req *r)
{
	long long cycle = 0, unit_id = 0;
	const char *day = NULL, *inspectors = NULL, *summary = NULL;
	char date[11];
	struct unit u;
	api_only(r, create_fields);
	api_int(r, "cycle_id", true, &cycle);
	if (api_int(r, "unit_id", true, &unit_id) && unit_id && api_unit_load(r, ROLES_INSPECT, unit_id, &u) != LD_OK)
		req_field(r, "unit_id", "单位不存在或不在您的督查范围内");
	if (api_str(r, "date", true, 20, &day) && day && !date_parse(day, date))
		req_field(r, "date", "不是日期");
	api_str(r, "inspectors", true, 200, &inspectors);
	api_str(r, "summary", true, 4000, &summary);
	json_t *arr = r->json ? json_object_get(r->json, "findings") : NULL;
	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > MAX_FINDINGS)
		req_field(r, "findings", "应为 1 到 100 条问题");
	struct item_fields f[MAX_FINDINGS];
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *title = json_string_value(json_object_get(v, "title"));
		const char *due = json_string_value(json_object_get(v, "due_date"));
		const char *person = json_string_value(json_object_get(v, "responsible_person"));
		const char *desc = json_string_value(json_object_get(v, "description"));
		struct item_input in = {"督查整改", "整改事项", title, person, NULL, due, false, 0, true};
		struct item_clean clean;
		struct item_problem p[ITEM_PROBLEM_MAX];
		int n = item_check(&in, &clean, p);
		for (int k = 0; k < n; k++)
			req_field(r, arena_printf(r->arena, "findings[%zu].%s", i, p[k].field), arena_strdup(r->arena, p[k].message));
		memset(&f[i], 0, sizeof(f[i]));
		f[i].project = "督查整改", f[i].category = "整改事项", f[i].title = title, f[i].responsible_person = person;
		f[i].description = desc ? desc : "", f[i].due_date = arena_strdup(r->arena, clean.due_date);
		f[i].start_date = day && r->nferr == 0 ? arena_strdup(r->arena, date) : NULL;
		f[i].weight = 1, f[i].kind = "rectification";
	}
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e = api_cycle_check(r, cycle, CYCLE_EDIT_ITEMS, NULL);
	if (e == LD_NOT_FOUND)
		return req_field(r, "cycle_id", "周期不存在");
	if (e)
		return e;
	long long id;
	if ((e = store_begin(r->st)) ||
	    (e = store_inspection_insert(r->st, cycle, unit_id, date, inspectors, summary, r->sess->user_id, &id)))
		return e;
	for (i = 0; i < json_array_size(arr); i++) {
		long long item;
		e = store_item_insert(r->st, cycle, 0, unit_id, &f[i], true, &item);
		if (e == LD_CONFLICT)
			return req_field(r, arena_printf(r->arena, "findings[%zu].title", i), "该单位本年度已有同名整改事项"),
			       LD_CONFLICT;
		if (e || (e = store_item_set_inspection(r->st, item, id)) || (e = store_item_refresh(r->st, item)) ||
		    (e = api_audit(r, "item.create", "item", item, NULL,
		                   api_kv(r, "kind", "rectification", "title", f[i].title, "due_date", f[i].due_date, NULL))))
			return e;
	}
	if ((e = api_audit(r, "inspection.create", "inspection", id, NULL,
	                   api_kv(r, "date", date, "inspectors", inspectors, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer(r, 201, id);
}

struct list {
	struct req *r;
	struct jw *w;
	enum lderr e;
};

static int list_fn(void *ctx, const struct inspection *in)
{
	struct list *l = ctx;
	l->e = inspection_json(l->r, l->w, in, false);
	return l->e != LD_OK;
}

/* GET /api/v1/inspections?cycle_id&page&size — inspections of units in scope, newest first. */
enum lderr inspections_list(struct req *r)
{
	struct page page;
	long long cycle = 0;
	const char *s = query_get(&r->query, "cycle_id");
	if (s && !parse_int(s, 1, 1LL << 53, &cycle))
		req_field(r, "cycle_id", "应为周期编号");
	if (!api_page(r, 200, &page) || r->nferr)
		return LD_VALIDATION;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct list l = {r, &w, LD_OK};
	enum lderr e = store_inspection_list(r->st, cycle, &r->sess->scope, ROLES_ITEM_READ, page.skip, page.size,
	                                     list_fn, &l, &page.total);
	if (e || (e = l.e))
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/inspections/ID — with its findings. 404 out of scope. */
enum lderr inspections_get(struct req *r)
{
	struct inspection in;
	enum lderr e = store_inspection_get(r->st, r->arena, r->param[0], &in);
	if (e)
		return e;
	struct scope_target t = {in.unit_path, false, NULL};
	if (!scope_allows(&r->sess->scope, ROLES_ITEM_READ, &t))
		return LD_NOT_FOUND;
	return answer(r, 200, in.id);
}

static const char *const verify_fields[] = {"opinion", "approved", NULL};

/* POST /api/v1/items/ID/verify {"opinion","approved"?=true} — an inspector verifies a
 * rectification: approved closes it (done); not approved records the opinion and keeps it
 * open. 409 for an item that is not a rectification or not active. */
enum lderr items_verify(struct req *r)
{
	struct item before, after;
	const char *opinion = NULL;
	int approved = 1;
	enum lderr e = api_item_load(r, ROLES_INSPECT, r->param[0], &before);
	if (e)
		return e;
	api_only(r, verify_fields);
	api_str(r, "opinion", true, 1000, &opinion);
	api_bool(r, "approved", false, &approved);
	if (r->nferr)
		return LD_VALIDATION;
	if (strcmp(before.kind, "rectification") != 0 || strcmp(before.state, "active") != 0)
		return req_fail(r, LD_STATE, "只有进行中的整改事项需要核验");
	if ((e = api_cycle_check(r, before.cycle_id, CYCLE_EDIT_ITEMS, NULL)))
		return e;
	if ((e = store_begin(r->st)) ||
	    (e = store_item_verify(r->st, before.id, r->sess->user_id, opinion, approved != 0)) ||
	    (approved && (e = store_item_set_state(r->st, before.id, "done"))) ||
	    (e = store_item_refresh(r->st, before.id)) || (e = store_item_get(r->st, r->arena, before.id, &after)) ||
	    (e = api_audit(r, approved ? "item.verify" : "item.verify_rejected", "item", before.id, NULL,
	                   api_kv(r, "opinion", opinion, "state", after.state, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	api_item_json(&w, &after);
	jw_obj_end(&w);
	return LD_OK;
}

struct esc {
	struct req *r;
	struct jw *w;
	enum lderr e;
};

static int escalation_fn(void *ctx, const struct escalation *x)
{
	struct esc *c = ctx;
	struct item it;
	if ((c->e = store_item_get(c->r->st, c->r->arena, x->item_id, &it)))
		return 1;
	jw_obj(c->w);
	jw_kint(c->w, "id", x->id);
	jw_key(c->w, "item");
	jw_obj(c->w);
	api_item_json(c->w, &it);
	jw_obj_end(c->w);
	jw_kint(c->w, "to_unit_id", x->to_unit_id);
	jw_kstr(c->w, "to_unit_name", x->to_unit_name);
	jw_kstr(c->w, "reason", x->reason);
	jw_kstr(c->w, "created_at", x->created_at);
	jw_obj_end(c->w);
	return 0;
}

/* GET /api/v1/escalations?cycle_id&page&size — items escalated to units in the caller's scope. */
enum lderr escalations_list(struct req *r)
{
	struct page page;
	long long cycle = 0;
	const char *s = query_get(&r->query, "cycle_id");
	if (s && !parse_int(s, 1, 1LL << 53, &cycle))
		return req_field(r, "cycle_id", "应为周期编号");
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct esc c = {r, &w, LD_OK};
	enum lderr e = store_escalation_list(r->st, cycle, &r->sess->scope, ROLES_ITEM_READ, page.skip, page.size,
	                                     escalation_fn, &c, &page.total);
	if (e || (e = c.e))
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}
