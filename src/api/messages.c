/* The message centre (消息中心), manual reminders (催办), webhook deliveries, and the daily
 * job's record. */
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/date.h"
#include "jobs/runner.h"
#include "store/lights.h"
#include "store/messages.h"
#include "store/store.h"
#include "store/supervision.h"

#define ROLES_REMIND (ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER))
#define ROLES_RESPONSIBLE (ROLE_BIT(ROLE_FILLER) | ROLE_BIT(ROLE_UNIT_LEADER))

static int message_fn(void *ctx, const struct message *m)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", m->id);
	jw_kstr(w, "kind", m->kind);
	jw_kstr(w, "title", m->title);
	jw_kstr(w, "body", m->body);
	jw_key(w, "item_id");
	m->item_id ? jw_int(w, m->item_id) : jw_null(w);
	jw_key(w, "notice_id");
	m->notice_id ? jw_int(w, m->notice_id) : jw_null(w);
	jw_kstr(w, "created_at", m->created_at);
	jw_kstr(w, "read_at", m->read_at);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/messages?unread=1&page&size — the caller's messages, newest first, with the
 * number unread. */
enum lderr messages_list(struct req *r)
{
	struct page page;
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	const char *u = query_get(&r->query, "unread");
	bool unread_only = u && (strcmp(u, "1") == 0 || strcmp(u, "true") == 0);
	long long unread = 0;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_message_list(r->st, r->sess->user_id, unread_only, page.skip, page.size, message_fn, &w,
	                                  &page.total, &unread);
	if (e)
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_kint(&w, "unread", unread);
	jw_obj_end(&w);
	return LD_OK;
}

/* POST /api/v1/messages/ID/read — 204; 404 for someone else's message. */
enum lderr messages_read(struct req *r)
{
	enum lderr e = store_message_read(r->st, r->sess->user_id, r->param[0]);
	return e ? e : api_no_content(r);
}

/* POST /api/v1/messages/read-all — 204. */
enum lderr messages_read_all(struct req *r)
{
	enum lderr e = store_message_read_all(r->st, r->sess->user_id);
	return e ? e : api_no_content(r);
}

static const char *const remind_fields[] = {"message", NULL};

/* POST /api/v1/items/ID/remind {"message"?} — a supervisor, the office or a leader over the
 * item reminds its responsible people (and the cycle's webhook). 201 {"sent":N}; 409 for a
 * second manual reminder of the item the same day. */
enum lderr items_remind(struct req *r)
{
	struct item it;
	const char *text = NULL;
	enum lderr e = api_item_load(r, ROLES_REMIND, r->param[0], &it);
	if (e)
		return e;
	api_only(r, remind_fields);
	api_str(r, "message", false, 500, &text);
	if (r->nferr)
		return LD_VALIDATION;
	if (strcmp(it.state, "active") != 0)
		return req_fail(r, LD_STATE, "事项已完成或已取消，无需催办");
	char day[11], key[64];
	date_today(store_now(r->st), day);
	snprintf(key, sizeof(key), "remind:%lld:manual", it.id);
	bool sent_today;
	if ((e = store_message_sent(r->st, key, day, &sent_today)))
		return e;
	if (sent_today)
		return req_fail(r, LD_CONFLICT, "该事项今天已催办过");
	const char *title = arena_printf(r->arena, "催办：%s", it.title);
	const char *body = arena_printf(r->arena, "【链动催办】%s 催办 %s 的事项「%s」（完成时限 %s，%s）。%s", r->sess->username,
	                                it.unit_name, it.title, it.due_date, it.light_reason ? it.light_reason : "",
	                                text ? text : "");
	long long sent = 0;
	struct cycle_settings cs;
	if ((e = store_cycle_settings(r->st, it.cycle_id, &cs)) || (e = store_begin(r->st)) ||
	    (e = store_message_to_unit(r->st, it.unit_id, ROLES_RESPONSIBLE, false, "reminder", key, day, title, body, it.id,
	                               0, &sent)))
		return e;
	if (cs.webhook_url[0]) {
		struct buf b;
		buf_init(&b, 1 << 16);
		struct jw pw;
		jw_init(&pw, &b);
		jw_obj(&pw);
		jw_kstr(&pw, "msgtype", "text");
		jw_key(&pw, "text");
		jw_obj(&pw);
		jw_kstr(&pw, "content", body);
		jw_obj_end(&pw);
		jw_obj_end(&pw);
		e = store_delivery_add(r->st, cs.webhook_url, cs.webhook_format, buf_str(&b), key, day);
		buf_fini(&b);
		if (e)
			return e;
	}
	if ((e = api_audit(r, "item.remind", "item", it.id, NULL, api_kv(r, "message", text, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	runner_wake();
	struct jw w;
	api_json(r, 201, &w);
	jw_obj(&w);
	jw_kint(&w, "sent", sent);
	jw_obj_end(&w);
	return LD_OK;
}

static int delivery_fn(void *ctx, const struct delivery *d)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", d->id);
	jw_kstr(w, "url", d->url);
	jw_kstr(w, "format", d->format);
	jw_kstr(w, "status", d->status);
	jw_kint(w, "attempts", d->attempts);
	jw_key(w, "last_status");
	d->last_status ? jw_int(w, d->last_status) : jw_null(w);
	jw_kstr(w, "last_error", d->last_error);
	jw_key(w, "payload");
	jw_raw(w, d->payload);
	jw_kstr(w, "updated_at", d->updated_at);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/deliveries?page&size — the webhook deliveries and their attempts (office). */
enum lderr deliveries_list(struct req *r)
{
	struct page page;
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_delivery_list(r->st, page.skip, page.size, delivery_fn, &w, &page.total);
	if (e)
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}

static int job_fn(void *ctx, const char *day, const char *started, const char *finished, long long items,
                  long long reminders, long long escalations)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kstr(w, "day", day);
	jw_kstr(w, "started_at", started);
	jw_kstr(w, "finished_at", finished);
	jw_kint(w, "items", items);
	jw_kint(w, "reminders", reminders);
	jw_kint(w, "escalations", escalations);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/jobs — the last 60 runs of the daily job (office). */
enum lderr jobs_list(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_job_list(r->st, 60, job_fn, &w);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}
