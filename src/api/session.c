/* Sessions: log in, log out, who am I.
 *
 * The cookie ld_session holds a random 256-bit token; the database keeps only its hash, with
 * the CSRF token every write must echo in X-CSRF-Token. Sessions end after an idle time and
 * an absolute time (config), at logout, and when the user is disabled. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/handlers.h"
#include "config.h"
#include "core/password.h"
#include "store/store.h"
#include "util/secret.h"
#include "util/totp.h"

/* A session as loaded, kept per connection between requests (store_kept_get) while the auth
 * mark stays (migration 016: it moves with any change to a session but its touch, a user, a
 * grant or a unit, through any server), so one row is read per request instead of the session,
 * its user and the user's grants; a logout or a disabled user ends it at once. */
struct kept_session {
	struct arena a;
	struct session s;
	long long created_at, last_seen;
};

static void kept_session_drop(void *obj)
{
	struct kept_session *k = obj;
	arena_fini(&k->a);
	free(k);
}

/* A copy of src in a, or NULL when a ran out. */
static struct session *session_copy(struct arena *a, const struct session *src)
{
	struct session *s = arena_alloc(a, sizeof(*s));
	struct grant *g = arena_alloc(a, sizeof(*g) * (size_t)(src->ngrants + 1));
	struct scope_grant *sg = arena_alloc(a, sizeof(*sg) * (size_t)(src->ngrants + 1));
	if (!s || !g || !sg)
		return NULL;
	*s = *src;
	s->username = arena_strdup(a, src->username);
	s->display_name = src->display_name ? arena_strdup(a, src->display_name) : NULL;
	s->unit_name = src->unit_name ? arena_strdup(a, src->unit_name) : NULL;
	s->token_hash = arena_strdup(a, src->token_hash);
	s->csrf = arena_strdup(a, src->csrf);
	bool ok = s->username && s->token_hash && s->csrf;
	for (int i = 0; i < src->ngrants; i++) {
		g[i] = src->grants[i];
		g[i].g.path = arena_strdup(a, src->grants[i].g.path);
		g[i].g.sector = src->grants[i].g.sector ? arena_strdup(a, src->grants[i].g.sector) : NULL;
		g[i].unit_name = src->grants[i].unit_name ? arena_strdup(a, src->grants[i].unit_name) : NULL;
		g[i].unit_code = src->grants[i].unit_code ? arena_strdup(a, src->grants[i].unit_code) : NULL;
		ok = ok && g[i].g.path;
		sg[i] = g[i].g;
	}
	s->grants = g;
	s->scope.grant = sg;
	return ok ? s : NULL;
}

/* Whether a session last seen and created at these times has ended by now. */
static bool session_over(const struct req *r, long long now, long long last_seen, long long created_at)
{
	return now - last_seen > r->cfg->session_idle_seconds || now - created_at > r->cfg->session_max_seconds;
}

enum lderr session_load(struct req *r)
{
	if (!r->cookie || strlen(r->cookie) != SECRET_TOKEN_HEX - 1)
		return LD_NOT_LOGGED_IN;
	char hash[SECRET_TOKEN_HEX];
	secret_token_hash(r->cookie, hash);
	long long now = store_now(r->st);
	void *obj;
	unsigned long long mark = store_auth_mark(r->st);
	if (store_kept_get(r->st, hash, mark, &obj)) {
		struct kept_session *k = obj;
		/* a kept session is used until its next touch is due */
		if (now - k->last_seen < 30 && !session_over(r, now, k->last_seen, k->created_at)) {
			if (!(r->sess = session_copy(r->arena, &k->s)))
				return LD_NOMEM;
			r->log_user = r->sess->user_id;
			return LD_OK;
		}
	}
	struct session_row row;
	enum lderr e = store_session_get(r->st, r->arena, hash, &row);
	if (e)
		return e == LD_NOT_FOUND ? LD_NOT_LOGGED_IN : e;
	if (session_over(r, now, row.last_seen, row.created_at)) {
		store_session_delete(r->st, hash);
		return LD_NOT_LOGGED_IN;
	}
	struct user u;
	if ((e = store_user_get(r->st, r->arena, row.user_id, &u)))
		return e == LD_NOT_FOUND ? LD_NOT_LOGGED_IN : e;
	if (u.disabled)
		return LD_NOT_LOGGED_IN;
	struct session *s = arena_zalloc(r->arena, sizeof(*s));
	if (!s)
		return LD_NOMEM;
	s->user_id = u.id;
	s->username = u.username;
	s->display_name = u.display_name;
	s->unit_id = u.unit_id;
	s->unit_name = u.unit_name;
	s->token_hash = arena_strdup(r->arena, hash);
	s->csrf = row.csrf;
	s->must_change = row.must_change;
	s->needs_totp = row.needs_totp;
	if ((e = store_grants_of(r->st, r->arena, u.id, &s->grants, &s->ngrants)))
		return e;
	struct scope_grant *sg = arena_alloc(r->arena, sizeof(*sg) * (size_t)(s->ngrants + 1));
	if (!sg || !s->token_hash)
		return LD_NOMEM;
	for (int i = 0; i < s->ngrants; i++)
		sg[i] = s->grants[i].g;
	s->scope.grant = sg;
	s->scope.n = s->ngrants;
	if (now - row.last_seen >= 30) {
		store_session_touch(r->st, hash);
	} else if (mark) {
		struct kept_session *k = calloc(1, sizeof(*k));
		if (k) {
			arena_init(&k->a, 1 << 20);
			k->created_at = row.created_at;
			k->last_seen = row.last_seen;
			struct session *copy = session_copy(&k->a, s);
			if (copy) {
				k->s = *copy;
				store_kept_put(r->st, hash, mark, k, kept_session_drop);
			} else {
				kept_session_drop(k);
			}
		}
	}
	r->sess = s;
	r->log_user = u.id;
	return LD_OK;
}

/* Writes the Me object: {"user": User, "csrf_token": …, "must_change_password": bool,
 * "password_change_reason": "issued"|"expired"|null}. */
static void render_me(struct req *r, const struct user *u, const struct grant *g, int n, const char *csrf,
                      const char *must, bool needs_totp)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "user");
	api_user_json(&w, u, g, n);
	jw_kstr(&w, "csrf_token", csrf);
	jw_kbool(&w, "must_change_password", must != NULL);
	jw_kstr(&w, "password_change_reason", must);
	jw_kbool(&w, "totp_enabled", u->totp_secret != NULL);
	jw_kbool(&w, "totp_setup_required", needs_totp);
	jw_obj_end(&w);
}

/* The three administrators and the office must have a second factor. */
static bool totp_mandatory(const struct grant *g, int n)
{
	for (int i = 0; i < n; i++)
		if (ROLE_BIT(g[i].g.role) & (ROLES_ADMIN3 | ROLE_BIT(ROLE_OFFICE)))
			return true;
	return false;
}

/* POST /api/v1/session {"username","password"}
 * 200 Me and the session cookie; 401 bad_credentials for an unknown user, a wrong password or
 * a disabled account (the same answer for each); 423 account_locked after too many failures;
 * 422 naming a missing field. Successes and failures are audited (never the password). */
enum lderr session_login(struct req *r)
{
	const char *username = NULL, *password = NULL, *otp = NULL;
	api_str(r, "username", true, 64, &username);
	api_str(r, "password", true, 256, &password);
	api_str(r, "otp", false, 10, &otp);
	if (r->nferr)
		return LD_VALIDATION;

	struct user u;
	long long now = store_now(r->st);
	/* failures are counted per client address too, so guessing across accounts stops */
	char since[21];
	store_iso_before(r->st, r->cfg->lock_seconds, since);
	long long from_here = 0;
	enum lderr e = store_failed_logins_from(r->st, r->client, since, &from_here);
	if (e)
		return e;
	if (from_here >= r->cfg->lock_address_after) {
		req_header(r, "Retry-After", arena_printf(r->arena, "%d", r->cfg->lock_seconds));
		api_audit_failed(r, "session.login", "user", 0, "too many failures from this address");
		return req_fail(r, LD_RATE_LIMITED, "该地址登录失败次数过多，请稍后再试");
	}
	e = store_user_by_name(r->st, r->arena, username, &u);
	if (e == LD_NOT_FOUND) {
		secret_verify_dummy(password);
		api_audit_failed(r, "session.login", "user", 0, arena_printf(r->arena, "unknown user %s", username));
		return LD_BAD_CREDENTIALS;
	}
	if (e)
		return e;
	if (u.locked_until > now) {
		api_audit_failed(r, "session.login", "user", u.id, "account locked");
		return LD_LOCKED;
	}
	if (!secret_verify_password(u.password_hash, password) || u.disabled) {
		store_user_login_failed(r->st, u.id, r->cfg->lock_after_failures, now + r->cfg->lock_seconds);
		api_audit_failed(r, "session.login", "user", u.id, u.disabled ? "account disabled" : "wrong password");
		return LD_BAD_CREDENTIALS;
	}

	if (r->cfg->production && u.demo_account) {
		api_audit_failed(r, "session.login", "user", u.id, "demo account in production");
		return req_fail(r, LD_FORBIDDEN, "演示账号不能在生产环境使用");
	}
	/* the second factor, when enrolled: a code not used before */
	if (u.totp_secret) {
		long long step;
		if (!otp || !*otp) {
			api_audit_failed(r, "session.login", "user", u.id, "second factor missing");
			return LD_OTP_REQUIRED;
		}
		if (!totp_check(u.totp_secret, otp, now, u.totp_last_step, &step)) {
			store_user_login_failed(r->st, u.id, r->cfg->lock_after_failures, now + r->cfg->lock_seconds);
			api_audit_failed(r, "session.login", "user", u.id, "wrong or reused second factor");
			return LD_BAD_OTP;
		}
		if ((e = store_user_totp_step(r->st, u.id, step)))
			return e;
	}
	char token[SECRET_TOKEN_HEX], hash[SECRET_TOKEN_HEX], csrf[33];
	secret_random_hex(token, 32);
	secret_token_hash(token, hash);
	secret_random_hex(csrf, 16);
	struct grant *g;
	int n;
	if ((e = store_begin(r->st)))
		return e;
	bool expired = now - u.password_changed_at > (long long)r->cfg->password_max_days * 86400;
	bool must = u.must_change || expired;
	struct grant *held;
	int nheld;
	if ((e = store_grants_of(r->st, r->arena, u.id, &held, &nheld)))
		return e;
	bool needs_totp = r->cfg->production && !u.totp_secret && totp_mandatory(held, nheld);
	if ((e = store_session_create(r->st, hash, u.id, csrf, r->client, must, needs_totp)) ||
	    (e = store_user_login_ok(r->st, u.id)))
		return e;
	r->sess = &(struct session){.user_id = u.id, .username = u.username};
	if ((e = api_audit(r, "session.login", "user", u.id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	r->sess = NULL;
	r->log_user = u.id;
	if ((e = store_grants_of(r->st, r->arena, u.id, &g, &n)))
		return e;
	req_header(r, "Set-Cookie",
	           arena_printf(r->arena, "ld_session=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
	                        r->cfg->secure_cookie ? "; Secure" : ""));
	render_me(r, &u, g, n, csrf, must ? (u.must_change ? "issued" : "expired") : NULL, needs_totp);
	return LD_OK;
}

/* DELETE /api/v1/session — ends the session on the server and clears the cookie. 204. */
enum lderr session_logout(struct req *r)
{
	enum lderr e;
	if ((e = store_begin(r->st)) || (e = store_session_delete(r->st, r->sess->token_hash)) ||
	    (e = api_audit(r, "session.logout", "user", r->sess->user_id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	req_header(r, "Set-Cookie", "ld_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return api_no_content(r);
}

/* GET /api/v1/me — the caller and their roles, with the CSRF token. 401 when not logged in. */
enum lderr session_me(struct req *r)
{
	struct user u;
	enum lderr e = store_user_get(r->st, r->arena, r->sess->user_id, &u);
	if (e)
		return e;
	bool expired = store_now(r->st) - u.password_changed_at > (long long)r->cfg->password_max_days * 86400;
	render_me(r, &u, r->sess->grants, r->sess->ngrants, r->sess->csrf,
	          r->sess->must_change ? (u.must_change ? "issued" : expired ? "expired" : "issued") : NULL,
	          r->sess->needs_totp);
	return LD_OK;
}

struct history {
	const char *password;
	bool reused;
};

static int history_fn(void *ctx, const char *hash)
{
	struct history *h = ctx;
	h->reused = h->reused || secret_verify_password(hash, h->password);
	return h->reused;
}

static const char *const password_fields[] = {"current_password", "new_password", NULL};

/* POST /api/v1/me/password {"current_password","new_password"} — the caller changes their own
 * password: the policy of core/password.h, and none of the last five. Ends the caller's
 * other sessions. 204; 422 naming the field (a wrong current password: current_password). */
enum lderr session_change_password(struct req *r)
{
	const char *current = NULL, *next = NULL;
	struct user u;
	api_only(r, password_fields);
	api_str(r, "current_password", true, 256, &current);
	api_str(r, "new_password", true, 256, &next);
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e = store_user_get(r->st, r->arena, r->sess->user_id, &u);
	if (e)
		return e;
	if (!secret_verify_password(u.password_hash, current)) {
		api_audit_failed(r, "user.password_change", "user", u.id, "wrong current password");
		return req_field(r, "current_password", "当前密码不正确");
	}
	const char *why = password_check(next, u.username);
	if (why)
		return req_field(r, "new_password", why);
	struct history h = {next, secret_verify_password(u.password_hash, next)};
	if (!h.reused && (e = store_password_history(r->st, u.id, 4, history_fn, &h)))
		return e;
	if (h.reused)
		return req_field(r, "new_password", "不能与最近 5 次使用过的密码相同");
	char hash[SECRET_HASH_MAX];
	if (!secret_hash_password(next, hash))
		return LD_NOMEM;
	if ((e = store_begin(r->st)) || (e = store_password_history_add(r->st, u.id, u.password_hash)) ||
	    (e = store_user_set_password(r->st, u.id, hash)) || (e = store_user_set_must_change(r->st, u.id, false)) ||
	    (e = store_session_delete_others(r->st, u.id, r->sess->token_hash)) ||
	    (e = store_session_clear_must_change(r->st, r->sess->token_hash)) ||
	    (e = api_audit(r, "user.password_change", "user", u.id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* POST /api/v1/me/totp — starts enrolling a second factor: a new secret, as an otpauth URI
 * and as a QR code (SVG) for an authenticator app. Confirmed by the first code. */
enum lderr totp_start(struct req *r)
{
	struct user u;
	enum lderr e = store_user_get(r->st, r->arena, r->sess->user_id, &u);
	if (e)
		return e;
	if (u.totp_secret)
		return req_fail(r, LD_STATE, "已绑定动态验证码；如需更换，请先解除绑定");
	char secret[TOTP_SECRET_HEX];
	totp_new_secret(secret);
	struct buf uri, svg;
	buf_init(&uri, 4096);
	buf_init(&svg, 1 << 20);
	if (!totp_uri(secret, u.username, "liandong", &uri) || !totp_qr_svg(buf_str(&uri), &svg)) {
		buf_fini(&uri);
		buf_fini(&svg);
		return LD_INTERNAL;
	}
	if ((e = store_begin(r->st)) || (e = store_user_totp_pending(r->st, u.id, secret)) ||
	    (e = api_audit(r, "user.totp_start", "user", u.id, NULL, NULL)) || (e = store_commit(r->st))) {
		buf_fini(&uri);
		buf_fini(&svg);
		return e;
	}
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kstr(&w, "otpauth_uri", buf_str(&uri));
	jw_kstr(&w, "qr_svg", buf_str(&svg));
	jw_obj_end(&w);
	buf_fini(&uri);
	buf_fini(&svg);
	return LD_OK;
}

static const char *const code_fields[] = {"code", NULL};

/* POST /api/v1/me/totp/confirm {"code"} — the first code confirms the enrolment. 204; 422
 * (field code) when it does not match. */
enum lderr totp_confirm(struct req *r)
{
	const char *code = NULL;
	struct user u;
	api_only(r, code_fields);
	api_str(r, "code", true, 10, &code);
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e = store_user_get(r->st, r->arena, r->sess->user_id, &u);
	if (e)
		return e;
	long long step;
	if (!u.totp_pending)
		return req_fail(r, LD_STATE, "请先开始绑定");
	if (!totp_check(u.totp_pending, code, store_now(r->st), u.totp_last_step, &step)) {
		api_audit_failed(r, "user.totp_confirm", "user", u.id, "wrong code");
		return req_field(r, "code", "验证码不正确");
	}
	if ((e = store_begin(r->st)) || (e = store_user_totp_confirm(r->st, u.id, step)) ||
	    (e = store_session_clear_needs_totp(r->st, u.id)) ||
	    (e = api_audit(r, "user.totp_enable", "user", u.id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* DELETE /api/v1/me/totp — removes one's second factor, unless one's roles require it. */
enum lderr totp_remove(struct req *r)
{
	if (r->cfg->production && totp_mandatory(r->sess->grants, r->sess->ngrants))
		return req_fail(r, LD_FORBIDDEN, "管理员和工委管理员必须使用动态验证码");
	enum lderr e;
	if ((e = store_begin(r->st)) || (e = store_user_totp_clear(r->st, r->sess->user_id)) ||
	    (e = api_audit(r, "user.totp_disable", "user", r->sess->user_id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}
