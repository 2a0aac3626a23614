/* The assessment's set-up (office): the indicator system (考核指标体系), peer groups (考核类别)
 * with their quotas, the cycle's assessment settings, bonus/deduction lines and vetoes. */
#include <stdlib.h>
#include <string.h>

#include "api/assess.h"
#include "api/handlers.h"
#include "store/assess.h"
#include "store/cycles.h"
#include "io/sheets.h"
#include "io/table.h"
#include "store/store.h"

static const char *const methods[] = {"branch", "auto", "manual", "bonus", "deduction", "veto", NULL};
static const char *const metrics[] = {"items_on_time", "milestones_on_time", "report_timeliness",
                                      "rectification_closure", "notices_on_time", NULL};

static bool one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

enum lderr api_assess_cycle(struct req *r, long long cycle_id, bool editable, struct cycle *out)
{
	struct cycle c;
	enum lderr e = store_cycle_get(r->st, r->arena, cycle_id, &c);
	if (e)
		return e;
	if (editable && (strcmp(c.phase, "publicising") == 0 || strcmp(c.phase, "closed") == 0))
		return req_fail(r, LD_PHASE, arena_printf(r->arena, "%lld 年度考核结果已公示或已归档，不能修改", c.year));
	if (out)
		*out = c;
	return LD_OK;
}

/* ---- the indicator tree ---- */

struct tree {
	struct req *r;
	struct indicator *all;
	int n, cap;
};

static int collect_fn(void *ctx, const struct indicator *i)
{
	struct tree *t = ctx;
	if (t->n == t->cap)
		return 1;
	t->all[t->n] = *i;
	t->all[t->n].name = arena_strdup(t->r->arena, i->name);
	t->all[t->n].method = arena_strdup(t->r->arena, i->method);
	t->all[t->n].criteria = arena_strdup(t->r->arena, i->criteria);
	t->all[t->n].metric = i->metric ? arena_strdup(t->r->arena, i->metric) : NULL;
	t->n++;
	return 0;
}

enum lderr api_indicator_tree(struct req *r, long long cycle_id, struct indicator **out, int *n)
{
	struct tree t = {r, arena_alloc(r->arena, sizeof(struct indicator) * 2048), 0, 2048};
	if (!t.all)
		return LD_NOMEM;
	enum lderr e = store_indicators(r->st, cycle_id, collect_fn, &t);
	*out = t.all;
	*n = t.n;
	return e;
}

int api_indicator_level(const struct indicator *all, int n, int k)
{
	int level = 1;
	for (long long p = all[k].parent_id; p; level++) {
		long long next = 0;
		for (int i = 0; i < n; i++)
			if (all[i].id == p)
				next = all[i].parent_id;
		p = next;
	}
	return level;
}

static void indicator_json(struct jw *w, const struct indicator *all, int n, int k)
{
	const struct indicator *i = &all[k];
	jw_obj(w);
	jw_kint(w, "id", i->id);
	jw_kint(w, "cycle_id", i->cycle_id);
	jw_key(w, "parent_id");
	i->parent_id ? jw_int(w, i->parent_id) : jw_null(w);
	jw_kint(w, "level", api_indicator_level(all, n, k));
	jw_kint(w, "seq", i->seq);
	jw_kstr(w, "name", i->name);
	jw_key(w, "max_score");
	jw_double(w, i->max_score);
	jw_kstr(w, "method", i->method);
	jw_kstr(w, "criteria", i->criteria);
	jw_kstr(w, "metric", i->metric);
	jw_key(w, "full_at");
	jw_double(w, i->full_at);
	jw_key(w, "zero_at");
	jw_double(w, i->zero_at);
	jw_key(w, "children");
	jw_arr(w);
	for (int c = 0; c < n; c++)
		if (all[c].parent_id == i->id)
			indicator_json(w, all, n, c);
	jw_arr_end(w);
	jw_obj_end(w);
}

/* GET /api/v1/cycles/ID/indicators — the tree, roots with their children, and its total. */
enum lderr indicators_list(struct req *r)
{
	struct indicator *all;
	int n;
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	if (e || (e = api_indicator_tree(r, r->param[0], &all, &n)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	double total = 0;
	for (int k = 0; k < n; k++)
		if (!all[k].parent_id) {
			indicator_json(&w, all, n, k);
			if (strcmp(all[k].method, "bonus") != 0)
				total += all[k].max_score;
		}
	jw_arr_end(&w);
	jw_key(&w, "total_max");
	jw_double(&w, total);
	jw_obj_end(&w);
	return LD_OK;
}

/* Checks an indicator against the tree's rules; records field errors. */
static void check_indicator(struct req *r, const struct indicator *in, const struct indicator *all, int n)
{
	if (!one_of(in->method, methods))
		req_field(r, "method", "评分方式应为 branch、auto、manual、bonus、deduction 或 veto");
	if (strcmp(in->method, "auto") == 0) {
		if (!one_of(in->metric, metrics))
			req_field(r, "metric", "自动评分须指定数据来源（按时完成率、节点按时率、填报及时率、整改办结率或督办按时回复率）");
		if (!(in->zero_at < in->full_at) || in->zero_at < 0 || in->full_at > 1)
			req_field(r, "full_at", "应满足 0 ≤ zero_at < full_at ≤ 1");
	}
	if (in->parent_id) {
		int p = -1;
		for (int k = 0; k < n; k++)
			if (all[k].id == in->parent_id)
				p = k;
		if (p < 0) {
			req_field(r, "parent_id", "上级指标不存在");
			return;
		}
		if (strcmp(all[p].method, "branch") != 0)
			req_field(r, "parent_id", "只有分类指标（branch）下可以设子指标");
		else if (api_indicator_level(all, n, p) >= 3)
			req_field(r, "parent_id", "指标最多三级");
		double sum = strcmp(in->method, "bonus") == 0 ? 0 : in->max_score;
		for (int k = 0; k < n; k++)
			if (all[k].parent_id == in->parent_id && all[k].id != in->id && strcmp(all[k].method, "bonus") != 0)
				sum += all[k].max_score;
		if (sum > all[p].max_score + 1e-9)
			req_field(r, "max_score", arena_printf(r->arena, "同级指标分值合计 %g 超过上级指标分值 %g", sum, all[p].max_score));
	}
}

static const char *const indicator_fields[] = {"parent_id", "name", "max_score", "method", "criteria", "metric",
                                               "full_at", "zero_at", "seq", NULL};

static void read_indicator(struct req *r, struct indicator *in, bool create)
{
	api_only(r, indicator_fields);
	long long v = 0;
	if (create && api_int(r, "parent_id", false, &v))
		in->parent_id = v;
	v = in->seq;
	api_str(r, "name", create, 100, &in->name);
	if (in->name && !*in->name)
		req_field(r, "name", "不能为空");
	json_t *ms = r->json ? json_object_get(r->json, "max_score") : NULL;
	if (ms && (!json_is_number(ms) || json_number_value(ms) < 0 || json_number_value(ms) > 1000))
		req_field(r, "max_score", "分值应为 0 到 1000 的数字");
	else if (ms)
		in->max_score = json_number_value(ms);
	else if (create)
		req_field(r, "max_score", "必填");
	api_str(r, "method", create, 20, &in->method);
	api_str(r, "criteria", false, 2000, &in->criteria);
	api_str(r, "metric", false, 40, &in->metric);
	json_t *f = r->json ? json_object_get(r->json, "full_at") : NULL, *z = r->json ? json_object_get(r->json, "zero_at") : NULL;
	if (f && json_is_number(f))
		in->full_at = json_number_value(f);
	if (z && json_is_number(z))
		in->zero_at = json_number_value(z);
	if (api_int(r, "seq", false, &v))
		in->seq = v; /* v holds the old seq when the field is absent */
}

static enum lderr answer_indicator(struct req *r, int status, long long cycle, long long id)
{
	struct indicator *all;
	int n;
	enum lderr e = api_indicator_tree(r, cycle, &all, &n);
	if (e)
		return e;
	for (int k = 0; k < n; k++)
		if (all[k].id == id) {
			struct jw w;
			api_json(r, status, &w);
			indicator_json(&w, all, n, k);
			return LD_OK;
		}
	return LD_NOT_FOUND;
}

/* POST /api/v1/cycles/ID/indicators {parent_id?, name, max_score, method, criteria?, metric?,
 * full_at?, zero_at?, seq?} — office. 201 Indicator; 422 naming what breaks the tree's rules. */
enum lderr indicators_create(struct req *r)
{
	long long cycle = r->param[0];
	struct indicator in = {.cycle_id = cycle, .full_at = 1, .zero_at = 0, .criteria = ""};
	struct indicator *all;
	int n;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e || (e = api_indicator_tree(r, cycle, &all, &n)))
		return e;
	read_indicator(r, &in, true);
	if (r->nferr)
		return LD_VALIDATION;
	check_indicator(r, &in, all, n);
	if (r->nferr)
		return LD_VALIDATION;
	if (!in.seq)
		for (int k = 0; k < n; k++)
			if (all[k].parent_id == in.parent_id && all[k].seq >= in.seq)
				in.seq = all[k].seq + 1;
	long long id;
	if ((e = store_begin(r->st)))
		return e;
	e = store_indicator_insert(r->st, &in, &id);
	if (e == LD_CONFLICT)
		return req_field(r, "name", "同一上级下已有同名指标"), LD_CONFLICT;
	if (e || (e = api_audit(r, "indicator.create", "indicator", id, NULL,
	                        api_kv(r, "name", in.name, "method", in.method,
	                               "max_score", arena_printf(r->arena, "%g", in.max_score), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer_indicator(r, 201, cycle, id);
}

/* PATCH /api/v1/indicators/ID — office, before the results are published. */
enum lderr indicators_update(struct req *r)
{
	struct indicator in, *all;
	int n;
	enum lderr e = store_indicator_get(r->st, r->arena, r->param[0], &in);
	if (e || (e = api_assess_cycle(r, in.cycle_id, true, NULL)) || (e = api_indicator_tree(r, in.cycle_id, &all, &n)))
		return e;
	const char *before = api_kv(r, "name", in.name, "max_score", arena_printf(r->arena, "%g", in.max_score), NULL);
	read_indicator(r, &in, false);
	if (r->nferr)
		return LD_VALIDATION;
	check_indicator(r, &in, all, n);
	/* a branch may not shrink below what its children already claim */
	double kids = 0;
	for (int k = 0; k < n; k++)
		if (all[k].parent_id == in.id && strcmp(all[k].method, "bonus") != 0)
			kids += all[k].max_score;
	if (kids > in.max_score + 1e-9)
		req_field(r, "max_score", arena_printf(r->arena, "下级指标分值合计 %g，不能小于它", kids));
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	e = store_indicator_update(r->st, &in);
	if (e == LD_CONFLICT)
		return req_field(r, "name", "同一上级下已有同名指标"), LD_CONFLICT;
	if (e || (e = api_audit(r, "indicator.update", "indicator", in.id, before,
	                        api_kv(r, "name", in.name, "max_score", arena_printf(r->arena, "%g", in.max_score), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer_indicator(r, 200, in.cycle_id, in.id);
}

/* DELETE /api/v1/indicators/ID — office; 409 when it has children or scores. */
enum lderr indicators_delete(struct req *r)
{
	struct indicator in;
	enum lderr e = store_indicator_get(r->st, r->arena, r->param[0], &in);
	if (e || (e = api_assess_cycle(r, in.cycle_id, true, NULL)) || (e = store_begin(r->st)))
		return e;
	e = store_indicator_delete(r->st, in.id);
	if (e == LD_CONFLICT)
		return req_fail(r, LD_CONFLICT, "该指标下还有子指标或已有评分，不能删除");
	if (e || (e = api_audit(r, "indicator.delete", "indicator", in.id, api_kv(r, "name", in.name, NULL), NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* ---- settings ---- */

static enum lderr settings_answer(struct req *r, long long cycle)
{
	struct assess_settings s;
	enum lderr e = store_assess_settings(r->st, cycle, &s);
	if (e)
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "demo_total", s.demo_total);
	jw_key(&w, "bonus_cap");
	jw_double(&w, s.bonus_cap);
	jw_kint(&w, "publicity_workdays", s.publicity_workdays);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/cycles/ID/assessment-settings */
enum lderr assess_settings_get(struct req *r)
{
	return settings_answer(r, r->param[0]);
}

static const char *const settings_fields[] = {"demo_total", "bonus_cap", "publicity_workdays", NULL};

/* PUT /api/v1/cycles/ID/assessment-settings {"demo_total","bonus_cap","publicity_workdays"} — office. */
enum lderr assess_settings_put(struct req *r)
{
	struct assess_settings s;
	enum lderr e = api_assess_cycle(r, r->param[0], true, NULL);
	if (e || (e = store_assess_settings(r->st, r->param[0], &s)))
		return e;
	api_only(r, settings_fields);
	long long v = s.demo_total;
	if (api_int(r, "demo_total", false, &v) && (v < 0 || v > 100000))
		req_field(r, "demo_total", "应为 0 到 100000 的整数");
	else
		s.demo_total = v;
	json_t *b = r->json ? json_object_get(r->json, "bonus_cap") : NULL;
	if (b && (!json_is_number(b) || json_number_value(b) < 0))
		req_field(r, "bonus_cap", "应为不小于 0 的数字");
	else if (b)
		s.bonus_cap = json_number_value(b);
	v = s.publicity_workdays;
	if (api_int(r, "publicity_workdays", false, &v) && (v < 1 || v > 60))
		req_field(r, "publicity_workdays", "应为 1 到 60 的整数");
	else
		s.publicity_workdays = v;
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)) || (e = store_assess_settings_set(r->st, r->param[0], &s)) ||
	    (e = api_audit(r, "assessment.settings", "cycle", r->param[0], NULL,
	                   api_kv(r, "demo_total", arena_printf(r->arena, "%lld", s.demo_total), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return settings_answer(r, r->param[0]);
}

/* ---- peer groups ---- */

struct members {
	struct jw *w;
};

static int member_fn(void *ctx, long long unit, const char *name, const char *path)
{
	struct jw *w = ctx;
	(void)path;
	jw_obj(w);
	jw_kint(w, "unit_id", unit);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
	return 0;
}

static enum lderr group_json(struct req *r, struct jw *w, const struct group *g)
{
	jw_obj(w);
	jw_kint(w, "id", g->id);
	jw_kint(w, "cycle_id", g->cycle_id);
	jw_kstr(w, "name", g->name);
	jw_key(w, "excellent_share");
	jw_double(w, g->excellent_share);
	jw_key(w, "excellent_min");
	jw_double(w, g->excellent_min);
	jw_key(w, "good_min");
	jw_double(w, g->good_min);
	jw_key(w, "fair_min");
	jw_double(w, g->fair_min);
	jw_kint(w, "member_count", g->member_count);
	jw_key(w, "members");
	jw_arr(w);
	enum lderr e = store_group_members(r->st, g->id, member_fn, w);
	jw_arr_end(w);
	jw_obj_end(w);
	return e;
}

struct glist {
	struct req *r;
	struct jw *w;
	enum lderr e;
};

static int group_fn(void *ctx, const struct group *g)
{
	struct glist *l = ctx;
	l->e = group_json(l->r, l->w, g);
	return l->e != LD_OK;
}

/* GET /api/v1/cycles/ID/groups */
enum lderr groups_list(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct glist l = {r, &w, LD_OK};
	enum lderr e = store_groups(r->st, r->param[0], group_fn, &l);
	if (e || (e = l.e))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

static enum lderr group_answer(struct req *r, int status, long long id)
{
	struct group g;
	enum lderr e = store_group_get(r->st, r->arena, id, &g);
	if (e)
		return e;
	struct jw w;
	api_json(r, status, &w);
	return group_json(r, &w, &g);
}

static const char *const group_fields[] = {"name", "excellent_share", "excellent_min", "good_min", "fair_min", NULL};

static void read_group(struct req *r, struct group *g, bool create)
{
	api_only(r, group_fields);
	api_str(r, "name", create, 100, &g->name);
	if (g->name && !*g->name)
		req_field(r, "name", "不能为空");
	static const char *const num[] = {"excellent_share", "excellent_min", "good_min", "fair_min"};
	double *to[] = {&g->excellent_share, &g->excellent_min, &g->good_min, &g->fair_min};
	for (int i = 0; i < 4; i++) {
		json_t *v = r->json ? json_object_get(r->json, num[i]) : NULL;
		double hi = i == 0 ? 1 : 1000;
		if (v && (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > hi))
			req_field(r, num[i], arena_printf(r->arena, "应为 0 到 %g 的数字", hi));
		else if (v)
			*to[i] = json_number_value(v);
	}
	if (!(g->excellent_min >= g->good_min && g->good_min >= g->fair_min))
		req_field(r, "good_min", "分数线应满足 优秀 ≥ 良好 ≥ 一般");
}

/* POST /api/v1/cycles/ID/groups {name, excellent_share?, excellent_min?, good_min?, fair_min?} — office. 201. */
enum lderr groups_create(struct req *r)
{
	struct group g = {.cycle_id = r->param[0], .excellent_share = 0.2, .excellent_min = 90, .good_min = 80,
	                  .fair_min = 60};
	enum lderr e = api_assess_cycle(r, g.cycle_id, true, NULL);
	if (e)
		return e;
	read_group(r, &g, true);
	if (r->nferr)
		return LD_VALIDATION;
	long long id;
	if ((e = store_begin(r->st)))
		return e;
	e = store_group_insert(r->st, &g, &id);
	if (e == LD_CONFLICT)
		return req_field(r, "name", "已有同名考核类别"), LD_CONFLICT;
	if (e || (e = api_audit(r, "group.create", "group", id, NULL, api_kv(r, "name", g.name, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return group_answer(r, 201, id);
}

/* PATCH /api/v1/groups/ID — office. */
enum lderr groups_update(struct req *r)
{
	struct group g;
	enum lderr e = store_group_get(r->st, r->arena, r->param[0], &g);
	if (e || (e = api_assess_cycle(r, g.cycle_id, true, NULL)))
		return e;
	read_group(r, &g, false);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	e = store_group_update(r->st, &g);
	if (e == LD_CONFLICT)
		return req_field(r, "name", "已有同名考核类别"), LD_CONFLICT;
	if (e || (e = api_audit(r, "group.update", "group", g.id, NULL, api_kv(r, "name", g.name, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return group_answer(r, 200, g.id);
}

static const char *const member_fields[] = {"unit_ids", NULL};

/* POST /api/v1/groups/ID/members {"unit_ids":[…]} — office; 409 (field unit_ids) when a unit is
 * already in a group of the cycle; all or nothing. 201 the group. */
enum lderr groups_add_members(struct req *r)
{
	struct group g;
	enum lderr e = store_group_get(r->st, r->arena, r->param[0], &g);
	if (e || (e = api_assess_cycle(r, g.cycle_id, true, NULL)))
		return e;
	api_only(r, member_fields);
	json_t *ids = r->json ? json_object_get(r->json, "unit_ids") : NULL;
	if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 2000)
		return req_field(r, "unit_ids", "应为 1 到 2000 个单位编号");
	if ((e = store_begin(r->st)))
		return e;
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) {
		struct unit u;
		if (!json_is_integer(v) || api_unit_load(r, ROLE_BIT(ROLE_OFFICE), json_integer_value(v), &u) != LD_OK)
			return req_field(r, "unit_ids", "单位不存在或不在您的权限范围内");
		e = store_group_member_add(r->st, g.id, g.cycle_id, u.id);
		if (e == LD_CONFLICT)
			return req_field(r, "unit_ids", arena_printf(r->arena, "%s 已在本年度的某个考核类别中", u.name)), LD_CONFLICT;
		if (e || (e = api_audit(r, "group.member_add", "group", g.id, NULL,
		                        api_kv(r, "unit_id", arena_printf(r->arena, "%lld", u.id), NULL))))
			return e;
	}
	if ((e = store_commit(r->st)))
		return e;
	return group_answer(r, 201, g.id);
}

/* DELETE /api/v1/groups/ID/members/UNIT_ID — office. 204. */
enum lderr groups_remove_member(struct req *r)
{
	struct group g;
	enum lderr e = store_group_get(r->st, r->arena, r->param[0], &g);
	if (e || (e = api_assess_cycle(r, g.cycle_id, true, NULL)) || (e = store_begin(r->st)) ||
	    (e = store_group_member_remove(r->st, g.id, r->param[1])) ||
	    (e = api_audit(r, "group.member_remove", "group", g.id, api_kv(r, "unit_id", r->param_str[1], NULL), NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* ---- bonus, deduction, veto ---- */

static int adjustment_fn(void *ctx, const struct adjustment *a)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", a->id);
	jw_kint(w, "unit_id", a->unit_id);
	jw_kint(w, "indicator_id", a->indicator_id);
	jw_kstr(w, "kind", a->kind);
	jw_key(w, "points");
	jw_double(w, a->points);
	jw_kstr(w, "reason", a->reason);
	jw_kstr(w, "created_at", a->created_at);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/cycles/ID/adjustments?unit_id= — office. */
enum lderr adjustments_list(struct req *r)
{
	long long unit = 0;
	const char *s = query_get(&r->query, "unit_id");
	if (s && !parse_int(s, 1, 1LL << 53, &unit))
		return req_field(r, "unit_id", "应为单位编号");
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_adjustments(r->st, r->param[0], unit, adjustment_fn, &w);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* Loads a leaf of the given method in cycle; records a field error otherwise. */
static bool leaf_of(struct req *r, long long cycle, long long id, const char *method, struct indicator *out)
{
	if (store_indicator_get(r->st, r->arena, id, out) != LD_OK || out->cycle_id != cycle ||
	    strcmp(out->method, method) != 0) {
		req_field(r, "indicator_id", arena_printf(r->arena, "应为本年度的%s指标",
		                                          strcmp(method, "veto") == 0 ? "一票否决" : "加分或扣分"));
		return false;
	}
	return true;
}

static bool assessed_unit(struct req *r, long long cycle, long long unit_id)
{
	long long group = 0;
	if (store_unit_group(r->st, cycle, unit_id, &group) != LD_OK || !group) {
		req_field(r, "unit_id", "该单位不在本年度的任何考核类别中");
		return false;
	}
	return true;
}

static const char *const adjustment_fields[] = {"unit_id", "indicator_id", "points", "reason", NULL};

/* POST /api/v1/cycles/ID/adjustments {"unit_id","indicator_id","points","reason"} — office. 201. */
enum lderr adjustments_create(struct req *r)
{
	long long cycle = r->param[0], unit = 0, ind = 0, id;
	const char *reason = NULL;
	struct indicator in;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e)
		return e;
	api_only(r, adjustment_fields);
	if (api_int(r, "unit_id", true, &unit) && unit)
		assessed_unit(r, cycle, unit);
	if (api_int(r, "indicator_id", true, &ind) && ind && !leaf_of(r, cycle, ind, "bonus", &in)) {
		r->nferr--; /* a deduction leaf is as good */
		leaf_of(r, cycle, ind, "deduction", &in);
	}
	json_t *p = r->json ? json_object_get(r->json, "points") : NULL;
	if (!p || !json_is_number(p) || json_number_value(p) <= 0 || json_number_value(p) > 1000)
		req_field(r, "points", "分值应为大于 0 的数字");
	api_str(r, "reason", true, 1000, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)) ||
	    (e = store_adjustment_insert(r->st, cycle, unit, ind, json_number_value(p), reason, r->sess->user_id, &id)) ||
	    (e = api_audit(r, strcmp(in.method, "bonus") == 0 ? "adjustment.bonus" : "adjustment.deduction", "adjustment", id,
	                   NULL, api_kv(r, "unit_id", arena_printf(r->arena, "%lld", unit), "points",
	                                arena_printf(r->arena, "%g", json_number_value(p)), "reason", reason, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	struct adjustment a = {id, unit, ind, json_number_value(p), reason, in.method, NULL};
	adjustment_fn(&w, &a);
	return LD_OK;
}

/* DELETE /api/v1/adjustments/ID — office. */
enum lderr adjustments_delete(struct req *r)
{
	long long cycle;
	enum lderr e = store_begin(r->st);
	if (e || (e = store_adjustment_delete(r->st, r->param[0], &cycle)))
		return e;
	if ((e = api_assess_cycle(r, cycle, true, NULL)) ||
	    (e = api_audit(r, "adjustment.delete", "adjustment", r->param[0], NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

static const char *const veto_fields[] = {"unit_id", "indicator_id", "reason", NULL};

/* POST /api/v1/cycles/ID/vetoes {"unit_id","indicator_id","reason"} — office confirms a veto. 201. */
enum lderr vetoes_create(struct req *r)
{
	long long cycle = r->param[0], unit = 0, ind = 0, id;
	const char *reason = NULL;
	struct indicator in;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e)
		return e;
	api_only(r, veto_fields);
	if (api_int(r, "unit_id", true, &unit) && unit)
		assessed_unit(r, cycle, unit);
	if (api_int(r, "indicator_id", true, &ind) && ind)
		leaf_of(r, cycle, ind, "veto", &in);
	api_str(r, "reason", true, 1000, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	e = store_veto_insert(r->st, cycle, unit, ind, reason, r->sess->user_id, &id);
	if (e == LD_CONFLICT)
		return req_field(r, "indicator_id", "该单位已有此项否决"), LD_CONFLICT;
	if (e || (e = api_audit(r, "veto.confirm", "veto", id, NULL,
	                        api_kv(r, "unit_id", arena_printf(r->arena, "%lld", unit), "reason", reason, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	jw_obj(&w);
	jw_kint(&w, "id", id);
	jw_kint(&w, "unit_id", unit);
	jw_kint(&w, "indicator_id", ind);
	jw_kstr(&w, "reason", reason);
	jw_obj_end(&w);
	return LD_OK;
}

/* DELETE /api/v1/vetoes/ID — office. */
enum lderr vetoes_delete(struct req *r)
{
	long long cycle;
	enum lderr e = store_begin(r->st);
	if (e || (e = store_veto_delete(r->st, r->param[0], &cycle)))
		return e;
	if ((e = api_assess_cycle(r, cycle, true, NULL)) || (e = api_audit(r, "veto.delete", "veto", r->param[0], NULL, NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* ---- Excel: the indicator template and import ---- */

static const char *const sheet_headers[] = {"一级指标", "二级指标", "三级指标", "分值", "评分方式", "评分标准", "自动指标"};
static const char *const method_words[][2] = {
	{"自动", "auto"}, {"人工", "manual"}, {"加分", "bonus"}, {"扣分", "deduction"}, {"一票否决", "veto"},
};
static const char *const metric_words[][2] = {
	{"按时完成率", "items_on_time"}, {"节点按时率", "milestones_on_time"}, {"填报及时率", "report_timeliness"},
	{"整改办结率", "rectification_closure"}, {"督办按时回复率", "notices_on_time"},
};

/* GET /api/v1/cycles/ID/indicators/template.xlsx — the columns the import reads. */
enum lderr indicators_template(struct req *r)
{
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	if (e)
		return e;
	struct sheet_book *b = sheets_book_new();
	if (!b)
		return LD_IO;
	sheets_book_sheet(b, "指标体系", sheet_headers, 7);
	static const char *const example[][7] = {
		{"工作实绩", "", "", "60", "", "", ""},
		{"工作实绩", "重点任务", "", "40", "人工", "按完成质量评分", ""},
		{"工作实绩", "清单按时完成率", "", "20", "自动", "按时完成率达到 90% 得满分", "按时完成率"},
	};
	for (int i = 0; i < 3; i++) {
		for (int c = 0; c < 7; c++)
			c == 3 ? sheets_book_number(b, c, (double)atoi(example[i][c])) : sheets_book_text(b, c, example[i][c]);
		sheets_book_next_row(b);
	}
	static const char *const help_headers[] = {"说明"};
	sheets_book_sheet(b, "填写说明", help_headers, 1);
	static const char *const help[] = {
		"每行定义一个指标：填到哪一级，就定义哪一级的指标，其左侧各级为它的上级，须在前面的行中先定义。",
		"评分方式留空表示分类指标（其分值为下级指标分值之和的上限）；否则填 自动、人工、加分、扣分 或 一票否决。",
		"自动评分须在“自动指标”列填 按时完成率、节点按时率、填报及时率、整改办结率 或 督办按时回复率。",
		"同一上级下各指标（加分项除外）的分值合计不得超过上级指标的分值。导入时整表检查，有错误则整表不导入。",
	};
	for (int i = 0; i < 4; i++) {
		sheets_book_text(b, 0, help[i]);
		sheets_book_next_row(b);
	}
	buf_reset(r->out);
	if ((e = sheets_book_end(b, r->out)))
		return e;
	r->status = 200;
	r->out_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	/* 考核指标导入模板.xlsx */
	req_header(r, "Content-Disposition", "attachment; filename=\"liandong-indicators.xlsx\"; filename*=UTF-8''"
	                                     "%E8%80%83%E6%A0%B8%E6%8C%87%E6%A0%87%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
	return LD_OK;
}

struct import_node {
	char path[640];   /* "一级/二级/三级" */
	int parent;       /* index, -1 for a root */
	struct indicator in;
	double children;  /* the non-bonus children's maxima so far */
	int line;
};

static const char *cell_at(const struct table_row *row, int c)
{
	return c < row->n ? row->cell[c] : "";
}

/* POST /api/v1/cycles/ID/indicators/import — the raw .xlsx or UTF-8 .csv with the template's
 * columns, into an empty indicator system, all or nothing. 200 {"created":N}; 422 listing
 * every bad cell as "row N 列名". */
enum lderr indicators_import(struct req *r)
{
	long long cycle = r->param[0];
	struct indicator *all;
	int existing;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e || (e = api_indicator_tree(r, cycle, &all, &existing)))
		return e;
	if (existing)
		return req_fail(r, LD_STATE, "本年度已有指标体系；导入只用于建立新的指标体系");
	if (r->body_len == 0)
		return req_field(r, "body", "请上传 .xlsx 或 .csv 文件");
	bool xlsx = r->body_len >= 4 && memcmp(r->body, "PK\x03\x04", 4) == 0;
	if (!xlsx && !utf8_valid(r->body, r->body_len))
		return req_fail(r, LD_MEDIA_TYPE, "只接受 .xlsx 或 UTF-8 编码的 .csv 文件");
	struct table t;
	char why[256];
	if (table_read(r->body, r->body_len, xlsx, "指标体系", r->arena, &t, why, sizeof(why)) < 0)
		return req_fail(r, LD_VALIDATION, arena_strdup(r->arena, why));
	if (t.nrows < 2)
		return req_fail(r, LD_VALIDATION, "表格中没有指标");
	int col[7];
	for (int c = 0; c < 7; c++) {
		col[c] = -1;
		for (int i = 0; i < t.row[0].n; i++)
			if (strcmp(t.row[0].cell[i], sheet_headers[c]) == 0)
				col[c] = i;
		if (col[c] < 0 && c != 5 && c != 6)
			req_field(r, arena_printf(r->arena, "row 1 %s", sheet_headers[c]), "缺少此列");
	}
	if (r->nferr)
		return LD_VALIDATION;
	struct import_node *nodes = arena_zalloc(r->arena, sizeof(*nodes) * (size_t)t.nrows);
	int n = 0;
	if (!nodes)
		return LD_NOMEM;
	for (int i = 1; i < t.nrows; i++) {
		const struct table_row *row = &t.row[i];
		const char *lv[3] = {cell_at(row, col[0]), cell_at(row, col[1]), cell_at(row, col[2])};
		int depth = lv[2][0] ? 3 : lv[1][0] ? 2 : lv[0][0] ? 1 : 0;
		if (!depth) {
			req_field(r, arena_printf(r->arena, "row %d 一级指标", row->line), "没有指标名称");
			continue;
		}
		struct import_node *nd = &nodes[n];
		nd->line = row->line;
		nd->parent = -1;
		snprintf(nd->path, sizeof(nd->path), "%s%s%s%s%s", lv[0], depth > 1 ? "/" : "", depth > 1 ? lv[1] : "",
		         depth > 2 ? "/" : "", depth > 2 ? lv[2] : "");
		char parent[640] = "";
		if (depth > 1)
			snprintf(parent, sizeof(parent), "%s%s%s", lv[0], depth > 2 ? "/" : "", depth > 2 ? lv[1] : "");
		const char *level_col = sheet_headers[depth - 1];
		for (int k = 0; k < n; k++) {
			if (strcmp(nodes[k].path, nd->path) == 0)
				req_field(r, arena_printf(r->arena, "row %d %s", row->line, level_col),
				          arena_printf(r->arena, "与第 %d 行重复", nodes[k].line));
			if (depth > 1 && strcmp(nodes[k].path, parent) == 0)
				nd->parent = k;
		}
		if (depth > 1 && nd->parent < 0)
			req_field(r, arena_printf(r->arena, "row %d %s", row->line, sheet_headers[depth - 2]),
			          arena_printf(r->arena, "上级指标「%s」须在前面的行中先定义", parent));
		else if (depth > 1 && strcmp(nodes[nd->parent].in.method, "branch") != 0)
			req_field(r, arena_printf(r->arena, "row %d %s", row->line, level_col), "上级指标不是分类指标，不能设下级");
		nd->in.cycle_id = cycle;
		nd->in.name = arena_strdup(r->arena, lv[depth - 1]);
		nd->in.criteria = col[5] >= 0 ? cell_at(row, col[5]) : "";
		nd->in.full_at = 1;
		nd->in.seq = n + 1;
		char *end;
		const char *score = cell_at(row, col[3]);
		nd->in.max_score = strtod(score, &end);
		bool score_ok = *score && *end == '\0' && nd->in.max_score >= 0 && nd->in.max_score <= 1000;
		if (!score_ok)
			req_field(r, arena_printf(r->arena, "row %d 分值", row->line),
			          arena_printf(r->arena, "「%s」不是 0 到 1000 之间的分值", score));
		const char *how = cell_at(row, col[4]);
		nd->in.method = *how ? NULL : "branch";
		for (size_t m = 0; *how && m < sizeof(method_words) / sizeof(method_words[0]); m++)
			if (strcmp(how, method_words[m][0]) == 0)
				nd->in.method = method_words[m][1];
		if (!nd->in.method) {
			req_field(r, arena_printf(r->arena, "row %d 评分方式", row->line),
			          arena_printf(r->arena, "「%s」应为 自动、人工、加分、扣分、一票否决，或留空表示分类指标", how));
			nd->in.method = "manual";
		}
		if (strcmp(nd->in.method, "auto") == 0) {
			const char *metric = col[6] >= 0 ? cell_at(row, col[6]) : "";
			for (size_t m = 0; m < sizeof(metric_words) / sizeof(metric_words[0]); m++)
				if (strcmp(metric, metric_words[m][0]) == 0)
					nd->in.metric = metric_words[m][1];
			if (!nd->in.metric)
				req_field(r, arena_printf(r->arena, "row %d 自动指标", row->line),
				          *metric ? arena_printf(r->arena, "「%s」不是可用的自动指标", metric)
				                  : "自动评分须填写自动指标");
			nd->in.full_at = 0.9;
		}
		if (nd->parent >= 0 && score_ok && strcmp(nd->in.method, "bonus") != 0) {
			struct import_node *p = &nodes[nd->parent];
			p->children += nd->in.max_score;
			if (p->children > p->in.max_score + 1e-9)
				req_field(r, arena_printf(r->arena, "row %d 分值", row->line),
				          arena_printf(r->arena, "同级指标分值合计 %g 超过上级「%s」的 %g", p->children, p->in.name,
				                       p->in.max_score));
		}
		n++;
	}
	if (r->nferr)
		return LD_VALIDATION;
	long long *ids = arena_alloc(r->arena, sizeof(long long) * (size_t)(n + 1));
	if (!ids || (e = store_begin(r->st)))
		return ids ? e : LD_NOMEM;
	for (int k = 0; k < n; k++) {
		nodes[k].in.parent_id = nodes[k].parent >= 0 ? ids[nodes[k].parent] : 0;
		if ((e = store_indicator_insert(r->st, &nodes[k].in, &ids[k])))
			return e == LD_CONFLICT ? req_field(r, arena_printf(r->arena, "row %d 一级指标", nodes[k].line), "重复"), LD_CONFLICT : e;
	}
	if ((e = api_audit(r, "indicator.import", "cycle", cycle, NULL,
	                   api_kv(r, "created", arena_printf(r->arena, "%d", n), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "created", n);
	jw_obj_end(&w);
	return LD_OK;
}
