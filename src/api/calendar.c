/* The official calendar (holidays and adjusted workdays), and each cycle's light rule and
 * reminder settings. */
#include <limits.h>
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/calendar.h"
#include "core/date.h"
#include "store/lights.h"
#include "store/regions.h"
#include "store/store.h"

struct days {
	struct jw *w;
};

static int day_fn(void *ctx, const char *day, const char *kind, const char *name)
{
	struct jw *w = ((struct days *)ctx)->w;
	jw_obj(w);
	jw_kstr(w, "day", day);
	jw_kstr(w, "kind", kind);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/holidays?year=2027 — the year's holidays and adjusted workdays, and whether the
 * calendar covers the year at all. */
enum lderr holidays_list(struct req *r)
{
	long long year;
	const char *s = query_get(&r->query, "year");
	if (!s || !parse_int(s, 1900, 2150, &year))
		return req_field(r, "year", "应为年份，如 2027");
	const struct calendar *cal = store_calendar(r->st);
	if (!cal)
		return LD_DB;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "year", year);
	jw_kbool(&w, "covered", calendar_covers(cal, (int)year));
	jw_key(&w, "items");
	jw_arr(&w);
	struct days d = {&w};
	enum lderr e = store_holidays(r->st, (int)year, day_fn, &d);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

static const char *const holiday_fields[] = {"kind", "name", NULL};

/* PUT /api/v1/holidays/DAY {"kind":"holiday"|"workday","name"} — office: enters a day for a
 * year the data lacks (or corrects one). 200 the day. */
enum lderr holidays_put(struct req *r)
{
	char day[11];
	const char *kind = NULL, *name = NULL;
	if (!date_parse(r->param_str[0], day))
		return req_field(r, "day", "不是日期");
	api_only(r, holiday_fields);
	if (api_str(r, "kind", true, 10, &kind) && kind && strcmp(kind, "holiday") && strcmp(kind, "workday"))
		req_field(r, "kind", "应为 holiday（放假）或 workday（调休上班）");
	api_str(r, "name", true, 50, &name);
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e;
	if ((e = store_begin(r->st)) || (e = store_holiday_put(r->st, day, kind, name)) ||
	    (e = api_audit(r, "holiday.put", "holiday", 0, NULL, api_kv(r, "day", day, "kind", kind, "name", name, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	struct days d = {&w};
	day_fn(&d, day, kind, name);
	return LD_OK;
}

/* DELETE /api/v1/holidays/DAY — office. 204; 404 when the day is not listed. */
enum lderr holidays_delete(struct req *r)
{
	char day[11];
	if (!date_parse(r->param_str[0], day))
		return req_field(r, "day", "不是日期");
	enum lderr e;
	if ((e = store_begin(r->st)) || (e = store_holiday_delete(r->st, day)) ||
	    (e = api_audit(r, "holiday.delete", "holiday", 0, api_kv(r, "day", day, NULL), NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* GET /api/v1/calendar/workdays?from=&to= — working days in [from, to], both included. */
enum lderr calendar_workdays(struct req *r)
{
	char from[11], to[11];
	const char *f = query_get(&r->query, "from"), *t = query_get(&r->query, "to");
	if (!f || !date_parse(f, from))
		req_field(r, "from", "不是日期");
	if (!t || !date_parse(t, to))
		req_field(r, "to", "不是日期");
	if (r->nferr)
		return LD_VALIDATION;
	long a = date_days(from), b = date_days(to);
	if (b < a || b - a > 3660)
		return req_field(r, "to", "应不早于 from，且跨度不超过十年");
	const struct calendar *cal = store_calendar(r->st);
	if (!cal)
		return LD_DB;
	bool warning = false;
	int n = calendar_workdays_after(cal, a - 1, b, INT_MAX, &warning);
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kstr(&w, "from", from);
	jw_kstr(&w, "to", to);
	jw_kint(&w, "workdays", n);
	jw_kbool(&w, "calendar_warning", warning);
	jw_obj_end(&w);
	return LD_OK;
}

static void settings_json(struct jw *w, const struct cycle_settings *s)
{
	jw_obj(w);
	jw_kint(w, "due_soon_workdays", s->rule.due_soon_workdays);
	jw_key(w, "tolerance");
	jw_double(w, s->rule.tolerance);
	jw_kint(w, "escalate_after_workdays", s->escalate_after_workdays);
	jw_kint(w, "remind_before_workdays", s->remind_before_workdays);
	jw_kbool(w, "remind_on_due", s->remind_on_due);
	jw_kint(w, "remind_overdue_every_days", s->remind_overdue_every_days);
	jw_kstr(w, "webhook_url", s->webhook_url[0] ? s->webhook_url : NULL);
	jw_kstr(w, "webhook_format", s->webhook_format);
	jw_obj_end(w);
}

/* GET /api/v1/cycles/ID/settings */
enum lderr settings_get(struct req *r)
{
	struct cycle_settings s;
	enum lderr e = store_cycle_settings(r->st, r->param[0], &s);
	if (e)
		return e;
	struct jw w;
	api_json(r, 200, &w);
	settings_json(&w, &s);
	return LD_OK;
}

static const char *const settings_fields[] = {"due_soon_workdays", "tolerance", "escalate_after_workdays",
                                              "remind_before_workdays", "remind_on_due", "remind_overdue_every_days",
                                              "webhook_url", "webhook_format", NULL};

static void read_count(struct req *r, const char *field, int min, int max, int *out)
{
	long long v = *out;
	if (api_int(r, field, false, &v) && (v < min || v > max))
		req_field(r, field, arena_printf(r->arena, "应为 %d 到 %d 的整数", min, max));
	else
		*out = (int)v;
}

/* PUT /api/v1/cycles/ID/settings {…any of the fields} — office. Lights follow at once for
 * the items that change next, and for all at the next daily run. 200 the settings. */
enum lderr settings_put(struct req *r)
{
	struct cycle_settings s;
	enum lderr e = store_cycle_settings(r->st, r->param[0], &s);
	if (e)
		return e;
	api_only(r, settings_fields);
	read_count(r, "due_soon_workdays", 0, 60, &s.rule.due_soon_workdays);
	read_count(r, "escalate_after_workdays", 1, 250, &s.escalate_after_workdays);
	read_count(r, "remind_before_workdays", 0, 60, &s.remind_before_workdays);
	read_count(r, "remind_overdue_every_days", 0, 60, &s.remind_overdue_every_days);
	json_t *tol = r->json ? json_object_get(r->json, "tolerance") : NULL;
	if (tol && (!json_is_number(tol) || json_number_value(tol) < 0 || json_number_value(tol) > 100))
		req_field(r, "tolerance", "应为 0 到 100 的数字");
	else if (tol)
		s.rule.tolerance = json_number_value(tol);
	int on_due = s.remind_on_due;
	api_bool(r, "remind_on_due", false, &on_due);
	s.remind_on_due = on_due;
	json_t *url = r->json ? json_object_get(r->json, "webhook_url") : NULL;
	if (url && json_is_null(url)) {
		s.webhook_url[0] = '\0';
	} else if (url) {
		const char *u = json_string_value(url);
		if (!u || (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) || strlen(u) >= sizeof(s.webhook_url))
			req_field(r, "webhook_url", "应为 http:// 或 https:// 开头的地址");
		else
			snprintf(s.webhook_url, sizeof(s.webhook_url), "%s", u);
	}
	const char *format = NULL;
	if (api_str(r, "webhook_format", false, 16, &format) && format) {
		if (strcmp(format, "dingtalk") && strcmp(format, "wecom"))
			req_field(r, "webhook_format", "应为 dingtalk（钉钉）或 wecom（企业微信）");
		else
			snprintf(s.webhook_format, sizeof(s.webhook_format), "%s", format);
	}
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)) || (e = store_cycle_settings_set(r->st, r->param[0], &s)) ||
	    (e = api_audit(r, "cycle.settings", "cycle", r->param[0], NULL,
	                   api_kv(r, "webhook_url", s.webhook_url, "webhook_format", s.webhook_format, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	settings_json(&w, &s);
	return LD_OK;
}
