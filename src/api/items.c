/* Items (清单事项): the lines of the responsibility lists, their milestones, decomposition
 * down the chain (分解), adoption by the unit below (认领), and roll-up of progress.
 *
 * Who may: read — any business role over the item's unit; create, edit, decompose, bulk —
 * office or unit_leader over the unit; adopt — unit_leader or filler over the child's unit.
 * The cycle's phase must allow editing (core/cycle.h). Every change is audited with the item
 * before and after. */
#include <math.h>
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/date.h"
#include "core/itemcheck.h"
#include "core/light.h"
#include "core/rollup.h"
#include "store/audit.h"
#include "store/lights.h"
#include "store/squares.h"
#include "store/store.h"
#include "store/units.h"

#define MAX_MILESTONES 24

bool api_item_allowed(const struct req *r, unsigned roles, const struct item *it)
{
	if (!r->sess)
		return false;
	struct scope_target t = {.path = it->unit_path, .is_region = it->sector == NULL, .sector = it->sector};
	return scope_allows(&r->sess->scope, roles, &t);
}

/* What loading an item answers: the read's error, else whether the caller may see it. */
static enum lderr loaded(const struct req *r, unsigned roles, enum lderr read, const struct item *it)
{
	return read ? read : api_item_allowed(r, roles, it) ? LD_OK : LD_NOT_FOUND;
}

enum lderr api_item_load(struct req *r, unsigned roles, long long id, struct item *out)
{
	return loaded(r, roles, store_item_get(r->st, r->arena, id, out), out);
}

enum lderr api_item_load_brief(struct req *r, unsigned roles, long long id, struct item *out)
{
	return loaded(r, roles, store_item_brief(r->st, r->arena, id, out), out);
}

/* The item's fields; with table, only those of the list's table (view=table: what
 * store_item_list reads for it), in the same order. */
static void item_json(struct jw *w, const struct item *it, bool table)
{
	jw_kint(w, "id", it->id);
	jw_kint(w, "cycle_id", it->cycle_id);
	jw_key(w, "parent_id");
	if (it->parent_id)
		jw_int(w, it->parent_id);
	else
		jw_null(w);
	jw_kstr(w, "kind", it->kind);
	jw_kint(w, "unit_id", it->unit_id);
	jw_kstr(w, "unit_name", it->unit_name);
	if (!table)
		jw_kstr(w, "sector", it->sector);
	jw_kstr(w, "project", it->project);
	jw_kstr(w, "category", it->category);
	jw_kstr(w, "title", it->title);
	if (!table)
		jw_kstr(w, "description", it->description);
	jw_kstr(w, "responsible_person", it->responsible_person);
	if (!table) {
		jw_kstr(w, "lead_leader", it->lead_leader);
		jw_kstr(w, "start_date", it->start_date);
	}
	jw_kstr(w, "due_date", it->due_date);
	if (!table) {
		jw_kstr(w, "target_text", it->target_text);
		jw_key(w, "target_value");
		if (it->has_target_value)
			jw_double(w, it->target_value);
		else
			jw_null(w);
		jw_kstr(w, "target_unit", it->target_unit);
		jw_kstr(w, "evidence_required", it->evidence_required);
		jw_key(w, "weight");
		jw_double(w, it->weight);
	}
	jw_key(w, "progress");
	jw_double(w, it->progress);
	jw_key(w, "rollup_progress");
	jw_double(w, it->rollup);
	jw_kstr(w, "state", it->state);
	if (!table)
		jw_kbool(w, "adopted", it->adopted);
	jw_kint(w, "child_count", it->child_count);
	jw_kint(w, "children_pending", it->children_pending);
	jw_kstr(w, "light", it->light);
	jw_kstr(w, "light_reason", it->light_reason);
	if (!table)
		jw_kstr(w, "red_since", it->red_since);
	jw_kint(w, "overdue_days", it->overdue_days);
	if (!table)
		jw_kbool(w, "calendar_warning", it->calendar_warning);
	if (!table && strcmp(it->kind, "rectification") == 0) {
		jw_key(w, "inspection_id");
		if (it->inspection_id)
			jw_int(w, it->inspection_id);
		else
			jw_null(w);
		jw_kstr(w, "verified_at", it->verified_at);
		jw_kstr(w, "verified_by", it->verified_by);
		jw_kstr(w, "verify_opinion", it->verify_opinion);
	}
	jw_kstr(w, "updated_at", it->updated_at);
}

void api_item_json(struct jw *w, const struct item *it)
{
	item_json(w, it, false);
}

/* The item as JSON text, for audit records. */
static const char *item_snapshot(struct req *r, const struct item *it)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	api_item_json(&w, it);
	jw_obj_end(&w);
	const char *s = arena_strdup(r->arena, buf_str(&b));
	buf_fini(&b);
	return s;
}

/* ---- the list ---- */

static const char *const list_params[] = {"cycle_id", "unit_id", "sector", "project", "category", "state", "kind", "light",
                                          "due_from", "due_to", "person", "q", "parent_id", "top", "sort", "view", NULL};

bool api_item_filter(struct req *r, struct item_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->scope = &r->sess->scope;
	f->roles = ROLES_ITEM_READ;
	const char *s;
	long long v;
	if ((s = query_get(&r->query, "cycle_id"))) {
		if (parse_int(s, 1, 1LL << 53, &v))
			f->cycle_id = v;
		else
			req_field(r, "cycle_id", "应为周期编号");
	}
	if ((s = query_get(&r->query, "unit_id"))) {
		struct unit u;
		if (parse_int(s, 1, 1LL << 53, &v) && api_unit_load(r, ROLES_ITEM_READ, v, &u) == LD_OK)
			f->unit_path = u.path, f->unit_id = u.id;
		else
			req_field(r, "unit_id", "单位不存在或不在您的权限范围内");
	}
	if ((s = query_get(&r->query, "parent_id"))) {
		if (parse_int(s, 1, 1LL << 53, &v))
			f->parent_id = v;
		else
			req_field(r, "parent_id", "应为事项编号");
	}
	f->top = (s = query_get(&r->query, "top")) && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0);
	const char **text[] = {&f->sector, &f->project, &f->category, &f->state, &f->kind, &f->person, &f->q, &f->light};
	const char *names[] = {"sector", "project", "category", "state", "kind", "person", "q", "light"};
	for (int i = 0; i < 8; i++)
		if ((s = query_get(&r->query, names[i])) && *s)
			*text[i] = s;
	if (f->state && item_state_from(f->state) < 0)
		req_field(r, "state", "应为 active、done 或 cancelled");
	if (f->light && light_from(f->light) < 0)
		req_field(r, "light", "应为 green、yellow 或 red");
	char day[11];
	if ((s = query_get(&r->query, "due_from")) && *s) {
		if (date_parse(s, day))
			f->due_from = arena_strdup(r->arena, day);
		else
			req_field(r, "due_from", "不是日期");
	}
	if ((s = query_get(&r->query, "due_to")) && *s) {
		if (date_parse(s, day))
			f->due_to = arena_strdup(r->arena, day);
		else
			req_field(r, "due_to", "不是日期");
	}
	if ((s = query_get(&r->query, "sort")) && *s) {
		if (store_item_sort_valid(s))
			f->sort = s;
		else
			req_field(r, "sort", "排序应为 due_date、-due_date、progress、-progress、title、light、overdue、updated_at 或 -updated_at");
	}
	if ((s = query_get(&r->query, "view")) && *s) {
		if (strcmp(s, "table") == 0)
			f->table = true;
		else if (strcmp(s, "full") != 0)
			req_field(r, "view", "应为 table（列表表格的字段）或 full（完整事项）");
	}
	for (int i = 0; i < r->query.n; i++) {
		bool known = strcmp(r->query.pair[i].key, "page") == 0 || strcmp(r->query.pair[i].key, "size") == 0;
		for (const char *const *k = list_params; *k && !known; k++)
			known = strcmp(*k, r->query.pair[i].key) == 0;
		if (!known)
			req_field(r, r->query.pair[i].key, "不支持的查询参数");
	}
	return r->nferr == 0;
}

static int list_fn(void *ctx, const struct item *it)
{
	struct jw *w = ctx;
	jw_obj(w);
	api_item_json(w, it);
	jw_obj_end(w);
	return 0;
}

/* A row of the list's table (view=table). */
static int table_fn(void *ctx, const struct item *it)
{
	struct jw *w = ctx;
	jw_obj(w);
	item_json(w, it, true);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/items?cycle_id&unit_id&sector&project&category&state&kind&due_from&due_to&person&q
 *                   &parent_id&top&sort&view&page&size
 * A page of the items in the caller's scope that match, streamed row by row: whole items, or
 * with view=table the fields of the list's table only. 422 naming a bad parameter (an unknown
 * one too). */
enum lderr items_list(struct req *r)
{
	struct item_filter f;
	struct page page;
	/* both run, so every bad parameter is named at once */
	bool paged = api_page(r, 200, &page);
	if (!api_item_filter(r, &f) || !paged)
		return LD_VALIDATION;
	/* The same page for the same user is kept until anything is committed (store.h), as the
	 * boards are: going back from an item to its list, or refreshing it, asks for it again. */
	struct buf k;
	buf_init(&k, 1 << 14);
	char today[11];
	date_today(store_now(r->st), today);
	buf_printf(&k, "items %s", today);
	for (int i = 0; i < r->query.n; i++)
		buf_printf(&k, " %zu:%s=%zu:%s", strlen(r->query.pair[i].key), r->query.pair[i].key,
		           strlen(r->query.pair[i].value), r->query.pair[i].value); /* lengths: no two queries alike */
	const char *key = api_answer_key(r, k.failed ? NULL : arena_strdup(r->arena, buf_str(&k)));
	buf_fini(&k);
	unsigned long long mark;
	if (api_answer_kept(r, key, &mark))
		return LD_OK;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_item_list(r->st, &f, page.skip, page.size, f.table ? table_fn : list_fn, &w, &page.total);
	if (e)
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	api_answer_keep(r, key, mark);
	return LD_OK;
}

struct facets {
	struct jw *w;
	const char *current;
};

static int facet_fn(void *ctx, const char *kind, const char *value)
{
	struct facets *f = ctx;
	if (!f->current || strcmp(f->current, kind) != 0) {
		if (f->current)
			jw_arr_end(f->w);
		jw_key(f->w, strcmp(kind, "project") == 0 ? "projects" : strcmp(kind, "category") == 0 ? "categories"
		                                                                                          : "sectors");
		jw_arr(f->w);
		f->current = kind[0] == 'p' ? "project" : kind[0] == 'c' ? "category" : "sector";
	}
	jw_str(f->w, value);
	return 0;
}

/* GET /api/v1/items/facets?cycle_id= — the projects, categories and sectors in use. */
enum lderr items_facets(struct req *r)
{
	long long cycle = 0;
	const char *s = query_get(&r->query, "cycle_id");
	if (!s || !parse_int(s, 1, 1LL << 53, &cycle))
		return req_field(r, "cycle_id", "应为周期编号");
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	struct facets f = {&w, NULL};
	enum lderr e = store_item_facets(r->st, cycle, facet_fn, &f);
	if (e)
		return e;
	if (f.current)
		jw_arr_end(&w);
	static const char *const keys[] = {"projects", "categories", "sectors"};
	const char *had = f.current ? buf_str(r->out) : "";
	for (int i = 0; i < 3; i++)
		if (!strstr(had, keys[i])) {
			jw_key(&w, keys[i]);
			jw_arr(&w);
			jw_arr_end(&w);
		}
	jw_obj_end(&w);
	return LD_OK;
}

/* ---- one item ---- */

struct detail {
	struct jw *w;
};

struct ms_ctx {
	struct jw *w;
	const struct light_rule *rule;
	const struct calendar *cal;
	long today;
	enum item_state state;
};

static int milestone_fn(void *ctx, const struct milestone *m)
{
	struct ms_ctx *c = ctx;
	struct jw *w = c->w;
	struct light_result l = {0};
	if (c->cal) {
		struct light_input in = {m->done ? ITEM_DONE : c->state, NULL, m->due_date, 0, LIGHT_NONE, NULL};
		light_compute(c->rule, c->cal, c->today, &in, &l);
	}
	jw_obj(w);
	jw_kint(w, "id", m->id);
	jw_kint(w, "seq", m->seq);
	jw_kstr(w, "title", m->title);
	jw_kstr(w, "due_date", m->due_date);
	jw_kstr(w, "expected", m->expected);
	jw_kbool(w, "done", m->done);
	jw_kstr(w, "light", light_name(l.light));
	jw_kstr(w, "light_reason", l.light ? l.reason : NULL);
	jw_obj_end(w);
	return 0;
}

/* Writes the ItemDetail of id: the item, milestones, children, ancestors. */
/* The detail of an item already read (it), as ItemDetail. */
static enum lderr write_detail_of(struct req *r, const struct item *it, int status)
{
	enum lderr e;
	struct jw w;
	api_json(r, status, &w);
	jw_obj(&w);
	api_item_json(&w, it);
	jw_key(&w, "milestones");
	jw_arr(&w);
	struct cycle_settings cs;
	char today[11];
	date_today(store_now(r->st), today);
	if ((e = store_cycle_settings(r->st, it->cycle_id, &cs)))
		return e;
	int st_ = item_state_from(it->state);
	struct ms_ctx mc = {&w, &cs.rule, store_calendar(r->st), date_days(today), st_ < 0 ? ITEM_ACTIVE : (enum item_state)st_};
	if ((e = store_milestones(r->st, it->id, milestone_fn, &mc)))
		return e;
	jw_arr_end(&w);
	jw_key(&w, "children");
	jw_arr(&w);
	if ((e = store_item_children(r->st, it->id, list_fn, &w)))
		return e;
	jw_arr_end(&w);
	jw_key(&w, "ancestors");
	jw_arr(&w);
	/* collected first, written root first */
	struct item chain[64];
	int n = 0;
	for (long long p = it->parent_id; p && n < 64; n++) {
		if ((e = store_item_get(r->st, r->arena, p, &chain[n])))
			return e;
		p = chain[n].parent_id;
	}
	for (int i = n - 1; i >= 0; i--) {
		jw_obj(&w);
		jw_kint(&w, "id", chain[i].id);
		jw_kstr(&w, "title", chain[i].title);
		jw_kstr(&w, "unit_name", chain[i].unit_name);
		jw_kbool(&w, "visible", api_item_allowed(r, ROLES_ITEM_READ, &chain[i]));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* The detail of item id as it is now (after a change). */
static enum lderr write_detail(struct req *r, long long id, int status)
{
	struct item it;
	enum lderr e = store_item_get(r->st, r->arena, id, &it);
	return e ? e : write_detail_of(r, &it, status);
}

/* GET /api/v1/items/ID — ItemDetail. 404 when unknown or out of scope. */
enum lderr items_get(struct req *r)
{
	struct item it;
	enum lderr e = api_item_load(r, ROLES_ITEM_READ, r->param[0], &it);
	return e ? e : write_detail_of(r, &it, 200); /* the item just read: not read again */
}

/* Reads the item fields of the body over base (NULL for a create) and checks them with the
 * rules of core/itemcheck.h; records field errors. */
static void read_fields(struct req *r, const struct item *base, struct item_fields *f, bool require_person)
{
	memset(f, 0, sizeof(*f));
	if (base) {
		f->project = base->project, f->category = base->category, f->title = base->title;
		f->description = base->description, f->responsible_person = base->responsible_person;
		f->lead_leader = base->lead_leader, f->start_date = base->start_date, f->due_date = base->due_date;
		f->target_text = base->target_text, f->target_unit = base->target_unit;
		f->evidence_required = base->evidence_required, f->weight = base->weight;
		f->has_target_value = base->has_target_value, f->target_value = base->target_value;
	}
	bool create = base == NULL;
	api_str(r, "project", create, 100, &f->project);
	api_str(r, "category", create, 50, &f->category);
	api_str(r, "title", create, 200, &f->title);
	api_str(r, "description", false, 4000, &f->description);
	api_str(r, "responsible_person", false, 50, &f->responsible_person);
	api_str(r, "lead_leader", false, 50, &f->lead_leader);
	api_str(r, "start_date", false, 20, &f->start_date);
	api_str(r, "due_date", create, 20, &f->due_date);
	api_str(r, "target_text", false, 1000, &f->target_text);
	api_str(r, "target_unit", false, 20, &f->target_unit);
	api_str(r, "evidence_required", false, 1000, &f->evidence_required);
	json_t *tv = r->json ? json_object_get(r->json, "target_value") : NULL;
	if (tv && json_is_null(tv))
		f->has_target_value = false;
	else if (tv && json_is_number(tv))
		f->has_target_value = true, f->target_value = json_number_value(tv);
	else if (tv)
		req_field(r, "target_value", "应为数字");
	json_t *wv = r->json ? json_object_get(r->json, "weight") : NULL;
	bool has_weight = base != NULL;
	double weight = f->weight;
	if (wv && json_is_number(wv))
		has_weight = true, weight = json_number_value(wv);
	else if (wv && !json_is_null(wv))
		req_field(r, "weight", "应为数字");
	struct item_input in = {f->project, f->category, f->title, f->responsible_person, f->start_date, f->due_date,
	                        has_weight, weight, require_person};
	struct item_clean clean;
	struct item_problem p[ITEM_PROBLEM_MAX];
	int n = item_check(&in, &clean, p);
	for (int i = 0; i < n; i++) {
		bool already = false;
		for (int k = 0; k < r->nferr; k++)
			already = already || strcmp(r->ferr[k].field, p[i].field) == 0;
		if (!already)
			req_field(r, p[i].field, arena_strdup(r->arena, p[i].message));
	}
	if (n == 0) {
		f->start_date = clean.start_date[0] ? arena_strdup(r->arena, clean.start_date) : NULL;
		f->due_date = arena_strdup(r->arena, clean.due_date);
		f->weight = clean.weight;
	}
}

/* Reads "milestones": [{"title","due_date","expected"}] into ms; *n = -1 when absent. */
static void read_milestones(struct req *r, const char *due, struct milestone *ms, int *n)
{
	json_t *arr = r->json ? json_object_get(r->json, "milestones") : NULL;
	*n = -1;
	if (!arr || json_is_null(arr))
		return;
	if (!json_is_array(arr) || json_array_size(arr) > MAX_MILESTONES) {
		req_field(r, "milestones", arena_printf(r->arena, "应为不超过 %d 项的列表", MAX_MILESTONES));
		return;
	}
	*n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *title = json_string_value(json_object_get(v, "title"));
		const char *when = json_string_value(json_object_get(v, "due_date"));
		const char *expected = json_string_value(json_object_get(v, "expected"));
		char day[11];
		if (!title || !*title)
			req_field(r, arena_printf(r->arena, "milestones[%zu].title", i), "节点名称不能为空");
		if (!when || !date_parse(when, day))
			req_field(r, arena_printf(r->arena, "milestones[%zu].due_date", i), "节点时限不是日期");
		else if (due && strcmp(day, due) > 0)
			req_field(r, arena_printf(r->arena, "milestones[%zu].due_date", i),
			          arena_printf(r->arena, "节点时限 %s 晚于事项完成时限 %s", day, due));
		ms[*n].title = title;
		ms[*n].due_date = arena_strdup(r->arena, day);
		ms[*n].expected = expected ? expected : "";
		ms[*n].done = json_is_true(json_object_get(v, "done"));
		(*n)++;
	}
}

static const char *const create_fields[] = {
	"cycle_id", "unit_id", "project", "category", "title", "description", "responsible_person", "lead_leader",
	"start_date", "due_date", "target_text", "target_value", "target_unit", "evidence_required", "weight",
	"milestones", "kind", NULL};

/* POST /api/v1/items {cycle_id, unit_id, project, category, title, responsible_person, due_date, …,
 * milestones?} — office or unit_leader over the unit. 201 ItemDetail. 422 names every bad field;
 * 409 when the unit already has an item of that project and title in the cycle, or the phase
 * forbids editing. */
enum lderr items_create(struct req *r)
{
	long long cycle_id = 0, unit_id = 0;
	struct item_fields f;
	struct milestone ms[MAX_MILESTONES];
	int nms;
	struct unit u;
	const char *kind = NULL;
	api_only(r, create_fields);
	api_int(r, "cycle_id", true, &cycle_id);
	if (api_int(r, "unit_id", true, &unit_id) && unit_id &&
	    api_unit_load(r, ROLES_ITEM_WRITE, unit_id, &u) != LD_OK)
		req_field(r, "unit_id", "单位不存在或不在您的权限范围内");
	if (api_str(r, "kind", false, 20, &kind) && kind && strcmp(kind, "task") && strcmp(kind, "rectification"))
		req_field(r, "kind", "应为 task 或 rectification");
	read_fields(r, NULL, &f, true);
	f.kind = kind;
	read_milestones(r, f.due_date, ms, &nms);
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e = api_cycle_check(r, cycle_id, CYCLE_EDIT_ITEMS, NULL);
	if (e == LD_NOT_FOUND)
		return req_field(r, "cycle_id", "周期不存在");
	if (e)
		return e;
	long long id;
	struct item it;
	if ((e = store_begin(r->st)))
		return e;
	e = store_item_insert(r->st, cycle_id, 0, unit_id, &f, true, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "item.create", "item", 0, "duplicate item");
		return req_field(r, "title", "该单位在本周期已有同一工作项目下的同名事项"), LD_CONFLICT;
	}
	if (e || (nms > 0 && (e = store_milestones_set(r->st, id, ms, nms))) || (e = store_item_refresh(r->st, id)) ||
	    (e = store_item_get(r->st, r->arena, id, &it)) ||
	    (e = api_audit(r, "item.create", "item", id, NULL, item_snapshot(r, &it))) || (e = store_commit(r->st)))
		return e;
	return write_detail(r, id, 201);
}

static const char *const update_fields[] = {
	"project", "category", "title", "description", "responsible_person", "lead_leader", "start_date", "due_date",
	"target_text", "target_value", "target_unit", "evidence_required", "weight", "milestones", "state", NULL};

/* PATCH /api/v1/items/ID {any field of POST but cycle_id/unit_id, "state", "milestones"} —
 * office or unit_leader over the unit. 200 ItemDetail. A change of state or weight rolls up. */
enum lderr items_update(struct req *r)
{
	struct item before, after;
	struct item_fields f;
	struct milestone ms[MAX_MILESTONES];
	int nms;
	const char *state = NULL;
	enum lderr e = api_item_load(r, ROLES_ITEM_WRITE, r->param[0], &before);
	if (e)
		return e;
	api_only(r, update_fields);
	read_fields(r, &before, &f, before.parent_id == 0);
	read_milestones(r, f.due_date, ms, &nms);
	if (api_str(r, "state", false, 20, &state) && state && item_state_from(state) < 0)
		req_field(r, "state", "应为 active、done 或 cancelled");
	if (r->nferr)
		return LD_VALIDATION;
	if (state && strcmp(state, "done") == 0 && strcmp(before.kind, "rectification") == 0 &&
	    strcmp(before.state, "done") != 0)
		return req_fail(r, LD_STATE, "整改事项须经督查人员核验后办结");
	if ((e = api_cycle_check(r, before.cycle_id, CYCLE_EDIT_ITEMS, NULL)))
		return e;
	if ((e = store_begin(r->st)))
		return e;
	e = store_item_update(r->st, before.id, &f);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "item.update", "item", before.id, "duplicate item");
		return req_field(r, "title", "该单位在本周期已有同一工作项目下的同名事项"), LD_CONFLICT;
	}
	if (e || (state && (e = store_item_set_state(r->st, before.id, state))) ||
	    (nms >= 0 && (e = store_milestones_set(r->st, before.id, ms, nms))) ||
	    (e = store_item_refresh(r->st, before.id)) || (e = store_item_get(r->st, r->arena, before.id, &after)) ||
	    (e = api_audit(r, "item.update", "item", before.id, item_snapshot(r, &before), item_snapshot(r, &after))) ||
	    (e = store_commit(r->st)))
		return e;
	return write_detail(r, before.id, 200);
}

/* ---- decomposition and adoption ---- */

struct targets {
	long long ids[512];
	int n;
};

static int member_fn(void *ctx, const struct unit *u)
{
	struct targets *t = ctx;
	if (t->n < 512)
		t->ids[t->n++] = u->id;
	return 0;
}

static int copy_milestone_fn(void *ctx, const struct milestone *m)
{
	void **c = ctx;
	struct milestone *ms = c[0];
	int *n = c[1];
	struct arena *a = c[2];
	if (*n < MAX_MILESTONES) {
		ms[*n] = *m;
		ms[*n].title = arena_strdup(a, m->title);
		ms[*n].due_date = arena_strdup(a, m->due_date);
		ms[*n].expected = arena_strdup(a, m->expected);
		ms[*n].done = false;
		(*n)++;
	}
	return 0;
}

static const char *const decompose_fields[] = {"unit_ids", "square_id", NULL};

struct region_of {
	const char *path; /* the deepest region on the chain */
	struct arena *a;
};

static int region_fn(void *ctx, const struct unit *u)
{
	struct region_of *r = ctx;
	if (strcmp(u->kind, "region") == 0)
		r->path = arena_strdup(r->a, u->path);
	return 0;
}

/* province 1, city 2, county 3 */
static int level_rank(const char *level)
{
	return !level ? 0 : strcmp(level, "province") == 0 ? 1 : strcmp(level, "city") == 0 ? 2 : 3;
}

/* POST /api/v1/items/ID/decompose {"unit_ids":[…]} or {"square_id"} — office or unit_leader over
 * the item. 201 {"items":[Item]} the new children, each waiting for its unit to adopt it.
 * Targets lie below the item's unit, or are the members of a square whose lead is in the
 * caller's scope. 409 (field unit_ids) when a unit already has a child of this item. */
enum lderr items_decompose(struct req *r)
{
	struct item parent;
	struct targets t = {.n = 0};
	long long square_id = 0;
	enum lderr e = api_item_load(r, ROLES_ITEM_WRITE, r->param[0], &parent);
	if (e)
		return e;
	api_only(r, decompose_fields);
	json_t *ids = r->json ? json_object_get(r->json, "unit_ids") : NULL;
	api_int(r, "square_id", false, &square_id);
	if (!ids == !square_id)
		return req_field(r, "unit_ids", "请给出 unit_ids（下级单位）或 square_id（联建方阵）之一");
	if (ids) {
		size_t i;
		json_t *v;
		if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 512)
			return req_field(r, "unit_ids", "应为 1 到 512 个单位编号");
		json_array_foreach(ids, i, v) {
			if (!json_is_integer(v))
				return req_field(r, "unit_ids", "应为单位编号");
			for (int k = 0; k < t.n; k++)
				if (t.ids[k] == json_integer_value(v))
					return req_field(r, "unit_ids", "单位重复");
			t.ids[t.n++] = json_integer_value(v);
		}
	} else {
		struct square sq;
		struct unit lead;
		if (store_square_get(r->st, r->arena, square_id, &sq) != LD_OK ||
		    api_unit_load(r, ROLES_ITEM_WRITE, sq.lead_unit_id, &lead) != LD_OK)
			return req_field(r, "square_id", "方阵不存在，或其牵头单位不在您的权限范围内");
		if ((e = store_square_members(r->st, square_id, member_fn, &t)))
			return e;
		/* the item's own unit is the parent's, not a child's */
		for (int k = 0; k < t.n; k++)
			if (t.ids[k] == parent.unit_id)
				t.ids[k--] = t.ids[--t.n];
		if (t.n == 0)
			return req_field(r, "square_id", "方阵中没有可分解的成员单位");
	}
	/* Below the item's unit in the chain: inside its own subtree (its divisions), or at a
	 * lower level of its region (the province's 发改委 hands work to the cities' and
	 * counties' organs under the province). */
	const char *parent_path = arena_strdup(r->arena, parent.unit_path);
	struct unit own;
	struct region_of rg = {NULL, r->arena};
	if ((e = store_unit_get(r->st, r->arena, parent.unit_id, &own)) ||
	    (e = store_unit_chain(r->st, own.path, region_fn, &rg)))
		return e;
	int own_level = level_rank(own.level);
	for (int k = 0; k < t.n; k++) {
		struct unit u;
		bool ok = store_unit_get(r->st, r->arena, t.ids[k], &u) == LD_OK;
		bool below = ok && strcmp(u.path, parent_path) != 0 &&
		             (scope_path_within(u.path, parent_path) ||
		              (rg.path && scope_path_within(u.path, rg.path) && level_rank(u.level) > own_level &&
		               strcmp(u.kind, "region") != 0));
		if (!ok || (!square_id && !below))
			return req_field(r, "unit_ids", arena_printf(r->arena, "%s 不在本事项责任单位之下", ok ? u.name : "该单位"));
	}
	if ((e = api_cycle_check(r, parent.cycle_id, CYCLE_EDIT_ITEMS, NULL)))
		return e;

	struct item_fields f = {parent.project, parent.category, parent.title, parent.description, "",
	                        parent.lead_leader, parent.start_date, parent.due_date, parent.target_text,
	                        parent.target_unit, parent.evidence_required, parent.has_target_value,
	                        parent.target_value, 1.0, parent.kind};
	struct milestone ms[MAX_MILESTONES];
	int nms = 0;
	void *copy[] = {ms, &nms, r->arena};
	if ((e = store_milestones(r->st, parent.id, copy_milestone_fn, copy)))
		return e;
	long long made[512];
	if ((e = store_begin(r->st)))
		return e;
	for (int k = 0; k < t.n; k++) {
		e = store_item_insert(r->st, parent.cycle_id, parent.id, t.ids[k], &f, false, &made[k]);
		if (e == LD_CONFLICT) {
			api_audit_failed(r, "item.decompose", "item", parent.id, "a unit already has a child");
			return req_field(r, "unit_ids", arena_printf(r->arena, "单位 %lld 已有本事项的分解事项", t.ids[k])),
			       LD_CONFLICT;
		}
		if (e || (nms && (e = store_milestones_set(r->st, made[k], ms, nms))) ||
		    (e = store_item_refresh(r->st, made[k])))
			return e;
		struct item child;
		if ((e = store_item_get(r->st, r->arena, made[k], &child)) ||
		    (e = api_audit(r, "item.decompose", "item", made[k], NULL, item_snapshot(r, &child))))
			return e;
	}
	if ((e = store_item_refresh(r->st, parent.id)) ||
	    (e = api_audit(r, "item.decomposed", "item", parent.id, NULL,
	                   arena_printf(r->arena, "{\"children\":%d}", t.n))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (int k = 0; k < t.n; k++) {
		struct item child;
		if ((e = store_item_get(r->st, r->arena, made[k], &child)))
			return e;
		list_fn(&w, &child);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

static const char *const adopt_fields[] = {"responsible_person", NULL};

/* POST /api/v1/items/ID/adopt {"responsible_person"?} — unit_leader or filler over the child's
 * unit accepts a decomposed item (认领). 200 ItemDetail; 409 when it is not a child waiting. */
enum lderr items_adopt(struct req *r)
{
	struct item it, after;
	const char *person = NULL;
	enum lderr e = api_item_load(r, ROLES_ITEM_ADOPT, r->param[0], &it);
	if (e)
		return e;
	api_only(r, adopt_fields);
	api_str(r, "responsible_person", false, 50, &person);
	if (r->nferr)
		return LD_VALIDATION;
	if (!it.parent_id || it.adopted)
		return req_fail(r, LD_STATE, "该事项不是待认领的分解事项");
	if ((e = api_cycle_check(r, it.cycle_id, CYCLE_EDIT_ITEMS, NULL)))
		return e;
	if ((e = store_begin(r->st)) || (e = store_item_adopt(r->st, it.id, person && *person ? person : NULL)) ||
	    (e = store_item_refresh(r->st, it.id)) || (e = store_item_get(r->st, r->arena, it.id, &after)) ||
	    (e = api_audit(r, "item.adopt", "item", it.id, item_snapshot(r, &it), item_snapshot(r, &after))) ||
	    (e = store_commit(r->st)))
		return e;
	return write_detail(r, it.id, 200);
}

static const char *const bulk_fields[] = {"ids", "action", NULL};

/* POST /api/v1/items/bulk {"ids":[…],"action":"done"|"cancel"|"activate"} — all or nothing;
 * 404 when any id is unknown or out of scope. 200 {"updated":N}. */
enum lderr items_bulk(struct req *r)
{
	const char *action = NULL, *state = NULL;
	api_only(r, bulk_fields);
	if (api_str(r, "action", true, 20, &action) && action) {
		state = strcmp(action, "done") == 0 ? "done" : strcmp(action, "cancel") == 0 ? "cancelled"
		        : strcmp(action, "activate") == 0 ? "active" : NULL;
		if (!state)
			req_field(r, "action", "应为 done、cancel 或 activate");
	}
	json_t *ids = r->json ? json_object_get(r->json, "ids") : NULL;
	if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 1000)
		req_field(r, "ids", "应为 1 到 1000 个事项编号");
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e = store_begin(r->st);
	if (e)
		return e;
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) {
		struct item before, after;
		if (!json_is_integer(v))
			return req_field(r, "ids", "应为事项编号");
		if ((e = api_item_load(r, ROLES_ITEM_WRITE, json_integer_value(v), &before)))
			return e;
		if (strcmp(state, "done") == 0 && strcmp(before.kind, "rectification") == 0)
			return req_fail(r, LD_STATE, arena_printf(r->arena, "整改事项「%s」须经督查人员核验后办结", before.title));
		if ((e = api_cycle_check(r, before.cycle_id, CYCLE_EDIT_ITEMS, NULL)) ||
		    (e = store_item_set_state(r->st, before.id, state)) || (e = store_item_refresh(r->st, before.id)) ||
		    (e = store_item_get(r->st, r->arena, before.id, &after)) ||
		    (e = api_audit(r, "item.bulk", "item", before.id, item_snapshot(r, &before), item_snapshot(r, &after))))
			return e;
	}
	if ((e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "updated", (long long)json_array_size(ids));
	jw_obj_end(&w);
	return LD_OK;
}

/* ---- the timeline ---- */

static const char *describe(const char *action)
{
	static const struct {
		const char *action, *zh;
	} words[] = {
		{"item.create", "创建事项"}, {"item.update", "修改事项"}, {"item.decompose", "由上级分解下达"},
		{"item.decomposed", "分解到下级单位"}, {"item.adopt", "认领事项"}, {"item.bulk", "批量变更状态"},
		{"item.import", "导入事项"}, {"report.create", "起草进展"}, {"report.update", "修改进展"},
		{"report.submit", "提交进展"}, {"report.approve", "审核通过"}, {"report.return", "退回进展"},
		{"attachment.add", "上传佐证材料"}, {"attachment.delete", "删除佐证材料"},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].action, action) == 0)
			return words[i].zh;
	return action;
}

static int timeline_fn(void *ctx, const struct audit_row *a)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kstr(w, "at", a->at);
	bool report = strcmp(a->entity, "report") == 0;
	bool review = strcmp(a->action, "report.approve") == 0 || strcmp(a->action, "report.return") == 0;
	jw_kstr(w, "kind", review ? "review" : report ? "report" : "change");
	jw_kstr(w, "actor", a->actor);
	jw_kstr(w, "action", a->action);
	jw_kstr(w, "summary", describe(a->action));
	jw_key(w, "report_id");
	if (report)
		jw_raw(w, a->entity_id);
	else
		jw_null(w);
	jw_key(w, "before");
	jw_raw(w, a->before ? a->before : "null");
	jw_key(w, "after");
	jw_raw(w, a->after ? a->after : "null");
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/items/ID/timeline — the item's history, oldest first: changes, decomposition,
 * adoption, reports and their reviews, from the audit log. */
enum lderr items_timeline(struct req *r)
{
	struct item it;
	enum lderr e = api_item_load_brief(r, ROLES_ITEM_READ, r->param[0], &it); /* its id and scope */
	if (e)
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	if ((e = store_audit_item_timeline(r->st, it.id, timeline_fn, &w)))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}
