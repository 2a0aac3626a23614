/* Cycles: the year being run, its theme, progressive goals (递进目标) and phase. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/items.h"
#include "store/cycles.h"
#include "store/store.h"

static void cycle_json(struct jw *w, const struct cycle *c)
{
	jw_obj(w);
	jw_kint(w, "id", c->id);
	jw_kint(w, "year", c->year);
	jw_kstr(w, "theme", c->theme);
	jw_key(w, "goals");
	jw_raw(w, c->goals);
	jw_kstr(w, "phase", c->phase);
	int p = phase_from(c->phase);
	jw_kstr(w, "phase_name", p >= 0 ? phase_name_zh((enum phase)p) : NULL);
	jw_kint(w, "item_count", c->item_count);
	jw_kstr(w, "created_at", c->created_at);
	jw_kstr(w, "updated_at", c->updated_at);
	jw_obj_end(w);
}

enum lderr api_cycle_check(struct req *r, long long cycle_id, enum cycle_action action, struct cycle *out)
{
	struct cycle c;
	enum lderr e = store_cycle_get(r->st, r->arena, cycle_id, &c);
	if (e)
		return e;
	int p = phase_from(c.phase);
	if (p < 0 || !phase_allows((enum phase)p, action)) {
		static const char *const what[] = {"编辑清单", "填报进展", "审核进展"};
		return req_fail(r, LD_PHASE,
		                arena_printf(r->arena, "%lld 年度处于「%s」阶段，不能%s", c.year,
		                             p >= 0 ? phase_name_zh((enum phase)p) : c.phase, what[action]));
	}
	if (out)
		*out = c;
	return LD_OK;
}

struct list {
	struct jw *w;
	long long n;
};

static int list_fn(void *ctx, const struct cycle *c)
{
	struct list *l = ctx;
	cycle_json(l->w, c);
	l->n++;
	return 0;
}

/* GET /api/v1/cycles — every cycle, newest year first. */
enum lderr cycles_list(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct list l = {&w, 0};
	enum lderr e = store_cycle_list(r->st, list_fn, &l);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_kint(&w, "total", l.n);
	jw_obj_end(&w);
	return LD_OK;
}

static enum lderr answer(struct req *r, int status, long long id)
{
	struct cycle c;
	enum lderr e = store_cycle_get(r->st, r->arena, id, &c);
	if (e)
		return e;
	struct jw w;
	api_json(r, status, &w);
	cycle_json(&w, &c);
	return LD_OK;
}

/* GET /api/v1/cycles/ID */
enum lderr cycles_get(struct req *r)
{
	return answer(r, 200, r->param[0]);
}

/* Reads "goals": [{"title","target","last_year"}] into canonical JSON text; NULL when absent. */
static bool read_goals(struct req *r, const char **out)
{
	json_t *g = r->json ? json_object_get(r->json, "goals") : NULL;
	*out = NULL;
	if (!g || json_is_null(g))
		return true;
	if (!json_is_array(g) || json_array_size(g) > 50) {
		req_field(r, "goals", "应为不超过 50 项的列表");
		return false;
	}
	size_t i;
	json_t *v;
	json_t *clean = json_array();
	json_array_foreach(g, i, v) {
		const char *title = json_string_value(json_object_get(v, "title"));
		if (!json_is_object(v) || !title || !*title) {
			req_field(r, arena_printf(r->arena, "goals[%zu].title", i), "目标名称不能为空");
			continue;
		}
		json_t *o = json_object();
		static const char *const keys[] = {"title", "target", "last_year"};
		for (int k = 0; k < 3; k++) {
			const char *s = json_string_value(json_object_get(v, keys[k]));
			json_object_set_new(o, keys[k], json_string(s ? s : ""));
		}
		json_array_append_new(clean, o);
	}
	char *text = json_dumps(clean, JSON_COMPACT);
	json_decref(clean);
	if (!text)
		return false;
	*out = arena_strdup(r->arena, text);
	free(text);
	return r->nferr == 0;
}

static const char *const create_fields[] = {"year", "theme", "goals", NULL};

/* POST /api/v1/cycles {"year","theme","goals"?} — office. 201 Cycle; 409 (field year) when the
 * year has a cycle; 422 naming bad fields. */
enum lderr cycles_create(struct req *r)
{
	long long year = 0;
	const char *theme = NULL, *goals = NULL;
	api_only(r, create_fields);
	if (api_int(r, "year", true, &year) && (year < 2000 || year > 2100))
		req_field(r, "year", "年度应在 2000 到 2100 之间");
	api_str(r, "theme", true, 200, &theme);
	read_goals(r, &goals);
	if (r->nferr)
		return LD_VALIDATION;
	long long id;
	enum lderr e = store_begin(r->st);
	if (e)
		return e;
	e = store_cycle_insert(r->st, year, theme, goals, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "cycle.create", "cycle", 0, "year exists");
		return req_field(r, "year", "该年度已有周期"), LD_CONFLICT;
	}
	if (e || (e = api_audit(r, "cycle.create", "cycle", id, NULL,
	                        arena_printf(r->arena, "{\"year\":%lld}", year))) || (e = store_commit(r->st)))
		return e;
	return answer(r, 201, id);
}

static const char *const update_fields[] = {"theme", "goals", NULL};

/* PATCH /api/v1/cycles/ID {"theme"?,"goals"?} — office; not once the cycle is closed. */
enum lderr cycles_update(struct req *r)
{
	const char *theme = NULL, *goals = NULL;
	struct cycle c;
	enum lderr e = store_cycle_get(r->st, r->arena, r->param[0], &c);
	if (e)
		return e;
	if (strcmp(c.phase, "closed") == 0)
		return req_fail(r, LD_PHASE, "周期已归档，不能修改");
	api_only(r, update_fields);
	api_str(r, "theme", false, 200, &theme);
	if (theme && !*theme)
		req_field(r, "theme", "不能为空");
	read_goals(r, &goals);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)) || (e = store_cycle_update(r->st, c.id, theme, goals, NULL)) ||
	    (e = api_audit(r, "cycle.update", "cycle", c.id, c.goals, goals)) || (e = store_commit(r->st)))
		return e;
	return answer(r, 200, c.id);
}

static const char *const phase_fields[] = {"phase", "reason", NULL};

/* POST /api/v1/cycles/ID/phase {"phase","reason"?} — office. Forward one phase; back one phase
 * with a reason (422 field reason without); anything else 422 field phase. */
enum lderr cycles_phase(struct req *r)
{
	const char *to = NULL, *reason = NULL;
	struct cycle c;
	enum lderr e = store_cycle_get(r->st, r->arena, r->param[0], &c);
	if (e)
		return e;
	api_only(r, phase_fields);
	api_str(r, "phase", true, 20, &to);
	api_str(r, "reason", false, 500, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	int from = phase_from(c.phase), target = phase_from(to);
	bool needs_reason;
	if (target < 0 || !phase_can_move((enum phase)from, (enum phase)target, &needs_reason))
		return req_field(r, "phase", arena_printf(r->arena, "不能从「%s」转到「%s」：只能前进一步，或附理由退回一步",
		                                          phase_name_zh((enum phase)from), target < 0 ? to : phase_name_zh((enum phase)target)));
	if (needs_reason && (!reason || !*reason))
		return req_field(r, "reason", "退回上一阶段须说明理由");
	const char *before = api_kv(r, "phase", c.phase, NULL);
	const char *after = api_kv(r, "phase", to, "reason", reason, NULL);
	if ((e = store_begin(r->st)) || (e = store_cycle_update(r->st, c.id, NULL, NULL, to)) ||
	    (e = api_audit(r, needs_reason ? "cycle.phase_back" : "cycle.phase", "cycle", c.id, before, after)))
		return e;
	if ((e = store_commit(r->st)))
		return e;
	return answer(r, 200, c.id);
}
