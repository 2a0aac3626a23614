/* The workbench (工作台): what is due soon, what must be reported this month, what waits for
 * the caller's review, and which decomposed items wait for the caller's unit to adopt them.
 *
 * GET /api/v1/workbench[?cycle_id=] — for the given cycle, or the latest one. Each list holds
 * at most 20 entries; counts has the full numbers. */
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/date.h"
#include "store/reports.h"
#include "store/store.h"

struct latest {
	long long id;
};

static int latest_fn(void *ctx, const struct cycle *c)
{
	((struct latest *)ctx)->id = c->id;
	return 1; /* newest first: the first is it */
}

static int write_item(void *ctx, const struct item *it)
{
	struct jw *w = ctx;
	jw_obj(w);
	api_item_json(w, it);
	jw_obj_end(w);
	return 0;
}

static enum lderr section(struct req *r, struct jw *w, const char *key, struct item_filter *f, long long *count)
{
	jw_key(w, key);
	jw_arr(w);
	enum lderr e = store_item_list(r->st, f, 0, 20, write_item, w, count);
	jw_arr_end(w);
	return e;
}

static int review_fn(void *ctx, const struct report *rp)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", rp->id);
	jw_kint(w, "item_id", rp->item_id);
	jw_kstr(w, "item_title", rp->item_title);
	jw_kstr(w, "unit_name", rp->unit_name);
	jw_kstr(w, "period", rp->period);
	jw_kstr(w, "state", rp->state);
	jw_kstr(w, "text", rp->text);
	jw_key(w, "progress");
	jw_double(w, rp->progress);
	jw_kstr(w, "author", rp->author);
	jw_kstr(w, "submitted_at", rp->submitted_at);
	jw_obj_end(w);
	return 0;
}

enum lderr workbench_get(struct req *r)
{
	struct latest latest = {0};
	long long cycle = 0;
	const char *s = query_get(&r->query, "cycle_id");
	if (s && !parse_int(s, 1, 1LL << 53, &cycle))
		return req_field(r, "cycle_id", "应为周期编号");
	enum lderr e;
	if (!cycle && (e = store_cycle_list(r->st, latest_fn, &latest)))
		return e;
	if (!cycle)
		cycle = latest.id;
	char today[11], soon[11], period[8];
	long long now = store_now(r->st);
	date_today(now, today);
	date_from_days(date_days(today) + 14, soon);
	date_period(now, period);

	/* kept until anything is committed, like the dashboard (store.h): a filler comes back to
	 * it after every step */
	const char *key = api_answer_key(r, arena_printf(r->arena, "workbench %lld %s", cycle, today));
	unsigned long long mark;
	if (api_answer_kept(r, key, &mark))
		return LD_OK;
	long long counts[4] = {0};
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "cycle_id");
	if (cycle)
		jw_int(&w, cycle);
	else
		jw_null(&w);
	jw_kstr(&w, "period", period);
	jw_kstr(&w, "today", today);

	struct item_filter due = {.cycle_id = cycle, .state = "active", .due_to = soon, .sort = "due_date",
	                          .scope = &r->sess->scope, .roles = ROLES_ITEM_READ};
	struct item_filter report = {.cycle_id = cycle, .state = "active", .unreported = period, .sort = "due_date",
	                             .scope = &r->sess->scope, .roles = ROLES_REPORT_WRITE};
	struct item_filter adopt = {.cycle_id = cycle, .state = "active", .pending_adoption = true, .sort = "due_date",
	                            .scope = &r->sess->scope, .roles = ROLES_ITEM_ADOPT};
	if (!cycle) {
		/* no cycle yet: every list is empty */
		for (int i = 0; i < 3; i++) {
			jw_key(&w, (const char *[]){"due_soon", "to_report", "to_adopt"}[i]);
			jw_arr(&w);
			jw_arr_end(&w);
		}
	} else if ((e = section(r, &w, "due_soon", &due, &counts[0])) ||
	           (e = section(r, &w, "to_report", &report, &counts[1])) ||
	           (e = section(r, &w, "to_adopt", &adopt, &counts[3]))) {
		return e;
	}
	jw_key(&w, "to_review");
	jw_arr(&w);
	if ((e = store_report_queue(r->st, &r->sess->scope, ROLES_REPORT_REVIEW, 0, 20, review_fn, &w, &counts[2])))
		return e;
	jw_arr_end(&w);
	jw_key(&w, "counts");
	jw_obj(&w);
	jw_kint(&w, "due_soon", counts[0]);
	jw_kint(&w, "to_report", counts[1]);
	jw_kint(&w, "to_review", counts[2]);
	jw_kint(&w, "to_adopt", counts[3]);
	jw_obj_end(&w);
	jw_obj_end(&w);
	api_answer_keep(r, key, mark);
	return LD_OK;
}
