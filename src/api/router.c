#include "api/router.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "config.h"
#include "store/store.h"

#define R(method, pattern, handler, access, roles) {method, pattern, handler, access, roles, 0}
#define G(method, pattern, handler, access, roles) {method, pattern, handler, access, roles, ROUTE_GROUP}
#define ADMINS (ROLE_BIT(ROLE_SYSADMIN) | ROLE_BIT(ROLE_SECADMIN))
#define SYSADMIN ROLE_BIT(ROLE_SYSADMIN)
#define SECADMIN ROLE_BIT(ROLE_SECADMIN)
#define OFFICE ROLE_BIT(ROLE_OFFICE)
#define ITEM_WRITERS (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_UNIT_LEADER))
#define ITEM_ADOPTERS (ROLE_BIT(ROLE_UNIT_LEADER) | ROLE_BIT(ROLE_FILLER))
#define REPORTERS (ROLE_BIT(ROLE_FILLER) | ROLE_BIT(ROLE_UNIT_LEADER))
#define REVIEWERS (ROLE_BIT(ROLE_UNIT_LEADER) | ROLE_BIT(ROLE_OFFICE))
#define SUPERVISORS (ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER))
#define INSPECTORS (ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_OFFICE))
#define UNIT_WRITERS (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_SYSADMIN))

const struct route api_routes[] = {
	R(HTTP_GET, "/api/v1/health", health_get, ACCESS_PUBLIC, 0),
	{HTTP_POST, "/api/v1/session", session_login, ACCESS_PUBLIC, 0, ROUTE_NO_CSRF},
	R(HTTP_DELETE, "/api/v1/session", session_logout, ACCESS_USER, 0),
	R(HTTP_GET, "/api/v1/me", session_me, ACCESS_USER, 0),
	R(HTTP_POST, "/api/v1/me/password", session_change_password, ACCESS_USER, 0),
	R(HTTP_POST, "/api/v1/me/totp", totp_start, ACCESS_USER, 0),
	R(HTTP_POST, "/api/v1/me/totp/confirm", totp_confirm, ACCESS_USER, 0),
	R(HTTP_DELETE, "/api/v1/me/totp", totp_remove, ACCESS_USER, 0),

	R(HTTP_GET, "/api/v1/units", units_list, ACCESS_ROLES, ROLES_ORG_READ),
	R(HTTP_GET, "/api/v1/units/code/:code", units_get_by_code, ACCESS_ROLES, ROLES_ORG_READ),
	R(HTTP_GET, "/api/v1/units/:id", units_get, ACCESS_ROLES, ROLES_ORG_READ),
	R(HTTP_POST, "/api/v1/units", units_create, ACCESS_ROLES, UNIT_WRITERS),
	R(HTTP_PATCH, "/api/v1/units/:id", units_update, ACCESS_ROLES, UNIT_WRITERS),

	R(HTTP_GET, "/api/v1/squares", squares_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/squares/:id", squares_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/squares", squares_create, ACCESS_ROLES, OFFICE),
	R(HTTP_PATCH, "/api/v1/squares/:id", squares_update, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/squares/:id", squares_delete, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/squares/:id/members", squares_member_add, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/squares/:id/members/:id", squares_member_remove, ACCESS_ROLES, OFFICE),

	R(HTTP_GET, "/api/v1/cycles", cycles_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/cycles", cycles_create, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id", cycles_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_PATCH, "/api/v1/cycles/:id", cycles_update, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/cycles/:id/phase", cycles_phase, ACCESS_ROLES, OFFICE),

	R(HTTP_GET, "/api/v1/items", items_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/items/facets", items_facets, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/items/template.xlsx", items_template, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_GET, "/api/v1/items/export.xlsx", items_export, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/items", items_create, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_POST, "/api/v1/items/bulk", items_bulk, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_GET, "/api/v1/items/:id", items_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_PATCH, "/api/v1/items/:id", items_update, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_POST, "/api/v1/items/:id/decompose", items_decompose, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_POST, "/api/v1/items/:id/adopt", items_adopt, ACCESS_ROLES, ITEM_ADOPTERS),
	R(HTTP_GET, "/api/v1/items/:id/timeline", items_timeline, ACCESS_ROLES, ROLES_BUSINESS),

	R(HTTP_GET, "/api/v1/items/:id/reports", reports_list, ACCESS_ROLES, ROLES_BUSINESS),
	G(HTTP_POST, "/api/v1/items/:id/reports", reports_create, ACCESS_ROLES, REPORTERS),
	G(HTTP_PATCH, "/api/v1/reports/:id", reports_update, ACCESS_ROLES, REPORTERS),
	G(HTTP_POST, "/api/v1/reports/:id/submit", reports_submit, ACCESS_ROLES, REPORTERS),
	G(HTTP_POST, "/api/v1/reports/:id/approve", reports_approve, ACCESS_ROLES, REVIEWERS),
	G(HTTP_POST, "/api/v1/reports/:id/return", reports_return, ACCESS_ROLES, REVIEWERS),
	{HTTP_POST, "/api/v1/reports/:id/attachments", reports_attach, ACCESS_ROLES, REPORTERS, ROUTE_RAW},
	R(HTTP_DELETE, "/api/v1/reports/:id/attachments/:id", reports_detach, ACCESS_ROLES, REPORTERS),
	R(HTTP_GET, "/api/v1/attachments/:id", attachments_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/reviews", reviews_list, ACCESS_ROLES, REVIEWERS),
	{HTTP_POST, "/api/v1/imports", imports_create, ACCESS_ROLES, ITEM_WRITERS, ROUTE_RAW},
	R(HTTP_GET, "/api/v1/imports/:id", imports_get, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_POST, "/api/v1/imports/:id/commit", imports_commit, ACCESS_ROLES, ITEM_WRITERS),
	R(HTTP_GET, "/api/v1/workbench", workbench_get, ACCESS_ROLES, ROLES_BUSINESS),

	R(HTTP_GET, "/api/v1/holidays", holidays_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_PUT, "/api/v1/holidays/:day", holidays_put, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/holidays/:day", holidays_delete, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/calendar/workdays", calendar_workdays, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/cycles/:id/settings", settings_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_PUT, "/api/v1/cycles/:id/settings", settings_put, ACCESS_ROLES, OFFICE),

	R(HTTP_GET, "/api/v1/messages", messages_list, ACCESS_USER, 0),
	G(HTTP_POST, "/api/v1/messages/read-all", messages_read_all, ACCESS_USER, 0),
	G(HTTP_POST, "/api/v1/messages/:id/read", messages_read, ACCESS_USER, 0),
	R(HTTP_POST, "/api/v1/items/:id/remind", items_remind, ACCESS_ROLES, SUPERVISORS),
	R(HTTP_GET, "/api/v1/deliveries", deliveries_list, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/jobs", jobs_list, ACCESS_ROLES, OFFICE),

	R(HTTP_GET, "/api/v1/notices", notices_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/notices", notices_create, ACCESS_ROLES, SUPERVISORS),
	R(HTTP_GET, "/api/v1/notices/:id", notices_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/notices/:id/respond", notices_respond, ACCESS_ROLES, REPORTERS),
	R(HTTP_POST, "/api/v1/notices/:id/close", notices_close, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/notices/:id/reopen", notices_reopen, ACCESS_ROLES, ROLES_BUSINESS),
	{HTTP_POST, "/api/v1/notices/:id/attachments", notices_attach, ACCESS_ROLES, REPORTERS, ROUTE_RAW},

	R(HTTP_GET, "/api/v1/inspections", inspections_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/inspections", inspections_create, ACCESS_ROLES, INSPECTORS),
	R(HTTP_GET, "/api/v1/inspections/:id", inspections_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/items/:id/verify", items_verify, ACCESS_ROLES, INSPECTORS),
	R(HTTP_GET, "/api/v1/escalations", escalations_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/dashboard", dashboard_get, ACCESS_ROLES, ROLES_BUSINESS),

	R(HTTP_GET, "/api/v1/cycles/:id/indicators", indicators_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/cycles/:id/indicators", indicators_create, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/indicators/template.xlsx", indicators_template, ACCESS_ROLES, OFFICE),
	{HTTP_POST, "/api/v1/cycles/:id/indicators/import", indicators_import, ACCESS_ROLES, OFFICE, ROUTE_RAW},
	R(HTTP_PATCH, "/api/v1/indicators/:id", indicators_update, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/indicators/:id", indicators_delete, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/assessment-settings", assess_settings_get, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_PUT, "/api/v1/cycles/:id/assessment-settings", assess_settings_put, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/groups", groups_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/cycles/:id/groups", groups_create, ACCESS_ROLES, OFFICE),
	R(HTTP_PATCH, "/api/v1/groups/:id", groups_update, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/groups/:id/members", groups_add_members, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/groups/:id/members/:id", groups_remove_member, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/adjustments", adjustments_list, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/cycles/:id/adjustments", adjustments_create, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/adjustments/:id", adjustments_delete, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/cycles/:id/vetoes", vetoes_create, ACCESS_ROLES, OFFICE),
	R(HTTP_DELETE, "/api/v1/vetoes/:id", vetoes_delete, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/self/:id", self_get, ACCESS_ROLES, ROLES_BUSINESS),
	G(HTTP_PUT, "/api/v1/cycles/:id/self/:id", self_put, ACCESS_ROLES, REPORTERS),
	R(HTTP_POST, "/api/v1/cycles/:id/self/:id/submit", self_submit, ACCESS_ROLES, REPORTERS),
	R(HTTP_POST, "/api/v1/cycles/:id/self/:id/sign", self_sign, ACCESS_ROLES, ROLE_BIT(ROLE_UNIT_LEADER)),
	R(HTTP_POST, "/api/v1/cycles/:id/self/:id/return", self_return, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/panels", panels_list, ACCESS_ROLES, OFFICE | ROLE_BIT(ROLE_REVIEWER)),
	R(HTTP_POST, "/api/v1/cycles/:id/panels", panels_create, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/reviewers", reviewers_list, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/review-grid", grid_get, ACCESS_ROLES, ROLE_BIT(ROLE_REVIEWER)),
	G(HTTP_PUT, "/api/v1/cycles/:id/review-grid", grid_put, ACCESS_ROLES, ROLE_BIT(ROLE_REVIEWER)),
	R(HTTP_POST, "/api/v1/cycles/:id/review-grid/submit", grid_submit, ACCESS_ROLES, ROLE_BIT(ROLE_REVIEWER)),

	R(HTTP_POST, "/api/v1/cycles/:id/compute", results_compute, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/results", results_list, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/cycles/:id/results.xlsx", results_export, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_GET, "/api/v1/cycles/:id/results/:id/explain", results_explain, ACCESS_ROLES, ROLES_BUSINESS),
	R(HTTP_POST, "/api/v1/cycles/:id/publish", results_publish, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/cycles/:id/finalize", results_finalize, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/cycles/:id/reopen", results_reopen, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/cycles/:id/objections", objections_list, ACCESS_ROLES, OFFICE),
	R(HTTP_POST, "/api/v1/objections/:id/answer", objections_answer, ACCESS_ROLES, OFFICE),
	R(HTTP_GET, "/api/v1/public/cycles/:id/results", public_results, ACCESS_PUBLIC, 0),
	{HTTP_POST, "/api/v1/public/cycles/:id/objections", public_objection, ACCESS_PUBLIC, 0, ROUTE_NO_CSRF},

	R(HTTP_GET, "/api/v1/audit", audit_list, ACCESS_ROLES, ROLE_BIT(ROLE_AUDITOR)),
	R(HTTP_GET, "/api/v1/audit.xlsx", audit_export, ACCESS_ROLES, ROLE_BIT(ROLE_AUDITOR)),
	R(HTTP_GET, "/api/v1/audit/verify", audit_verify, ACCESS_ROLES, ROLE_BIT(ROLE_AUDITOR)),

	R(HTTP_GET, "/api/v1/roles", roles_list, ACCESS_ROLES, ADMINS),
	R(HTTP_GET, "/api/v1/users", users_list, ACCESS_ROLES, ADMINS),
	R(HTTP_GET, "/api/v1/users/:id", users_get, ACCESS_ROLES, ADMINS),
	R(HTTP_POST, "/api/v1/users", users_create, ACCESS_ROLES, SYSADMIN),
	R(HTTP_PATCH, "/api/v1/users/:id", users_update, ACCESS_ROLES, SYSADMIN),
	R(HTTP_POST, "/api/v1/users/:id/grants", grants_create, ACCESS_ROLES, SECADMIN),
	R(HTTP_DELETE, "/api/v1/users/:id/grants/:id", grants_delete, ACCESS_ROLES, SECADMIN),
};
const int api_route_count = sizeof(api_routes) / sizeof(api_routes[0]);

/* Matches one pattern against path, capturing into r. */
static int match(const char *pattern, const char *path, struct req *r)
{
	/* the literal text before the first capture turns most routes away at once (segment by
	 * segment, the search below took 4% of a kept dashboard's time) */
	const char *lp = pattern, *ls = path;
	while (*lp && *lp != ':' && *lp == *ls)
		lp++, ls++;
	if (*lp ? *lp != ':' : *ls != '\0')
		return 0;
	int n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++, s++;
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);
		if (*p == ':') {
			if (sl == 0 || sl > 32 || n == REQ_MAX_PARAMS)
				return 0;
			bool numeric = strncmp(p, ":id", pl) == 0 && pl == 3;
			long long v = 0;
			for (size_t i = 0; i < sl; i++) {
				char c = s[i];
				if (numeric ? !(c >= '0' && c <= '9')
				            : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				                c == '-' || c == '_'))
					return 0;
				if (numeric) {
					if (v > 99999999999999LL)
						return 0;
					v = v * 10 + (c - '0');
				}
			}
			if (numeric && v == 0)
				return 0;
			r->param[n] = v;
			r->param_str[n] = arena_strndup(r->arena, s, sl);
			n++;
		} else if (pl != sl || strncmp(p, s, pl) != 0) {
			return 0;
		}
		p += pl, s += sl;
	}
	if (*p || *s)
		return 0;
	r->nparams = n;
	return 1;
}

const struct route *route_match(struct req *r, enum http_method method, const char *path, int *path_known)
{
	*path_known = 0;
	for (int i = 0; i < api_route_count; i++) {
		if (!match(api_routes[i].pattern, path, r))
			continue;
		if (api_routes[i].method == method || (method == HTTP_HEAD && api_routes[i].method == HTTP_GET))
			return &api_routes[i];
		*path_known = 1;
	}
	return NULL;
}

static void render_error(struct req *r, enum lderr e)
{
	struct jw w;
	api_json(r, lderr_status(e), &w);
	jw_obj(&w);
	jw_key(&w, "error");
	jw_obj(&w);
	jw_kstr(&w, "code", lderr_code(e));
	jw_kstr(&w, "message", r->err_message ? r->err_message : lderr_message(e));
	if (r->nferr) {
		jw_kstr(&w, "field", r->ferr[0].field);
		jw_key(&w, "fields");
		jw_arr(&w);
		for (int i = 0; i < r->nferr; i++) {
			jw_obj(&w);
			jw_kstr(&w, "field", r->ferr[i].field);
			jw_kstr(&w, "message", r->ferr[i].message);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	jw_obj_end(&w);
	if (e == LD_METHOD)
		req_header(r, "Allow", "GET, POST, PUT, PATCH, DELETE");
}

static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	size_t n = strlen("application/json");
	return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Parses the body of a write as a JSON object into r->json; on an error, *message is its
 * text or NULL. Leaves r's error alone: the body is parsed before the session is checked
 * (api_grouped), whose refusal comes first. */
static enum lderr parse_body(struct req *r, const char **message)
{
	*message = NULL;
	if (r->body_len == 0)
		return LD_OK;
	if (!is_json_type(r->content_type))
		return *message = "请求内容须为 application/json", LD_MEDIA_TYPE;
	if (r->body_len > r->cfg->max_body)
		return LD_TOO_LARGE;
	json_error_t jerr;
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->json)
		return *message = arena_printf(r->arena, "JSON 格式错误（第 %d 行第 %d 列）：%s", jerr.line, jerr.column,
		                               jerr.text),
		       LD_BAD_REQUEST;
	if (!json_is_object(r->json))
		return *message = "请求体须为 JSON 对象", LD_BAD_REQUEST;
	return LD_OK;
}

static enum lderr dispatch(struct req *r)
{
	int path_known = 0;
	const struct route *rt = r->route ? r->route : route_match(r, r->method, r->path, &path_known);
	if (!rt)
		return path_known ? LD_METHOD : LD_NOT_FOUND;
	bool write = r->method != HTTP_GET && r->method != HTTP_HEAD;
	if (!write)
		store_read_begin(r->st); /* ended in api_handle */
	if (rt->access != ACCESS_PUBLIC || r->cookie) {
		enum lderr e = session_load(r);
		if (e && e != LD_NOT_LOGGED_IN)
			return e;
		if (!r->sess && rt->access != ACCESS_PUBLIC)
			return LD_NOT_LOGGED_IN;
	}
	if (write && !(rt->flags & ROUTE_NO_CSRF)) {
		const char *want = r->sess ? r->sess->csrf : NULL;
		const char *got = r->csrf_header;
		if (!want || !got || strlen(want) != strlen(got) || sodium_memcmp(want, got, strlen(want)) != 0)
			return LD_CSRF;
	}
	/* an issued or expired password: nothing but changing it, who am I, and logging out */
	bool account_route = rt->handler == session_me || rt->handler == session_logout ||
	                     rt->handler == session_change_password || rt->handler == session_login;
	if (r->sess && r->sess->must_change && !account_route)
		return req_fail(r, LD_PASSWORD_CHANGE, "请先修改密码");
	if (r->sess && r->sess->needs_totp && !account_route && rt->handler != totp_start && rt->handler != totp_confirm)
		return LD_TOTP_SETUP;
	if (rt->access == ACCESS_ROLES && !(scope_roles(&r->sess->scope) & rt->roles))
		return LD_FORBIDDEN;
	if (write && (rt->flags & ROUTE_RAW)) {
		if (r->body_len > r->cfg->max_upload)
			return LD_TOO_LARGE;
	} else if (write) {
		const char *message = r->body_parsed ? r->body_message : NULL;
		enum lderr e = r->body_parsed ? r->body_error : parse_body(r, &message);
		if (e)
			return message ? req_fail(r, e, message) : e;
	}
	return rt->handler(r);
}

bool api_grouped(struct req *r)
{
	int path_known;
	const struct route *rt = route_match(r, r->method, r->path, &path_known);
	if (!rt || !(rt->flags & ROUTE_GROUP))
		return false;
	r->route = rt; /* matched once: the writer's dispatch uses it and its captures */
	/* the body is parsed here, on the request's loop, not on the one writer all loops share */
	if (!(rt->flags & ROUTE_RAW) && r->method != HTTP_GET && r->method != HTTP_HEAD) {
		r->body_error = parse_body(r, &r->body_message);
		r->body_parsed = true;
	}
	return true;
}

void api_req_free(struct req *r)
{
	if (r->json) {
		json_decref(r->json);
		r->json = NULL;
	}
}

void api_fail(struct req *r, enum lderr e)
{
	buf_reset(r->out);
	r->nheaders = 0;
	r->nferr = 0;
	r->err_message = NULL;
	render_error(r, e);
	req_header(r, "Cache-Control", "no-store");
}

void api_handle(struct req *r)
{
	enum lderr e = dispatch(r);
	if (e != LD_OK) {
		store_rollback(r->st);
		render_error(r, e);
	}
	store_read_end(r->st);
	api_req_free(r);
	if (r->out->failed) {
		buf_reset(r->out);
		render_error(r, LD_NOMEM);
	}
	req_header(r, "Cache-Control", "no-store");
}
