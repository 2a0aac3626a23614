#include "api/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "store/audit.h"
#include "store/store.h"

void req_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders < REQ_MAX_HEADERS) {
		r->header[r->nheaders].name = name;
		r->header[r->nheaders].value = value;
		r->nheaders++;
	}
}

enum lderr req_field(struct req *r, const char *field, const char *message)
{
	if (r->nferr < REQ_MAX_FIELD_ERRORS) {
		r->ferr[r->nferr].field = field;
		r->ferr[r->nferr].message = message;
		r->nferr++;
	}
	return LD_VALIDATION;
}

enum lderr req_fail(struct req *r, enum lderr e, const char *message)
{
	r->err_message = message;
	return e;
}

void api_json(struct req *r, int status, struct jw *w)
{
	r->status = status;
	r->out_type = "application/json; charset=utf-8";
	buf_reset(r->out);
	jw_init(w, r->out);
}

enum lderr api_no_content(struct req *r)
{
	r->status = 204;
	r->out_type = NULL;
	buf_reset(r->out);
	return LD_OK;
}

static json_t *field_value(struct req *r, const char *field)
{
	return r->json && json_is_object(r->json) ? json_object_get(r->json, field) : NULL;
}

bool api_str(struct req *r, const char *field, bool required, int max_chars, const char **out)
{
	json_t *v = field_value(r, field);
	if (!v || json_is_null(v)) {
		if (required) {
			req_field(r, field, "必填");
			return false;
		}
		return true;
	}
	if (!json_is_string(v)) {
		req_field(r, field, "应为文本");
		return false;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (memchr(s, '\0', n)) {
		req_field(r, field, "不能包含空字符");
		return false;
	}
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (required && n == 0) {
		req_field(r, field, "不能为空");
		return false;
	}
	int chars = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
	if (chars > max_chars) {
		req_field(r, field, arena_printf(r->arena, "不能超过 %d 个字符", max_chars));
		return false;
	}
	*out = arena_strndup(r->arena, s, n);
	return *out != NULL;
}

bool api_int(struct req *r, const char *field, bool required, long long *out)
{
	json_t *v = field_value(r, field);
	if (!v || json_is_null(v)) {
		if (required) {
			req_field(r, field, "必填");
			return false;
		}
		return true;
	}
	if (!json_is_integer(v)) {
		req_field(r, field, "应为整数");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool api_bool(struct req *r, const char *field, bool required, int *out)
{
	json_t *v = field_value(r, field);
	if (!v || json_is_null(v)) {
		if (required) {
			req_field(r, field, "必填");
			return false;
		}
		return true;
	}
	if (!json_is_boolean(v)) {
		req_field(r, field, "应为 true 或 false");
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool api_only(struct req *r, const char *const *allowed)
{
	if (!r->json || !json_is_object(r->json))
		return true;
	bool ok = true;
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v) {
		bool known = false;
		for (const char *const *a = allowed; *a; a++)
			known = known || strcmp(*a, key) == 0;
		if (!known) {
			req_field(r, arena_strdup(r->arena, key), "不支持的字段");
			ok = false;
		}
	}
	return ok;
}

bool api_page(struct req *r, long long max, struct page *p)
{
	p->page = 1;
	p->size = 20;
	p->total = 0;
	const char *s;
	bool ok = true;
	if ((s = query_get(&r->query, "page")) && !parse_int(s, 1, 1000000, &p->page))
		ok = false, req_field(r, "page", "应为不小于 1 的整数");
	if ((s = query_get(&r->query, "size")) && !parse_int(s, 1, max, &p->size))
		ok = false, req_field(r, "size", arena_printf(r->arena, "应为 1 到 %lld 的整数", max));
	p->skip = (p->page - 1) * p->size;
	return ok;
}

void api_page_end(struct jw *w, const struct page *p)
{
	jw_kint(w, "total", p->total);
	jw_kint(w, "page", p->page);
	jw_kint(w, "size", p->size);
}

bool api_unit_allowed(const struct req *r, unsigned roles, const struct unit *u)
{
	if (!r->sess)
		return false;
	struct scope_target t = {.path = u->path, .is_region = u->kind && strcmp(u->kind, "region") == 0,
	                         .sector = u->sector};
	return scope_allows(&r->sess->scope, roles, &t);
}

enum lderr api_unit_load(struct req *r, unsigned roles, long long id, struct unit *out)
{
	enum lderr e = store_unit_get(r->st, r->arena, id, out);
	if (e)
		return e;
	return api_unit_allowed(r, roles, out) ? LD_OK : LD_NOT_FOUND;
}

void api_unit_json(struct jw *w, const struct unit *u)
{
	jw_kint(w, "id", u->id);
	jw_kstr(w, "code", u->code);
	jw_kstr(w, "name", u->name);
	jw_kstr(w, "short_name", u->short_name);
	jw_kstr(w, "kind", u->kind);
	jw_kstr(w, "level", u->level);
	jw_kstr(w, "sector", u->sector);
	jw_key(w, "parent_id");
	if (u->parent_id)
		jw_int(w, u->parent_id);
	else
		jw_null(w);
	jw_kint(w, "child_count", u->child_count);
}

static struct audit_actor actor_of(struct req *r)
{
	struct audit_actor who = {.id = 0, .name = "anonymous", .client = r->client};
	if (r->sess) {
		who.id = r->sess->user_id;
		who.name = r->sess->username;
	}
	return who;
}

enum lderr api_audit(struct req *r, const char *action, const char *entity, long long id, const char *before,
                     const char *after)
{
	struct audit_actor who = actor_of(r);
	struct audit_entry e = {.action = action, .entity = entity,
	                        .entity_id = id ? arena_printf(r->arena, "%lld", id) : NULL,
	                        .before = before, .after = after};
	return store_audit(r->st, &who, &e);
}

void api_audit_failed(struct req *r, const char *action, const char *entity, long long id, const char *why)
{
	struct audit_actor who = actor_of(r);
	struct buf b;
	buf_init(&b, 4096);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "error", why);
	jw_obj_end(&w);
	struct audit_entry e = {.action = action, .entity = entity,
	                        .entity_id = id ? arena_printf(r->arena, "%lld", id) : NULL,
	                        .after = buf_str(&b), .failed = 1};
	store_rollback(r->st);
	if (store_audit(r->st, &who, &e) != LD_OK)
		fprintf(stderr, "audit: could not record failed %s\n", action);
	buf_fini(&b);
}

const char *api_kv(struct req *r, ...)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	va_list ap;
	va_start(ap, r);
	const char *key;
	while ((key = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		jw_kstr(&w, key, value);
	}
	va_end(ap);
	jw_obj_end(&w);
	const char *s = b.failed ? NULL : arena_strdup(r->arena, buf_str(&b));
	buf_fini(&b);
	return s;
}

/* A file name safe to keep and to show: the last path component, without control
 * characters, at most 100 characters; "附件" when nothing is left. */
const char *api_file_name(struct req *r, const char *name)
{
	if (!name)
		return "附件";
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *out = arena_alloc(r->arena, strlen(base) + 1);
	size_t o = 0;
	int chars = 0;
	for (const unsigned char *p = (const unsigned char *)base; out && *p && chars < 100; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '"')
			continue;
		if ((*p & 0xC0) != 0x80)
			chars++;
		out[o++] = (char)*p;
	}
	if (!out)
		return "附件";
	/* do not cut a character in half */
	while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80) {
		size_t k = o;
		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k == 0)
			break;
		unsigned lead = (unsigned char)out[k - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (o - (k - 1) >= need)
			break;
		o = k - 1;
	}
	out[o] = '\0';
	while (o > 0 && (out[0] == '.' || out[0] == ' '))
		memmove(out, out + 1, o--);
	return o && utf8_valid(out, o) ? out : "附件";
}


enum lderr api_rate_limit(struct req *r, const char *action, int limit, int seconds)
{
	char since[21];
	store_iso_before(r->st, seconds, since);
	long long n = 0;
	enum lderr e = store_audit_recent(r->st, action, r->sess ? r->sess->user_id : 0, since, &n);
	if (e)
		return e;
	if (n < limit)
		return LD_OK;
	req_header(r, "Retry-After", arena_printf(r->arena, "%d", seconds));
	return req_fail(r, LD_RATE_LIMITED, "操作过于频繁，请稍后再试");
}

const char *api_answer_key(struct req *r, const char *what)
{
	if (!what)
		return NULL;
	struct buf k;
	buf_init(&k, 1 << 14);
	buf_printf(&k, "%s user %lld", what, r->sess->user_id);
	for (int i = 0; i < r->sess->ngrants; i++) {
		const struct scope_grant *g = &r->sess->grants[i].g;
		buf_printf(&k, " %d:%lld:%s", (int)g->role, g->unit_id, g->sector ? g->sector : "");
	}
	const char *key = k.failed ? NULL : arena_strdup(r->arena, buf_str(&k));
	buf_fini(&k);
	return key;
}

bool api_answer_kept(struct req *r, const char *key, unsigned long long *mark)
{
	const char *body;
	size_t len;
	*mark = 0;
	/* with no-cache, a kept answer is not used, but the fresh one is kept in its place */
	if (!key || !store_answer_get(r->st, key, &body, &len, mark) || r->no_cache)
		return false;
	struct jw w;
	api_json(r, 200, &w);
	buf_append(r->out, body, len);
	return true;
}

void api_answer_keep(struct req *r, const char *key, unsigned long long mark)
{
	if (key && !r->out->failed)
		store_answer_put(r->st, key, mark, r->out->data, r->out->len);
}
