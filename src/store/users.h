/* users — accounts, their role grants, and server-side sessions. */
#ifndef LD_STORE_USERS_H
#define LD_STORE_USERS_H

#include <stdbool.h>

#include "core/err.h"
#include "core/scope.h"
#include "store/store.h"
#include "util/arena.h"

struct user {
	long long id;
	const char *username;
	const char *display_name;
	long long unit_id;        /* 0 when none */
	const char *unit_name;    /* NULL when none */
	const char *unit_path;    /* NULL when none */
	const char *password_hash;
	bool disabled;
	int failed_logins;
	long long locked_until;
	long long password_changed_at;
	bool must_change;         /* an issued password: change it at the next login */
	const char *totp_secret;  /* hex, NULL until enrolled */
	const char *totp_pending; /* hex, during enrolment */
	long long totp_last_step;
	bool demo_account;
};

/* A grant as shown to people: the scope part plus the unit's name and code. */
struct grant {
	struct scope_grant g;
	const char *unit_name;
	const char *unit_code;
};

typedef int (*user_fn)(void *ctx, const struct user *u);

/* Copies into the arena. LD_NOT_FOUND when absent. */
enum lderr store_user_get(struct store *st, struct arena *a, long long id, struct user *out);
enum lderr store_user_by_name(struct store *st, struct arena *a, const char *username, struct user *out);
/* Users whose username or display name contains q (NULL: all), by id; borrowed rows. */
enum lderr store_user_list(struct store *st, const char *q, user_fn fn, void *ctx);
/* The path of the user's unit into the arena (NULL when the user has no unit). */
enum lderr store_user_unit_path(struct store *st, struct arena *a, long long user_id, const char **path);

/* Inserts a user; LD_CONFLICT when the username is taken. */
enum lderr store_user_insert(struct store *st, const char *username, const char *display_name,
                             long long unit_id, const char *password_hash, long long *id);
/* Changes the fields given (NULL / negative keep them). */
enum lderr store_user_update(struct store *st, long long id, const char *display_name, int disabled);
enum lderr store_user_set_password(struct store *st, long long id, const char *password_hash);
/* Records a failed login (locking until lock_until when the count reaches limit) or resets. */
enum lderr store_user_login_failed(struct store *st, long long id, int limit, long long lock_until);
enum lderr store_user_login_ok(struct store *st, long long id);

/* All grants of a user, into an arena array. */
enum lderr store_grants_of(struct store *st, struct arena *a, long long user_id, struct grant **out, int *n);
enum lderr store_grant_insert(struct store *st, long long user_id, const char *role, long long unit_id,
                              const char *sector, long long *id);
/* LD_NOT_FOUND when the grant is not the user's. */
enum lderr store_grant_delete(struct store *st, long long user_id, long long grant_id);

/* Sessions, keyed by the hash of the cookie's token. */
struct session_row {
	long long user_id;
	const char *csrf;
	long long created_at;
	long long last_seen;
	bool must_change;
	bool needs_totp;
};
enum lderr store_session_create(struct store *st, const char *token_hash, long long user_id, const char *csrf,
                                const char *client, bool must_change, bool needs_totp);
enum lderr store_session_clear_needs_totp(struct store *st, long long user_id);

/* TOTP enrolment: a pending secret, its confirmation, the last step used, removal. */
enum lderr store_user_totp_pending(struct store *st, long long id, const char *secret_hex);
enum lderr store_user_totp_confirm(struct store *st, long long id, long long step);
enum lderr store_user_totp_step(struct store *st, long long id, long long step);
enum lderr store_user_totp_clear(struct store *st, long long id);
enum lderr store_user_mark_demo(struct store *st, long long id);
/* Ends every session of the user but one (after a password change). */
enum lderr store_session_delete_others(struct store *st, long long user_id, const char *keep_hash);
enum lderr store_session_clear_must_change(struct store *st, const char *token_hash);

/* Marks the user's password as issued (must change) or not. */
enum lderr store_user_set_must_change(struct store *st, long long id, bool must);
/* Records a password hash in the user's history. */
enum lderr store_password_history_add(struct store *st, long long user_id, const char *hash);
/* The user's last n password hashes, newest first: fn(ctx, hash). */
enum lderr store_password_history(struct store *st, long long user_id, int n,
                                  int (*fn)(void *ctx, const char *hash), void *ctx);
/* Failed logins from client since the ISO time. */
enum lderr store_failed_logins_from(struct store *st, const char *client, const char *since, long long *n);
enum lderr store_session_get(struct store *st, struct arena *a, const char *token_hash, struct session_row *out);
enum lderr store_session_touch(struct store *st, const char *token_hash);
enum lderr store_session_delete(struct store *st, const char *token_hash);
/* Ends every session of the user (after a password change or when disabled). */
enum lderr store_session_delete_user(struct store *st, long long user_id);

#endif
