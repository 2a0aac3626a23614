/* Reports (进展填报): a responsible unit's progress on an item for a month, with evidence
 * files; the unit leader (or the office) approves or returns it, and only approved reports
 * move the item's progress.
 *
 * Who may: write — filler or unit_leader over the item's unit, while the phase allows
 * reporting; review — unit_leader or office over it, never one's own report. */
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "config.h"
#include "core/date.h"
#include "core/filetype.h"
#include "io/files.h"
#include "store/reports.h"
#include "store/store.h"

static int write_attachment(void *ctx, const struct attachment *a)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", a->id);
	jw_kstr(w, "name", a->name);
	jw_kint(w, "size", a->size);
	jw_kstr(w, "mime", a->mime);
	jw_kstr(w, "sha256", a->sha256);
	jw_obj_end(w);
	return 0;
}

/* The attachments of the reports about to be written, read in one statement (an item's
 * timeline, a page of the review queue) rather than one per report. */
struct atts {
	struct arena *a;
	struct attachment *v;
	int n, cap;
	bool failed;
};

static int keep_attachment(void *ctx, const struct attachment *a)
{
	struct atts *t = ctx;
	if (!(t->v = arena_grow(t->a, t->v, t->n, &t->cap, sizeof(*t->v), 16)))
		return t->failed = true, 1;
	struct attachment *c = &t->v[t->n];
	*c = *a;
	c->sha256 = arena_strdup(t->a, a->sha256);
	c->mime = arena_strdup(t->a, a->mime);
	c->name = arena_strdup(t->a, a->name);
	if (!c->sha256 || !c->mime || !c->name)
		return t->failed = true, 1;
	t->n++;
	return 0;
}

struct render {
	struct req *r;
	struct jw *w;
	bool with_item;
	enum lderr e;
	const struct atts *atts; /* the reports' attachments, when read beforehand */
};

static void report_json(struct render *c, const struct report *rp)
{
	struct jw *w = c->w;
	jw_obj(w);
	jw_kint(w, "id", rp->id);
	jw_kint(w, "item_id", rp->item_id);
	jw_kstr(w, "period", rp->period);
	jw_kstr(w, "text", rp->text);
	jw_key(w, "progress");
	jw_double(w, rp->progress);
	jw_kstr(w, "state", rp->state);
	jw_kstr(w, "return_reason", rp->return_reason);
	jw_kstr(w, "author", rp->author);
	jw_kstr(w, "submitted_at", rp->submitted_at);
	jw_kstr(w, "reviewer", rp->reviewer);
	jw_kstr(w, "reviewed_at", rp->reviewed_at);
	if (c->with_item) {
		jw_kstr(w, "item_title", rp->item_title);
		jw_kstr(w, "unit_name", rp->unit_name);
	}
	jw_key(w, "attachments");
	jw_arr(w);
	if (c->atts) {
		for (int i = 0; i < c->atts->n; i++)
			if (c->atts->v[i].report_id == rp->id)
				write_attachment(w, &c->atts->v[i]);
	} else {
		enum lderr e = store_attachments(c->r->st, rp->id, write_attachment, w);
		if (e)
			c->e = e;
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static int render_fn(void *ctx, const struct report *rp)
{
	report_json(ctx, rp);
	return 0;
}

/* atts: the report's attachments when known (none, for one just created), else NULL. */
static enum lderr answer_with(struct req *r, int status, const struct report *rp, const struct atts *atts)
{
	struct jw w;
	struct render c = {r, &w, false, LD_OK, atts};
	api_json(r, status, &w);
	report_json(&c, rp);
	return c.e;
}

static enum lderr answer(struct req *r, int status, long long id)
{
	struct report rp;
	enum lderr e = store_report_get(r->st, r->arena, id, &rp);
	return e ? e : answer_with(r, status, &rp, NULL);
}

/* Loads report id and its item, if the caller holds one of roles over the item. */
static enum lderr load(struct req *r, unsigned roles, long long id, struct report *rp, struct item *it)
{
	enum lderr e = store_report_get(r->st, r->arena, id, rp);
	if (e)
		return e;
	return api_item_load(r, roles, rp->item_id, it);
}

/* GET /api/v1/items/ID/reports — the item's reports, newest period first, with attachments. */
enum lderr reports_list(struct req *r)
{
	struct item it;
	enum lderr e = api_item_load_brief(r, ROLES_ITEM_READ, r->param[0], &it);
	if (e)
		return e;
	struct atts atts = {.a = r->arena};
	if ((e = store_item_attachments(r->st, it.id, keep_attachment, &atts)))
		return e;
	if (atts.failed)
		return LD_NOMEM;
	struct jw w;
	struct render c = {r, &w, false, LD_OK, &atts};
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	if ((e = store_report_list(r->st, it.id, it.title, it.unit_name, it.unit_path, render_fn, &c)) || (e = c.e))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* The report as JSON text, for audit records. */
static const char *snapshot_of(struct req *r, const struct report *rp)
{
	return api_kv(r, "period", rp->period, "state", rp->state, "progress", arena_printf(r->arena, "%g", rp->progress),
	              "text", rp->text, "return_reason", rp->return_reason, NULL);
}

static const char *snapshot(struct req *r, long long id)
{
	struct report rp;
	return store_report_get(r->st, r->arena, id, &rp) == LD_OK ? snapshot_of(r, &rp) : NULL;
}

static bool read_progress(struct req *r, bool required, double *out)
{
	json_t *v = r->json ? json_object_get(r->json, "progress") : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			req_field(r, "progress", "必填");
		return !required;
	}
	if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 100) {
		req_field(r, "progress", "进度应为 0 到 100 之间的数字");
		return false;
	}
	*out = json_number_value(v);
	return true;
}

static const char *const create_fields[] = {"period", "text", "progress", "submit", NULL};

/* POST /api/v1/items/ID/reports {"period","text","progress","submit"?} — filler or unit_leader
 * over the item. 201 Report (submitted when submit is true). 409 (field period) when the
 * period has a report; 409 when the item is not active or not yet adopted, or the phase
 * forbids reporting. */
enum lderr reports_create(struct req *r)
{
	struct item it;
	const char *period = NULL, *text = NULL;
	double progress = 0;
	int submit = 0;
	/* what placing the report and answering it use: not the item's other 28 fields */
	enum lderr e = api_item_load_brief(r, ROLES_REPORT_WRITE, r->param[0], &it);
	if (e)
		return e;
	api_only(r, create_fields);
	if (api_str(r, "period", true, 7, &period) && period && !date_period_valid(period))
		req_field(r, "period", "填报期应为月份，如 2026-03");
	api_str(r, "text", true, 4000, &text);
	read_progress(r, true, &progress);
	api_bool(r, "submit", false, &submit);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = api_cycle_check(r, it.cycle_id, CYCLE_REPORT, NULL)))
		return e;
	if (strcmp(it.state, "active") != 0 || !it.adopted)
		return req_fail(r, LD_STATE, it.adopted ? "事项已完成或已取消，不能再填报" : "请先认领该分解事项，再填报进展");
	long long id;
	char now[21];
	store_now_iso(r->st, now);
	if ((e = store_begin(r->st)))
		return e;
	e = store_report_insert(r->st, it.id, period, text, progress, r->sess->user_id, submit, now, &id);
	if (e == LD_CONFLICT) {
		api_audit_failed(r, "report.create", "report", 0, "period has a report");
		return req_field(r, "period", "该填报期已有进展报告，请修改原报告"), LD_CONFLICT;
	}
	/* the report as just written, which reading it back would give (on PostgreSQL another
	 * round trip of a submission's ten) */
	const struct report rp = {.id = id, .item_id = it.id, .period = period, .text = text, .progress = progress,
	                          .state = submit ? "submitted" : "draft", .author = r->sess->username,
	                          .submitted_at = submit ? now : NULL, .created_at = now, .item_title = it.title,
	                          .unit_name = it.unit_name, .unit_path = it.unit_path};
	if (e || (e = api_audit(r, submit ? "report.submit" : "report.create", "report", id, NULL, snapshot_of(r, &rp))) ||
	    (e = store_commit(r->st)))
		return e;
	static const struct atts none = {0};
	return answer_with(r, 201, &rp, &none); /* made in this request: nothing attached yet */
}

/* Checks that the report may still be edited by its unit: draft or returned, phase open. */
static enum lderr editable(struct req *r, const struct report *rp, const struct item *it)
{
	if (strcmp(rp->state, "draft") != 0 && strcmp(rp->state, "returned") != 0)
		return req_fail(r, LD_STATE, "已提交或已通过的进展不能修改");
	return api_cycle_check(r, it->cycle_id, CYCLE_REPORT, NULL);
}

static const char *const update_fields[] = {"text", "progress", NULL};

/* PATCH /api/v1/reports/ID {"text"?,"progress"?} — while draft or returned. 200 Report. */
enum lderr reports_update(struct req *r)
{
	struct report rp;
	struct item it;
	const char *text = NULL;
	double progress = -1;
	enum lderr e = load(r, ROLES_REPORT_WRITE, r->param[0], &rp, &it);
	if (e)
		return e;
	api_only(r, update_fields);
	api_str(r, "text", false, 4000, &text);
	if (text && !*text)
		req_field(r, "text", "不能为空");
	read_progress(r, false, &progress);
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = editable(r, &rp, &it)))
		return e;
	const char *before = snapshot(r, rp.id);
	if ((e = store_begin(r->st)) || (e = store_report_edit(r->st, rp.id, text, progress)) ||
	    (e = api_audit(r, "report.update", "report", rp.id, before, snapshot(r, rp.id))) || (e = store_commit(r->st)))
		return e;
	return answer(r, 200, rp.id);
}

/* POST /api/v1/reports/ID/submit — draft or returned → submitted. */
enum lderr reports_submit(struct req *r)
{
	struct report rp;
	struct item it;
	enum lderr e = load(r, ROLES_REPORT_WRITE, r->param[0], &rp, &it);
	if (e || (e = editable(r, &rp, &it)))
		return e;
	const char *before = snapshot(r, rp.id);
	if ((e = store_begin(r->st)) || (e = store_report_set_state(r->st, rp.id, "submitted", 0, NULL)) ||
	    (e = api_audit(r, "report.submit", "report", rp.id, before, snapshot(r, rp.id))) || (e = store_commit(r->st)))
		return e;
	return answer(r, 200, rp.id);
}

/* Loads a submitted report the caller may review (not their own, phase open). */
static enum lderr reviewable(struct req *r, struct report *rp, struct item *it)
{
	enum lderr e = load(r, ROLES_REPORT_REVIEW, r->param[0], rp, it);
	if (e)
		return e;
	if (strcmp(rp->state, "submitted") != 0)
		return req_fail(r, LD_STATE, "只有已提交的进展可以审核");
	if (strcmp(rp->author, r->sess->username) == 0)
		return req_fail(r, LD_FORBIDDEN, "不能审核自己提交的进展");
	return api_cycle_check(r, it->cycle_id, CYCLE_REVIEW, NULL);
}

/* POST /api/v1/reports/ID/approve — submitted → approved; the item's progress becomes the
 * report's and rolls up the chain. */
enum lderr reports_approve(struct req *r)
{
	struct report rp;
	struct item it;
	enum lderr e = reviewable(r, &rp, &it);
	if (e)
		return e;
	const char *before = snapshot(r, rp.id);
	if ((e = store_begin(r->st)) || (e = store_report_set_state(r->st, rp.id, "approved", r->sess->user_id, NULL)) ||
	    (e = store_item_set_progress(r->st, it.id, rp.progress)) || (e = store_item_refresh(r->st, it.id)) ||
	    (e = api_audit(r, "report.approve", "report", rp.id, before, snapshot(r, rp.id))) || (e = store_commit(r->st)))
		return e;
	return answer(r, 200, rp.id);
}

static const char *const return_fields[] = {"reason", NULL};

/* POST /api/v1/reports/ID/return {"reason"} — submitted → returned, with the reason. */
enum lderr reports_return(struct req *r)
{
	struct report rp;
	struct item it;
	const char *reason = NULL;
	api_only(r, return_fields);
	api_str(r, "reason", true, 1000, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e = reviewable(r, &rp, &it);
	if (e)
		return e;
	const char *before = snapshot(r, rp.id);
	if ((e = store_begin(r->st)) ||
	    (e = store_report_set_state(r->st, rp.id, "returned", r->sess->user_id, reason)) ||
	    (e = api_audit(r, "report.return", "report", rp.id, before, snapshot(r, rp.id))) || (e = store_commit(r->st)))
		return e;
	return answer(r, 200, rp.id);
}

/* POST /api/v1/reports/ID/attachments?name=FILE — the raw file as the body. 201 Attachment.
 * The type is judged from the content (core/filetype.h): 415 for anything not accepted;
 * 413 past the upload cap. The file is stored by its SHA-256 outside the web root. */
enum lderr reports_attach(struct req *r)
{
	struct report rp;
	struct item it;
	enum lderr e = load(r, ROLES_REPORT_WRITE, r->param[0], &rp, &it);
	if (e || (e = editable(r, &rp, &it)))
		return e;
	if (r->body_len == 0)
		return req_field(r, "body", "请上传文件内容");
	if ((e = api_rate_limit(r, "attachment.add", 60, 600)))
		return e;
	if (r->body_len > r->cfg->max_upload)
		return req_fail(r, LD_TOO_LARGE, arena_printf(r->arena, "文件不能超过 %zu MiB", r->cfg->max_upload >> 20));
	struct filetype ft;
	if (!filetype_detect((const unsigned char *)r->body, r->body_len, &ft)) {
		api_audit_failed(r, "attachment.add", "report", rp.id, "file type refused");
		return req_fail(r, LD_MEDIA_TYPE, "只接受 PDF、图片、Office 文档或压缩包");
	}
	char hash[FILES_HASH_HEX];
	const char *name = api_file_name(r, query_get(&r->query, "name"));
	if ((e = files_put(r->cfg->files_dir, r->body, r->body_len, hash)))
		return e;
	long long id;
	if ((e = store_begin(r->st)) ||
	    (e = store_attachment_insert(r->st, rp.id, hash, (long long)r->body_len, ft.mime, name, r->sess->user_id,
	                                 &id)) ||
	    (e = api_audit(r, "attachment.add", "report", rp.id, NULL,
	                   api_kv(r, "attachment_id", arena_printf(r->arena, "%lld", id), "name", name, "sha256", hash,
	                          "mime", ft.mime, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	struct attachment a = {id, rp.id, (long long)r->body_len, hash, ft.mime, name, 0};
	write_attachment(&w, &a);
	return LD_OK;
}

/* DELETE /api/v1/reports/ID/attachments/AID — while the report is draft or returned. 204. */
enum lderr reports_detach(struct req *r)
{
	struct report rp;
	struct item it;
	enum lderr e = load(r, ROLES_REPORT_WRITE, r->param[0], &rp, &it);
	if (e || (e = editable(r, &rp, &it)))
		return e;
	if ((e = store_begin(r->st)) || (e = store_attachment_delete(r->st, rp.id, r->param[1])) ||
	    (e = api_audit(r, "attachment.delete", "report", rp.id, api_kv(r, "attachment_id", r->param_str[1], NULL),
	                   NULL)) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* RFC 5987 encoding of a UTF-8 file name for Content-Disposition's filename*. */
static const char *rfc5987(struct req *r, const char *s)
{
	struct buf b;
	buf_init(&b, 4096);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		    *p == '-' || *p == '_')
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	const char *out = arena_strdup(r->arena, buf_str(&b));
	buf_fini(&b);
	return out;
}

/* GET /api/v1/attachments/ID — the file, as an attachment (never rendered inline), with its
 * detected type. 404 when the report's item is out of scope. Downloads are audited. */
enum lderr attachments_get(struct req *r)
{
	struct attachment a;
	struct report rp;
	struct item it;
	enum lderr e = store_attachment_get(r->st, r->arena, r->param[0], &a);
	if (e)
		return e;
	if (a.report_id) {
		if ((e = load(r, ROLES_ITEM_READ, a.report_id, &rp, &it)))
			return e;
	} else if ((e = api_notice_visible(r, a.notice_id))) {
		return e;
	}
	buf_reset(r->out);
	if ((e = files_get(r->cfg->files_dir, a.sha256, r->out)))
		return e == LD_NOT_FOUND ? req_fail(r, LD_NOT_FOUND, "文件已不在存储中") : e;
	if ((e = api_audit(r, "attachment.download", a.report_id ? "report" : "notice", a.report_id ? rp.id : a.notice_id, NULL,
	                   api_kv(r, "attachment_id", r->param_str[0], "name", a.name, NULL)))) {
		buf_reset(r->out);
		return e;
	}
	r->status = 200;
	r->out_type = a.mime;
	req_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"evidence-%lld\"; filename*=UTF-8''%s",
	                                                  a.id, rfc5987(r, a.name)));
	return LD_OK;
}

/* A page of reports kept in the arena, so that their attachments are read in one statement
 * before any is written. */
struct page_reports {
	struct arena *a;
	struct report v[200];
	long long id[200];
	int n;
	bool failed;
};

static const char *dup_or_null(struct arena *a, const char *s, bool *failed)
{
	char *d = s ? arena_strdup(a, s) : NULL;
	if (s && !d)
		*failed = true;
	return d;
}

static int keep_report(void *ctx, const struct report *rp)
{
	struct page_reports *p = ctx;
	if (p->n == 200)
		return p->failed = true, 1;
	struct report *k = &p->v[p->n];
	*k = *rp;
	const char **text[] = {&k->period, &k->text, &k->state, &k->return_reason, &k->author, &k->submitted_at,
	                       &k->reviewer, &k->reviewed_at, &k->created_at, &k->item_title, &k->unit_name,
	                       &k->unit_path};
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		*text[i] = dup_or_null(p->a, *text[i], &p->failed);
	p->id[p->n++] = rp->id;
	return p->failed;
}

/* GET /api/v1/reviews?page&size — submitted reports the caller may review, oldest first. */
enum lderr reviews_list(struct req *r)
{
	struct page page;
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	struct page_reports *pr = arena_zalloc(r->arena, sizeof(*pr));
	if (!pr)
		return LD_NOMEM;
	pr->a = r->arena;
	struct atts atts = {.a = r->arena};
	enum lderr e = store_report_queue(r->st, &r->sess->scope, ROLES_REPORT_REVIEW, page.skip, page.size, keep_report,
	                                  pr, &page.total);
	if (!e && !pr->failed)
		e = store_reports_attachments(r->st, pr->id, pr->n, keep_attachment, &atts);
	if (e)
		return e;
	if (pr->failed || atts.failed)
		return LD_NOMEM;
	struct jw w;
	struct render c = {r, &w, true, LD_OK, &atts};
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (int i = 0; i < pr->n; i++)
		report_json(&c, &pr->v[i]);
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}
