/* Self-assessment (自评), review panels and the reviewers' grid (评审).
 *
 * A unit sees and fills only its own sheet; a reviewer sees the units of their panels and
 * only their own scores — never another reviewer's before the results are computed — and
 * never scores their own unit. */
#include <string.h>

#include "api/assess.h"
#include "api/handlers.h"
#include "store/store.h"
#include "store/units.h"
#include "store/users.h"

#define ROLES_UNIT (ROLE_BIT(ROLE_FILLER) | ROLE_BIT(ROLE_UNIT_LEADER))

/* Leaves a unit assesses itself on: manual, auto, bonus and deduction leaves (not branches). */
static bool self_leaf(const struct indicator *i)
{
	return strcmp(i->method, "branch") != 0 && strcmp(i->method, "veto") != 0;
}

/* Whether the caller may see unit's sheet: the unit itself, the office, or a reviewer of it. */
static enum lderr may_see_sheet(struct req *r, long long cycle, long long unit_id, struct unit *u, bool *own)
{
	enum lderr e = store_unit_get(r->st, r->arena, unit_id, u);
	if (e)
		return e;
	*own = api_unit_allowed(r, ROLES_UNIT, u) &&
	       !api_unit_allowed(r, ROLE_BIT(ROLE_OFFICE), u);
	if (api_unit_allowed(r, ROLES_UNIT, u) || api_unit_allowed(r, ROLE_BIT(ROLE_OFFICE), u))
		return LD_OK;
	bool reviewer = false;
	if ((e = store_reviewer_assesses(r->st, cycle, r->sess->user_id, unit_id, &reviewer)))
		return e;
	return reviewer ? LD_OK : LD_NOT_FOUND;
}

struct sheet {
	long long id[2048];
	double score[2048];
	const char *explanation[2048];
	int n;
	struct arena *a;
};

static int self_fn(void *ctx, long long indicator, double score, const char *explanation)
{
	struct sheet *s = ctx;
	if (s->n < 2048) {
		s->id[s->n] = indicator;
		s->score[s->n] = score;
		s->explanation[s->n] = arena_strdup(s->a, explanation);
		s->n++;
	}
	return 0;
}

static enum lderr sheet_answer(struct req *r, long long cycle, long long unit_id)
{
	struct indicator *all;
	int n;
	char state[16];
	struct sheet *s = arena_zalloc(r->arena, sizeof(*s));
	if (!s)
		return LD_NOMEM;
	s->a = r->arena;
	enum lderr e;
	if ((e = api_indicator_tree(r, cycle, &all, &n)) || (e = store_self_state(r->st, cycle, unit_id, state)) ||
	    (e = store_self_scores(r->st, cycle, unit_id, self_fn, s)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "cycle_id", cycle);
	jw_kint(&w, "unit_id", unit_id);
	jw_kstr(&w, "state", state);
	jw_key(&w, "items");
	jw_arr(&w);
	for (int k = 0; k < n; k++) {
		if (!self_leaf(&all[k]))
			continue;
		jw_obj(&w);
		jw_kint(&w, "indicator_id", all[k].id);
		jw_kstr(&w, "name", all[k].name);
		jw_kstr(&w, "method", all[k].method);
		jw_key(&w, "max_score");
		jw_double(&w, all[k].max_score);
		jw_kstr(&w, "criteria", all[k].criteria);
		int at = -1;
		for (int i = 0; i < s->n; i++)
			if (s->id[i] == all[k].id)
				at = i;
		jw_key(&w, "score");
		at >= 0 ? jw_double(&w, s->score[at]) : jw_null(&w);
		jw_kstr(&w, "explanation", at >= 0 ? s->explanation[at] : "");
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/cycles/ID/self/UNIT_ID — the unit's self-assessment sheet. */
enum lderr self_get(struct req *r)
{
	struct unit u;
	bool own;
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	if (e || (e = may_see_sheet(r, r->param[0], r->param[1], &u, &own)))
		return e;
	return sheet_answer(r, r->param[0], u.id);
}

/* The unit's own people only, on a sheet in draft or returned. */
static enum lderr own_sheet(struct req *r, long long cycle, long long unit_id, bool editing, struct unit *u)
{
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e || (e = api_unit_load(r, ROLES_UNIT, unit_id, u)))
		return e;
	char state[16];
	if ((e = store_self_state(r->st, cycle, unit_id, state)))
		return e;
	if (editing && strcmp(state, "draft") != 0 && strcmp(state, "returned") != 0)
		return req_fail(r, LD_STATE, "自评已提交，不能修改");
	return LD_OK;
}

static const char *const put_fields[] = {"items", NULL};

/* PUT /api/v1/cycles/ID/self/UNIT_ID {"items":[{"indicator_id","score","explanation"}]} — the
 * unit's filler or leader, while draft or returned. Scores within [0, max] ("items[2].score"). */
enum lderr self_put(struct req *r)
{
	struct unit u;
	struct indicator *all;
	int n;
	long long cycle = r->param[0];
	enum lderr e = own_sheet(r, cycle, r->param[1], true, &u);
	if (e || (e = api_indicator_tree(r, cycle, &all, &n)))
		return e;
	api_only(r, put_fields);
	json_t *items = r->json ? json_object_get(r->json, "items") : NULL;
	if (!json_is_array(items))
		return req_field(r, "items", "应为列表");
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		json_t *id = json_object_get(v, "indicator_id"), *sc = json_object_get(v, "score");
		int k = -1;
		for (int j = 0; json_is_integer(id) && j < n; j++)
			if (all[j].id == json_integer_value(id) && self_leaf(&all[j]))
				k = j;
		if (k < 0) {
			req_field(r, arena_printf(r->arena, "items[%zu].indicator_id", i), "不是本年度需要自评的指标");
			continue;
		}
		if (!json_is_number(sc) || json_number_value(sc) < 0 || json_number_value(sc) > all[k].max_score)
			req_field(r, arena_printf(r->arena, "items[%zu].score", i),
			          arena_printf(r->arena, "应为 0 到 %g 之间的数字", all[k].max_score));
		json_t *ex = json_object_get(v, "explanation");
		if (ex && (!json_is_string(ex) || json_string_length(ex) > 8000))
			req_field(r, arena_printf(r->arena, "items[%zu].explanation", i), "应为不超过 2000 字的文本");
	}
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	json_array_foreach(items, i, v) {
		const char *ex = json_string_value(json_object_get(v, "explanation"));
		if ((e = store_self_put(r->st, cycle, u.id, json_integer_value(json_object_get(v, "indicator_id")),
		                        json_number_value(json_object_get(v, "score")), ex)))
			return e;
	}
	if ((e = api_audit(r, "self.update", "unit", u.id, NULL,
	                   api_kv(r, "cycle_id", arena_printf(r->arena, "%lld", cycle), "items",
	                          arena_printf(r->arena, "%zu", json_array_size(items)), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return sheet_answer(r, cycle, u.id);
}

static enum lderr move(struct req *r, const char *to, const char *action, unsigned roles, const char *from1,
                       const char *from2, const char *reason)
{
	struct unit u;
	long long cycle = r->param[0];
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e || (e = api_unit_load(r, roles, r->param[1], &u)))
		return e;
	char state[16];
	if ((e = store_self_state(r->st, cycle, u.id, state)))
		return e;
	if (strcmp(state, from1) != 0 && (!from2 || strcmp(state, from2) != 0))
		return req_fail(r, LD_STATE, arena_printf(r->arena, "自评当前为「%s」，不能执行此操作", state));
	if ((e = store_begin(r->st)) || (e = store_self_set_state(r->st, cycle, u.id, to, r->sess->user_id)) ||
	    (e = api_audit(r, action, "unit", u.id, api_kv(r, "state", state, NULL),
	                   api_kv(r, "state", to, "reason", reason, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return sheet_answer(r, cycle, u.id);
}

/* POST /api/v1/cycles/ID/self/UNIT_ID/submit — filler or leader: draft|returned → submitted. */
enum lderr self_submit(struct req *r)
{
	return move(r, "submitted", "self.submit", ROLES_UNIT, "draft", "returned", NULL);
}

/* POST …/sign — the unit leader signs off a submitted sheet. */
enum lderr self_sign(struct req *r)
{
	return move(r, "signed", "self.sign", ROLE_BIT(ROLE_UNIT_LEADER), "submitted", NULL, NULL);
}

static const char *const return_fields[] = {"reason", NULL};

/* POST …/return {"reason"} — the office returns a submitted or signed sheet. */
enum lderr self_return(struct req *r)
{
	const char *reason = NULL;
	api_only(r, return_fields);
	api_str(r, "reason", true, 1000, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	return move(r, "returned", "self.return", ROLE_BIT(ROLE_OFFICE), "submitted", "signed", reason);
}

/* ---- panels ---- */

struct panel_out {
	struct jw *w;
};

static int reviewer_fn(void *ctx, long long id, const char *username, const char *name)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "username", username);
	jw_kstr(w, "display_name", name);
	jw_obj_end(w);
	return 0;
}

static int punit_fn(void *ctx, long long id, const char *name)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
	return 0;
}

struct panels_ctx {
	struct req *r;
	struct jw *w;
	enum lderr e;
};

static int panel_fn(void *ctx, long long id, const char *name)
{
	struct panels_ctx *c = ctx;
	struct jw *w = c->w;
	jw_obj(w);
	jw_kint(w, "id", id);
	jw_kstr(w, "name", name);
	jw_key(w, "reviewers");
	jw_arr(w);
	c->e = store_panel_reviewers(c->r->st, id, reviewer_fn, w);
	jw_arr_end(w);
	jw_key(w, "units");
	jw_arr(w);
	if (!c->e)
		c->e = store_panel_units(c->r->st, id, punit_fn, w);
	jw_arr_end(w);
	jw_obj_end(w);
	return c->e != LD_OK;
}

/* GET /api/v1/cycles/ID/panels — the office sees all; a reviewer sees their own. */
enum lderr panels_list(struct req *r)
{
	bool office = scope_roles(&r->sess->scope) & ROLE_BIT(ROLE_OFFICE);
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct panels_ctx c = {r, &w, LD_OK};
	enum lderr e = store_panels(r->st, r->param[0], office ? 0 : r->sess->user_id, panel_fn, &c);
	if (e || (e = c.e))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

static const char *const panel_fields[] = {"name", "reviewer_ids", "unit_ids", NULL};

/* POST /api/v1/cycles/ID/panels {"name","reviewer_ids":[…],"unit_ids":[…]} — office. 201 Panel.
 * 422 (reviewer_ids) for a reviewer without the reviewer role, or whose own unit is one of the
 * panel's units or above one. */
enum lderr panels_create(struct req *r)
{
	long long cycle = r->param[0], id;
	const char *name = NULL;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e)
		return e;
	api_only(r, panel_fields);
	api_str(r, "name", true, 100, &name);
	json_t *revs = r->json ? json_object_get(r->json, "reviewer_ids") : NULL;
	json_t *units = r->json ? json_object_get(r->json, "unit_ids") : NULL;
	if (!json_is_array(revs) || json_array_size(revs) == 0 || json_array_size(revs) > 100)
		req_field(r, "reviewer_ids", "应为 1 到 100 个评审员");
	if (!json_is_array(units) || json_array_size(units) == 0 || json_array_size(units) > 2000)
		req_field(r, "unit_ids", "应为 1 到 2000 个被考核单位");
	if (r->nferr)
		return LD_VALIDATION;
	size_t i, k;
	json_t *v, *uv;
	struct unit *us = arena_alloc(r->arena, sizeof(struct unit) * json_array_size(units));
	if (!us)
		return LD_NOMEM;
	json_array_foreach(units, k, uv) {
		if (!json_is_integer(uv) || api_unit_load(r, ROLE_BIT(ROLE_OFFICE), json_integer_value(uv), &us[k]) != LD_OK)
			return req_field(r, "unit_ids", "单位不存在或不在您的权限范围内");
	}
	json_array_foreach(revs, i, v) {
		struct user u;
		struct grant *g;
		int ng;
		if (!json_is_integer(v) || store_user_get(r->st, r->arena, json_integer_value(v), &u) != LD_OK ||
		    store_grants_of(r->st, r->arena, u.id, &g, &ng) != LD_OK)
			return req_field(r, "reviewer_ids", "用户不存在");
		bool reviewer = false;
		for (int j = 0; j < ng; j++)
			reviewer = reviewer || g[j].g.role == ROLE_REVIEWER;
		if (!reviewer)
			return req_field(r, "reviewer_ids", arena_printf(r->arena, "%s 不是评审员", u.display_name));
		/* the reviewer's own unit (users.unit_id) may not be assessed, nor be above an assessed
		 * unit: reviewers of a province work for an organ such as its 机关工委, not the region */
		for (k = 0; u.unit_path && k < json_array_size(units); k++)
			if (scope_path_within(us[k].path, u.unit_path))
				return req_field(r, "reviewer_ids",
				                 arena_printf(r->arena, "评审员 %s 不能评审本单位（%s）", u.display_name, us[k].name));
	}
	if ((e = store_begin(r->st)))
		return e;
	e = store_panel_insert(r->st, cycle, name, &id);
	if (e == LD_CONFLICT)
		return req_field(r, "name", "已有同名评审组"), LD_CONFLICT;
	if (e)
		return e;
	json_array_foreach(revs, i, v)
		if ((e = store_panel_add_reviewer(r->st, id, json_integer_value(v))))
			return e;
	json_array_foreach(units, k, uv)
		if ((e = store_panel_add_unit(r->st, id, json_integer_value(uv))))
			return e;
	if ((e = api_audit(r, "panel.create", "panel", id, NULL, api_kv(r, "name", name, NULL))) || (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	struct panels_ctx c = {r, &w, LD_OK};
	panel_fn(&c, id, name);
	return c.e;
}

/* ---- the review grid ---- */

struct grid {
	struct req *r;
	struct jw *w;
	long long units[2048];
	int nunits;
	long long cycle;
};

static int grid_unit_fn(void *ctx, long long id, const char *name)
{
	struct grid *g = ctx;
	char state[16] = "draft";
	store_self_state(g->r->st, g->cycle, id, state);
	jw_obj(g->w);
	jw_kint(g->w, "id", id);
	jw_kstr(g->w, "name", name);
	jw_kstr(g->w, "self_state", state);
	jw_obj_end(g->w);
	if (g->nunits < 2048)
		g->units[g->nunits++] = id;
	return 0;
}

static int grid_score_fn(void *ctx, long long unit, long long indicator, double score, const char *comment)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "unit_id", unit);
	jw_kint(w, "indicator_id", indicator);
	jw_key(w, "score");
	jw_double(w, score);
	jw_kstr(w, "comment", comment);
	jw_obj_end(w);
	return 0;
}

struct self_ctx {
	struct jw *w;
	long long unit;
};

static int grid_self_fn(void *ctx, long long indicator, double score, const char *explanation)
{
	struct self_ctx *c = ctx;
	jw_obj(c->w);
	jw_kint(c->w, "unit_id", c->unit);
	jw_kint(c->w, "indicator_id", indicator);
	jw_key(c->w, "score");
	jw_double(c->w, score);
	jw_kstr(c->w, "explanation", explanation);
	jw_obj_end(c->w);
	return 0;
}

static enum lderr grid_answer(struct req *r, long long cycle)
{
	struct indicator *all;
	int n;
	enum lderr e = api_indicator_tree(r, cycle, &all, &n);
	if (e)
		return e;
	struct jw w;
	struct grid *g = arena_zalloc(r->arena, sizeof(*g));
	if (!g)
		return LD_NOMEM;
	g->r = r, g->w = &w, g->cycle = cycle;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "units");
	jw_arr(&w);
	if ((e = store_reviewer_units(r->st, cycle, r->sess->user_id, grid_unit_fn, g)))
		return e;
	jw_arr_end(&w);
	jw_key(&w, "indicators");
	jw_arr(&w);
	for (int k = 0; k < n; k++) {
		if (strcmp(all[k].method, "manual") != 0)
			continue;
		jw_obj(&w);
		jw_kint(&w, "id", all[k].id);
		jw_kstr(&w, "name", all[k].name);
		jw_key(&w, "max_score");
		jw_double(&w, all[k].max_score);
		jw_kstr(&w, "criteria", all[k].criteria);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "scores");
	jw_arr(&w);
	bool submitted;
	if ((e = store_review_mine(r->st, cycle, r->sess->user_id, grid_score_fn, &w, &submitted)))
		return e;
	jw_arr_end(&w);
	jw_kbool(&w, "submitted", submitted);
	jw_key(&w, "self");
	jw_arr(&w);
	for (int i = 0; i < g->nunits; i++) {
		struct self_ctx c = {&w, g->units[i]};
		if ((e = store_self_scores(r->st, cycle, g->units[i], grid_self_fn, &c)))
			return e;
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/cycles/ID/review-grid — the caller's units × manual indicators, their own scores
 * and the units' self-assessments. */
enum lderr grid_get(struct req *r)
{
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	return e ? e : grid_answer(r, r->param[0]);
}

static const char *const grid_fields[] = {"scores", NULL};

/* PUT /api/v1/cycles/ID/review-grid {"scores":[{"unit_id","indicator_id","score","comment"?}]}
 * — 422 naming "scores[3].score" etc.; 409 once submitted. */
enum lderr grid_put(struct req *r)
{
	long long cycle = r->param[0];
	struct indicator *all;
	int n;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e || (e = api_indicator_tree(r, cycle, &all, &n)))
		return e;
	bool submitted;
	struct jw sink;
	struct buf tmp;
	buf_init(&tmp, 1 << 20);
	jw_init(&sink, &tmp);
	e = store_review_mine(r->st, cycle, r->sess->user_id, grid_score_fn, &sink, &submitted);
	buf_fini(&tmp);
	if (e)
		return e;
	if (submitted)
		return req_fail(r, LD_STATE, "评分已提交，不能修改");
	api_only(r, grid_fields);
	json_t *scores = r->json ? json_object_get(r->json, "scores") : NULL;
	if (!json_is_array(scores) || json_array_size(scores) > 20000)
		return req_field(r, "scores", "应为评分列表");
	size_t i;
	json_t *v;
	json_array_foreach(scores, i, v) {
		json_t *u = json_object_get(v, "unit_id"), *ind = json_object_get(v, "indicator_id");
		json_t *sc = json_object_get(v, "score");
		bool on_panel = false;
		if (json_is_integer(u))
			store_reviewer_assesses(r->st, cycle, r->sess->user_id, json_integer_value(u), &on_panel);
		if (!on_panel)
			req_field(r, arena_printf(r->arena, "scores[%zu].unit_id", i), "不是您评审的单位");
		int k = -1;
		for (int j = 0; json_is_integer(ind) && j < n; j++)
			if (all[j].id == json_integer_value(ind) && strcmp(all[j].method, "manual") == 0)
				k = j;
		if (k < 0)
			req_field(r, arena_printf(r->arena, "scores[%zu].indicator_id", i), "不是需要评审打分的指标");
		else if (!json_is_number(sc) || json_number_value(sc) < 0 || json_number_value(sc) > all[k].max_score)
			req_field(r, arena_printf(r->arena, "scores[%zu].score", i),
			          arena_printf(r->arena, "应为 0 到 %g 之间的数字", all[k].max_score));
	}
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)))
		return e;
	json_array_foreach(scores, i, v) {
		const char *comment = json_string_value(json_object_get(v, "comment"));
		if ((e = store_review_put(r->st, cycle, r->sess->user_id, json_integer_value(json_object_get(v, "unit_id")),
		                          json_integer_value(json_object_get(v, "indicator_id")),
		                          json_number_value(json_object_get(v, "score")), comment)))
			return e;
	}
	if ((e = api_audit(r, "review.score", "cycle", cycle, NULL,
	                   api_kv(r, "cells", arena_printf(r->arena, "%zu", json_array_size(scores)), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return grid_answer(r, cycle);
}

struct count_ctx {
	long long n;
};

static int count_fn(void *ctx, long long unit, long long indicator, double score, const char *comment)
{
	(void)unit, (void)indicator, (void)score, (void)comment;
	((struct count_ctx *)ctx)->n++;
	return 0;
}

static int count_units_fn(void *ctx, long long id, const char *name)
{
	(void)id, (void)name;
	((struct count_ctx *)ctx)->n++;
	return 0;
}

/* POST /api/v1/cycles/ID/review-grid/submit — 409 while some cell of the grid is empty. */
enum lderr grid_submit(struct req *r)
{
	long long cycle = r->param[0];
	struct indicator *all;
	int n, manual = 0;
	enum lderr e = api_assess_cycle(r, cycle, true, NULL);
	if (e || (e = api_indicator_tree(r, cycle, &all, &n)))
		return e;
	for (int k = 0; k < n; k++)
		manual += strcmp(all[k].method, "manual") == 0;
	struct count_ctx units = {0}, cells = {0};
	bool submitted;
	if ((e = store_reviewer_units(r->st, cycle, r->sess->user_id, count_units_fn, &units)) ||
	    (e = store_review_mine(r->st, cycle, r->sess->user_id, count_fn, &cells, &submitted)))
		return e;
	if (units.n == 0)
		return req_fail(r, LD_FORBIDDEN, "您不在任何评审组中");
	if (submitted)
		return req_fail(r, LD_STATE, "评分已提交");
	long long need = units.n * manual;
	if (cells.n < need)
		return req_fail(r, LD_STATE, arena_printf(r->arena, "还有 %lld 个评分未填写", need - cells.n));
	if ((e = store_begin(r->st)) || (e = store_review_submit(r->st, cycle, r->sess->user_id)) ||
	    (e = api_audit(r, "review.submit", "cycle", cycle, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return grid_answer(r, cycle);
}

struct reviewer_ctx {
	struct req *r;
	struct jw *w;
	const char *q;
	int n;
};

static int reviewer_user_fn(void *ctx, const struct user *u)
{
	struct reviewer_ctx *c = ctx;
	struct grant *g;
	int ng;
	if (c->n >= 200 || u->disabled || store_grants_of(c->r->st, c->r->arena, u->id, &g, &ng) != LD_OK)
		return 0;
	bool reviewer = false;
	for (int i = 0; i < ng; i++)
		reviewer = reviewer || g[i].g.role == ROLE_REVIEWER;
	if (!reviewer)
		return 0;
	c->n++;
	jw_obj(c->w);
	jw_kint(c->w, "id", u->id);
	jw_kstr(c->w, "username", u->username);
	jw_kstr(c->w, "display_name", u->display_name);
	jw_kstr(c->w, "unit_name", u->unit_name);
	jw_obj_end(c->w);
	return 0;
}

/* GET /api/v1/reviewers?q= — users holding the reviewer role (at most 200), for the office
 * forming panels: id, username, display name, unit. */
enum lderr reviewers_list(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct reviewer_ctx c = {r, &w, query_get(&r->query, "q"), 0};
	enum lderr e = store_user_list(r->st, c.q, reviewer_user_fn, &c);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_kint(&w, "total", c.n);
	jw_obj_end(&w);
	return LD_OK;
}
