/* Supervision notices (督办单): a supervising unit formally demands a written response about
 * items of a unit by a date; the unit responds (with evidence); the issuer closes it or
 * reopens it with a reason. A notice has its own light.
 *
 * Who may: issue — supervisor, office or leader over every item named; respond — filler or
 * unit_leader over the target unit; close or reopen — the issuer, or a supervisor or the
 * office over the target unit. */
#include <limits.h>
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/date.h"
#include "core/filetype.h"
#include "core/light.h"
#include "io/files.h"
#include "store/audit.h"
#include "store/lights.h"
#include "store/messages.h"
#include "store/reports.h"
#include "store/store.h"
#include "store/supervision.h"
#include "config.h"

#define ROLES_ISSUE (ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER))
#define ROLES_RESPOND (ROLE_BIT(ROLE_FILLER) | ROLE_BIT(ROLE_UNIT_LEADER))

static bool target_allowed(const struct req *r, unsigned roles, const struct notice *n)
{
	struct scope_target t = {n->target_path, false, NULL};
	return scope_allows(&r->sess->scope, roles, &t);
}

static bool may_see(const struct req *r, const struct notice *n)
{
	return n->issuer_id == r->sess->user_id || target_allowed(r, ROLES_ITEM_READ, n);
}

/* The notice's light: closed green; past due and not answered red; soon yellow. */
static void notice_light(struct req *r, const struct notice *n, struct light_result *out)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(n->state, "open") != 0) {
		out->light = LIGHT_GREEN;
		snprintf(out->reason, sizeof(out->reason), "%s", strcmp(n->state, "closed") == 0 ? "已办结" : "已回复，待办结");
		return;
	}
	struct cycle_settings cs;
	const struct calendar *cal = store_calendar(r->st);
	if (store_cycle_settings(r->st, n->cycle_id, &cs) != LD_OK || !cal)
		return;
	char today[11];
	date_today(store_now(r->st), today);
	struct light_input in = {ITEM_ACTIVE, NULL, n->due_date, 0, LIGHT_NONE, NULL};
	light_compute(&cs.rule, cal, date_days(today), &in, out);
	if (out->light == LIGHT_RED)
		snprintf(out->reason, sizeof(out->reason), "逾期 %d 天未回复", out->overdue_days);
}

static int item_id_fn(void *ctx, long long id)
{
	jw_int(ctx, id);
	return 0;
}

static int attachment_fn_(void *ctx, const struct attachment *a)
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

static int history_fn(void *ctx, const struct audit_row *a)
{
	struct jw *w = ctx;
	static const struct {
		const char *action, *zh;
	} words[] = {{"notice.create", "发出督办单"}, {"notice.respond", "书面回复"}, {"notice.attach", "上传佐证材料"},
	             {"notice.close", "办结"}, {"notice.reopen", "重新督办"}};
	const char *zh = a->action;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].action, a->action) == 0)
			zh = words[i].zh;
	json_t *after = a->after ? json_loads(a->after, 0, NULL) : NULL;
	const char *text = NULL;
	static const char *const keys[] = {"text", "reason", "name", "title"};
	for (int k = 0; after && !text && k < 4; k++)
		text = json_string_value(json_object_get(after, keys[k]));
	jw_obj(w);
	jw_kstr(w, "at", a->at);
	jw_kstr(w, "actor", a->actor);
	jw_kstr(w, "action", a->action);
	jw_kstr(w, "summary", zh);
	jw_kstr(w, "text", text);
	jw_obj_end(w);
	json_decref(after);
	return 0;
}

static enum lderr notice_json(struct req *r, struct jw *w, const struct notice *n, bool detail)
{
	struct light_result l;
	notice_light(r, n, &l);
	jw_obj(w);
	jw_kint(w, "id", n->id);
	jw_kint(w, "cycle_id", n->cycle_id);
	jw_kstr(w, "title", n->title);
	jw_kstr(w, "body", n->body);
	jw_kstr(w, "issuer", n->issuer);
	jw_kstr(w, "issuer_unit_name", n->issuer_unit_name);
	jw_kint(w, "target_unit_id", n->target_unit_id);
	jw_kstr(w, "target_unit_name", n->target_unit_name);
	jw_kstr(w, "due_date", n->due_date);
	jw_kstr(w, "state", n->state);
	jw_kstr(w, "response", n->response);
	jw_kstr(w, "responder", n->responder);
	jw_kstr(w, "responded_at", n->responded_at);
	jw_kstr(w, "closed_at", n->closed_at);
	jw_kstr(w, "light", light_name(l.light));
	jw_kstr(w, "light_reason", l.reason);
	jw_kstr(w, "created_at", n->created_at);
	jw_key(w, "item_ids");
	jw_arr(w);
	enum lderr e = store_notice_items(r->st, n->id, item_id_fn, w);
	jw_arr_end(w);
	if (!e && detail) {
		jw_key(w, "attachments");
		jw_arr(w);
		e = store_notice_attachments(r->st, n->id, attachment_fn_, w);
		jw_arr_end(w);
		jw_key(w, "history");
		jw_arr(w);
		if (!e)
			e = store_audit_entity(r->st, "notice", n->id, history_fn, w);
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return e;
}

static enum lderr answer(struct req *r, int status, long long id)
{
	struct notice n;
	enum lderr e = store_notice_get(r->st, r->arena, id, &n);
	if (e)
		return e;
	struct jw w;
	api_json(r, status, &w);
	return notice_json(r, &w, &n, true);
}

static enum lderr load(struct req *r, long long id, struct notice *n)
{
	enum lderr e = store_notice_get(r->st, r->arena, id, n);
	if (e)
		return e;
	return may_see(r, n) ? LD_OK : LD_NOT_FOUND;
}

enum lderr api_notice_visible(struct req *r, long long id)
{
	struct notice n;
	return load(r, id, &n);
}

static const char *const create_fields[] = {"target_unit_id", "item_ids", "title", "body", "due_date", NULL};

/* POST /api/v1/notices {"target_unit_id","item_ids":[…],"title","body","due_date"} — 201 Notice.
 * 422 naming bad fields (an item whose unit is outside the target unit: item_ids). */
enum lderr notices_create(struct req *r)
{
	long long target = 0, ids[64];
	int nids = 0;
	const char *title = NULL, *body = NULL, *due = NULL;
	char day[11];
	struct unit tu;
	api_only(r, create_fields);
	if (api_int(r, "target_unit_id", true, &target) && api_unit_load(r, ROLES_ITEM_READ, target, &tu) != LD_OK)
		req_field(r, "target_unit_id", "单位不存在或不在您的权限范围内");
	api_str(r, "title", true, 200, &title);
	api_str(r, "body", true, 4000, &body);
	char today[11];
	date_today(store_now(r->st), today);
	if (api_str(r, "due_date", true, 20, &due) && due && !date_parse(due, day))
		req_field(r, "due_date", "不是日期");
	else if (due && strcmp(day, today) < 0)
		req_field(r, "due_date", "回复期限不能早于今天");
	json_t *arr = r->json ? json_object_get(r->json, "item_ids") : NULL;
	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 64)
		req_field(r, "item_ids", "应为 1 到 64 个事项编号");
	if (r->nferr)
		return LD_VALIDATION;
	long long cycle = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		struct item it;
		if (!json_is_integer(v) || api_item_load(r, ROLES_ISSUE, json_integer_value(v), &it) != LD_OK)
			return req_field(r, "item_ids", "事项不存在或不在您的督办范围内");
		if (!scope_path_within(it.unit_path, tu.path))
			return req_field(r, "item_ids", arena_printf(r->arena, "事项「%s」不属于%s", it.title, tu.name));
		if (cycle && it.cycle_id != cycle)
			return req_field(r, "item_ids", "所列事项须属于同一年度");
		cycle = it.cycle_id;
		ids[nids++] = it.id;
	}
	long long id;
	enum lderr e;
	if ((e = store_begin(r->st)) ||
	    (e = store_notice_insert(r->st, cycle, r->sess->user_id, r->sess->unit_id, target, title, body, day, ids, nids,
	                             &id)) ||
	    (e = store_message_to_unit(r->st, target, ROLES_RESPOND, true, "notice", arena_printf(r->arena, "notice:%lld", id),
	                               day, arena_printf(r->arena, "督办单：%s", title),
	                               arena_printf(r->arena, "%s 向%s发出督办单「%s」，请于 %s 前书面回复。", r->sess->username,
	                                            tu.name, title, day),
	                               0, id, NULL)) ||
	    (e = api_audit(r, "notice.create", "notice", id, NULL, api_kv(r, "title", title, "due_date", day, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer(r, 201, id);
}

struct list {
	struct req *r;
	struct jw *w;
	enum lderr e;
};

static int list_fn(void *ctx, const struct notice *n)
{
	struct list *l = ctx;
	l->e = notice_json(l->r, l->w, n, false);
	return l->e != LD_OK;
}

/* GET /api/v1/notices?state&mine=issued|received&page&size */
enum lderr notices_list(struct req *r)
{
	struct page page;
	if (!api_page(r, 200, &page))
		return LD_VALIDATION;
	const char *state = query_get(&r->query, "state"), *mine = query_get(&r->query, "mine");
	if (state && strcmp(state, "open") && strcmp(state, "responded") && strcmp(state, "closed"))
		return req_field(r, "state", "应为 open、responded 或 closed");
	if (mine && strcmp(mine, "issued") && strcmp(mine, "received"))
		return req_field(r, "mine", "应为 issued 或 received");
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	struct list l = {r, &w, LD_OK};
	enum lderr e = store_notice_list(r->st, &r->sess->scope, ROLES_ITEM_READ, r->sess->user_id, state,
	                                 mine && strcmp(mine, "received") == 0, mine && strcmp(mine, "issued") == 0,
	                                 page.skip, page.size, list_fn, &l, &page.total);
	if (e || (e = l.e))
		return e;
	jw_arr_end(&w);
	api_page_end(&w, &page);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/notices/ID */
enum lderr notices_get(struct req *r)
{
	struct notice n;
	enum lderr e = load(r, r->param[0], &n);
	return e ? e : answer(r, 200, n.id);
}

static const char *const respond_fields[] = {"text", NULL};

/* POST /api/v1/notices/ID/respond {"text"} — the target unit answers an open notice. */
enum lderr notices_respond(struct req *r)
{
	struct notice n;
	const char *text = NULL;
	enum lderr e = load(r, r->param[0], &n);
	if (e)
		return e;
	if (!target_allowed(r, ROLES_RESPOND, &n))
		return req_fail(r, LD_FORBIDDEN, "只有被督办单位可以回复");
	api_only(r, respond_fields);
	api_str(r, "text", true, 4000, &text);
	if (r->nferr)
		return LD_VALIDATION;
	if (strcmp(n.state, "open") != 0)
		return req_fail(r, LD_STATE, "督办单不在待回复状态");
	if ((e = store_begin(r->st)) || (e = store_notice_set(r->st, n.id, "responded", text, r->sess->user_id)) ||
	    (e = api_audit(r, "notice.respond", "notice", n.id, NULL, api_kv(r, "text", text, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer(r, 200, n.id);
}

/* Whether the caller may close or reopen: the issuer, or a supervisor/office over the target. */
static bool may_decide(const struct req *r, const struct notice *n)
{
	return n->issuer_id == r->sess->user_id ||
	       target_allowed(r, ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_OFFICE), n);
}

/* POST /api/v1/notices/ID/close — responded → closed. */
enum lderr notices_close(struct req *r)
{
	struct notice n;
	enum lderr e = load(r, r->param[0], &n);
	if (e)
		return e;
	if (!may_decide(r, &n))
		return req_fail(r, LD_FORBIDDEN, "只有督办方可以办结");
	if (strcmp(n.state, "responded") != 0)
		return req_fail(r, LD_STATE, "督办单须先由被督办单位回复");
	if ((e = store_begin(r->st)) || (e = store_notice_set(r->st, n.id, "closed", NULL, 0)) ||
	    (e = api_audit(r, "notice.close", "notice", n.id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return answer(r, 200, n.id);
}

static const char *const reopen_fields[] = {"reason", NULL};

/* POST /api/v1/notices/ID/reopen {"reason"} — responded or closed → open; the target is told. */
enum lderr notices_reopen(struct req *r)
{
	struct notice n;
	const char *reason = NULL;
	enum lderr e = load(r, r->param[0], &n);
	if (e)
		return e;
	if (!may_decide(r, &n))
		return req_fail(r, LD_FORBIDDEN, "只有督办方可以重新督办");
	api_only(r, reopen_fields);
	api_str(r, "reason", true, 1000, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	if (strcmp(n.state, "open") == 0)
		return req_fail(r, LD_STATE, "督办单仍在待回复状态");
	char day[11], now[21];
	date_today(store_now(r->st), day);
	store_now_iso(r->st, now);
	if ((e = store_begin(r->st)) || (e = store_notice_set(r->st, n.id, "open", NULL, 0)) ||
	    (e = store_message_to_unit(r->st, n.target_unit_id, ROLES_RESPOND, true, "notice",
	                               arena_printf(r->arena, "notice:%lld:reopen:%s", n.id, now), day,
	                               arena_printf(r->arena, "督办单重新督办：%s", n.title),
	                               arena_printf(r->arena, "督办单「%s」被重新督办：%s", n.title, reason), 0, n.id, NULL)) ||
	    (e = api_audit(r, "notice.reopen", "notice", n.id, NULL, api_kv(r, "reason", reason, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return answer(r, 200, n.id);
}

/* POST /api/v1/notices/ID/attachments?name= — evidence for the response (raw body), while the
 * notice is open. 201 Attachment. */
enum lderr notices_attach(struct req *r)
{
	struct notice n;
	enum lderr e = load(r, r->param[0], &n);
	if (e)
		return e;
	if (!target_allowed(r, ROLES_RESPOND, &n))
		return req_fail(r, LD_FORBIDDEN, "只有被督办单位可以上传佐证材料");
	if (strcmp(n.state, "open") != 0)
		return req_fail(r, LD_STATE, "督办单不在待回复状态");
	if (r->body_len == 0)
		return req_field(r, "body", "请上传文件内容");
	struct filetype ft;
	if (!filetype_detect((const unsigned char *)r->body, r->body_len, &ft))
		return req_fail(r, LD_MEDIA_TYPE, "只接受 PDF、图片、Office 文档或压缩包");
	char hash[FILES_HASH_HEX];
	const char *name = api_file_name(r, query_get(&r->query, "name"));
	long long id;
	if ((e = files_put(r->cfg->files_dir, r->body, r->body_len, hash)) || (e = store_begin(r->st)) ||
	    (e = store_notice_attachment_insert(r->st, n.id, hash, (long long)r->body_len, ft.mime, name, r->sess->user_id,
	                                        &id)) ||
	    (e = api_audit(r, "notice.attach", "notice", n.id, NULL, api_kv(r, "name", name, "sha256", hash, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	struct attachment a = {id, 0, (long long)r->body_len, hash, ft.mime, name, n.id};
	attachment_fn_(&w, &a);
	return LD_OK;
}
