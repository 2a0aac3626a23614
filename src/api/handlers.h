/* The endpoint handlers, one file per resource (api/<resource>.c); the route table in
 * api/router.c says which path, method and roles reach each. */
#ifndef LD_HANDLERS_H
#define LD_HANDLERS_H

#include "api/req.h"

/* health.c */
enum lderr health_get(struct req *r);
/* session.c */
enum lderr session_login(struct req *r);
enum lderr session_logout(struct req *r);
enum lderr session_me(struct req *r);
enum lderr session_change_password(struct req *r);
enum lderr totp_start(struct req *r);
enum lderr totp_confirm(struct req *r);
enum lderr totp_remove(struct req *r);
/* Loads r->sess from the session cookie. LD_NOT_LOGGED_IN when there is none or it expired. */
enum lderr session_load(struct req *r);
/* units.c */
enum lderr units_list(struct req *r);
enum lderr units_get(struct req *r);
enum lderr units_get_by_code(struct req *r);
enum lderr units_create(struct req *r);
enum lderr units_update(struct req *r);
/* squares.c */
enum lderr squares_list(struct req *r);
enum lderr squares_get(struct req *r);
enum lderr squares_create(struct req *r);
enum lderr squares_update(struct req *r);
enum lderr squares_delete(struct req *r);
enum lderr squares_member_add(struct req *r);
enum lderr squares_member_remove(struct req *r);
/* users.c */
enum lderr roles_list(struct req *r);
enum lderr users_list(struct req *r);
enum lderr users_get(struct req *r);
enum lderr users_create(struct req *r);
enum lderr users_update(struct req *r);
enum lderr grants_create(struct req *r);
enum lderr grants_delete(struct req *r);

/* cycles.c */
enum lderr cycles_list(struct req *r);
enum lderr cycles_get(struct req *r);
enum lderr cycles_create(struct req *r);
enum lderr cycles_update(struct req *r);
enum lderr cycles_phase(struct req *r);
/* items.c */
enum lderr items_list(struct req *r);
enum lderr items_facets(struct req *r);
enum lderr items_get(struct req *r);
enum lderr items_create(struct req *r);
enum lderr items_update(struct req *r);
enum lderr items_decompose(struct req *r);
enum lderr items_adopt(struct req *r);
enum lderr items_bulk(struct req *r);
enum lderr items_timeline(struct req *r);
/* reports.c */
enum lderr reports_list(struct req *r);
enum lderr reports_create(struct req *r);
enum lderr reports_update(struct req *r);
enum lderr reports_submit(struct req *r);
enum lderr reports_approve(struct req *r);
enum lderr reports_return(struct req *r);
enum lderr reports_attach(struct req *r);
enum lderr reports_detach(struct req *r);
enum lderr attachments_get(struct req *r);
enum lderr reviews_list(struct req *r);
/* excel.c */
enum lderr items_template(struct req *r);
enum lderr items_export(struct req *r);
/* imports.c */
enum lderr imports_create(struct req *r);
enum lderr imports_get(struct req *r);
enum lderr imports_commit(struct req *r);
/* calendar.c */
enum lderr holidays_list(struct req *r);
enum lderr holidays_put(struct req *r);
enum lderr holidays_delete(struct req *r);
enum lderr calendar_workdays(struct req *r);
enum lderr settings_get(struct req *r);
enum lderr settings_put(struct req *r);
/* messages.c */
enum lderr messages_list(struct req *r);
enum lderr messages_read(struct req *r);
enum lderr messages_read_all(struct req *r);
enum lderr items_remind(struct req *r);
enum lderr deliveries_list(struct req *r);
enum lderr jobs_list(struct req *r);
/* notices.c */
enum lderr notices_create(struct req *r);
enum lderr notices_list(struct req *r);
enum lderr notices_get(struct req *r);
enum lderr notices_respond(struct req *r);
enum lderr notices_close(struct req *r);
enum lderr notices_reopen(struct req *r);
enum lderr notices_attach(struct req *r);
/* inspections.c */
enum lderr inspections_create(struct req *r);
enum lderr inspections_list(struct req *r);
enum lderr inspections_get(struct req *r);
enum lderr items_verify(struct req *r);
enum lderr escalations_list(struct req *r);
/* dashboard.c */
enum lderr dashboard_get(struct req *r);
/* indicators.c */
enum lderr indicators_list(struct req *r);
enum lderr indicators_create(struct req *r);
enum lderr indicators_update(struct req *r);
enum lderr indicators_delete(struct req *r);
enum lderr indicators_template(struct req *r);
enum lderr indicators_import(struct req *r);
enum lderr assess_settings_get(struct req *r);
enum lderr assess_settings_put(struct req *r);
enum lderr groups_list(struct req *r);
enum lderr groups_create(struct req *r);
enum lderr groups_update(struct req *r);
enum lderr groups_add_members(struct req *r);
enum lderr groups_remove_member(struct req *r);
enum lderr adjustments_list(struct req *r);
enum lderr adjustments_create(struct req *r);
enum lderr adjustments_delete(struct req *r);
enum lderr vetoes_create(struct req *r);
enum lderr vetoes_delete(struct req *r);
/* review.c */
enum lderr self_get(struct req *r);
enum lderr self_put(struct req *r);
enum lderr self_submit(struct req *r);
enum lderr self_sign(struct req *r);
enum lderr self_return(struct req *r);
enum lderr panels_list(struct req *r);
enum lderr panels_create(struct req *r);
enum lderr reviewers_list(struct req *r);
enum lderr grid_get(struct req *r);
enum lderr grid_put(struct req *r);
enum lderr grid_submit(struct req *r);
/* results.c */
enum lderr results_compute(struct req *r);
enum lderr results_list(struct req *r);
enum lderr results_explain(struct req *r);
enum lderr results_export(struct req *r);
enum lderr results_publish(struct req *r);
enum lderr results_finalize(struct req *r);
enum lderr results_reopen(struct req *r);
enum lderr public_results(struct req *r);
enum lderr public_objection(struct req *r);
enum lderr objections_list(struct req *r);
enum lderr objections_answer(struct req *r);
/* audit.c */
enum lderr audit_list(struct req *r);
enum lderr audit_verify(struct req *r);
enum lderr audit_export(struct req *r);
/* workbench.c */
enum lderr workbench_get(struct req *r);

#endif
