/* The audit log for the auditor (审计管理员) — and for nobody else: search, see before and
 * after, export, and check the chain. The system administrator cannot read it (三员分立). */
#include <string.h>

#include "api/handlers.h"
#include "api/api.h"
#include "io/sheets.h"
#include "store/audit.h"
#include "store/store.h"

static bool read_filter(struct req *r, struct audit_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->actor = query_get(&r->query, "actor");
	f->action = query_get(&r->query, "action");
	f->entity = query_get(&r->query, "entity");
	f->entity_id = query_get(&r->query, "entity_id");
	f->from = query_get(&r->query, "from");
	f->to = query_get(&r->query, "to");
	f->outcome = query_get(&r->query, "outcome");
	/* a bare day "to" means the whole of that day */
	if (f->to && strlen(f->to) == 10)
		f->to = arena_printf(r->arena, "%sT23:59:59Z", f->to);
	if (f->outcome && *f->outcome && strcmp(f->outcome, "ok") && strcmp(f->outcome, "failed"))
		req_field(r, "outcome", "应为 ok 或 failed");
	return r->nferr == 0;
}

static int row_fn(void *ctx, const struct audit_row *a)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "seq", a->seq);
	jw_kstr(w, "at", a->at);
	jw_kstr(w, "actor", a->actor);
	jw_kstr(w, "client", a->client);
	jw_kstr(w, "action", a->action);
	jw_kstr(w, "entity", a->entity);
	jw_kstr(w, "entity_id", a->entity_id);
	jw_kstr(w, "outcome", a->outcome);
	jw_key(w, "before");
	jw_raw(w, a->before ? a->before : "null");
	jw_key(w, "after");
	jw_raw(w, a->after ? a->after : "null");
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/audit?actor&action&entity&entity_id&from&to&outcome&page&size — newest first. */
enum lderr audit_list(struct req *r)
{
	struct page page;
	struct audit_filter f;
	/* both run, so every bad parameter is named at once */
	bool paged = api_page(r, 500, &page);
	if (!read_filter(r, &f) || !paged)
		return LD_VALIDATION;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_audit_search(r->st, &f, page.skip, page.size, row_fn, &w, &page.total);
	if (e)
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/audit/verify[?head=SEQ:HASH] — walks the chain: {"ok","checked","broken","why",
 * "head_seq","head_hash","algorithm"}. The check itself is audited. */
enum lderr audit_verify(struct req *r)
{
	long long head_seq = 0;
	char head_hash[65] = "";
	const char *h = query_get(&r->query, "head");
	if (h) {
		const char *colon = strchr(h, ':');
		char seq[24];
		if (!colon || (size_t)(colon - h) >= sizeof(seq) || strlen(colon + 1) != 64)
			return req_field(r, "head", "应为 序号:哈希");
		memcpy(seq, h, (size_t)(colon - h));
		seq[colon - h] = '\0';
		if (!parse_int(seq, 1, 1LL << 62, &head_seq))
			return req_field(r, "head", "应为 序号:哈希");
		snprintf(head_hash, sizeof(head_hash), "%s", colon + 1);
	}
	struct audit_check c;
	char alg[8];
	enum lderr e = store_audit_verify(r->st, head_seq, head_hash, &c);
	if (e || (e = store_audit_algorithm(r->st, NULL, alg)) ||
	    (e = api_audit(r, "audit.verify", "audit", 0, NULL,
	                   api_kv(r, "ok", c.broken ? "false" : "true", "checked", arena_printf(r->arena, "%lld", c.checked),
	                          NULL))))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kbool(&w, "ok", c.broken == 0);
	jw_kint(&w, "checked", c.checked);
	jw_key(&w, "broken");
	c.broken ? jw_int(&w, c.broken) : jw_null(&w);
	jw_kstr(&w, "why", c.broken ? c.why : NULL);
	jw_kint(&w, "head_seq", c.head_seq);
	jw_kstr(&w, "head_hash", c.head_hash);
	jw_kstr(&w, "algorithm", alg);
	jw_obj_end(&w);
	return LD_OK;
}

struct export_ctx {
	struct sheet_book *book;
};

static int export_fn(void *ctx, const struct audit_row *a)
{
	struct sheet_book *b = ((struct export_ctx *)ctx)->book;
	sheets_book_number(b, 0, (double)a->seq);
	sheets_book_text(b, 1, a->at);
	sheets_book_text(b, 2, a->actor);
	sheets_book_text(b, 3, a->client);
	sheets_book_text(b, 4, a->action);
	sheets_book_text(b, 5, a->entity);
	sheets_book_text(b, 6, a->entity_id);
	sheets_book_text(b, 7, a->outcome);
	sheets_book_text(b, 8, a->before);
	sheets_book_text(b, 9, a->after);
	sheets_book_next_row(b);
	return 0;
}

/* GET /api/v1/audit.xlsx?(filters) — at most 100,000 records; the export is audited. */
enum lderr audit_export(struct req *r)
{
	struct audit_filter f;
	if (!read_filter(r, &f))
		return LD_VALIDATION;
	enum lderr limited = api_rate_limit(r, "audit.export", 20, 600);
	if (limited)
		return limited;
	struct export_ctx x = {sheets_book_new()};
	if (!x.book)
		return LD_IO;
	static const char *const headers[] = {"序号", "时间", "操作人", "地址", "操作", "对象", "对象编号", "结果", "变更前", "变更后"};
	sheets_book_sheet(x.book, "审计日志", headers, 10);
	long long total;
	enum lderr e = store_audit_search(r->st, &f, 0, 100000, export_fn, &x, &total);
	buf_reset(r->out);
	enum lderr e2 = sheets_book_end(x.book, r->out);
	if (e || (e = e2))
		return e;
	if ((e = api_audit(r, "audit.export", "audit", 0, NULL,
	                   api_kv(r, "rows", arena_printf(r->arena, "%lld", total), NULL)))) {
		buf_reset(r->out);
		return e;
	}
	r->status = 200;
	r->out_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	/* 审计日志.xlsx */
	req_header(r, "Content-Disposition", "attachment; filename=\"liandong-audit.xlsx\"; "
	                                     "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.xlsx");
	return LD_OK;
}
