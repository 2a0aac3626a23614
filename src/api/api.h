/* api — what the resource handlers share: reading JSON bodies with field errors, writing
 * answers, the scope check on units, paging, and audit records. */
#ifndef LD_API_H
#define LD_API_H

#include <stdbool.h>

#include "api/req.h"
#include "store/units.h"
#include "util/jw.h"

typedef enum lderr (*handler_fn)(struct req *r);

/* Starts a JSON answer with status; the returned writer writes into r->out. */
void api_json(struct req *r, int status, struct jw *w);
/* An empty answer (204). */
enum lderr api_no_content(struct req *r);

/* Body fields. Each records a field error (and returns false) when the field is present
 * with the wrong type, or when required and missing or empty; max is in characters. *out
 * is NULL / untouched when the field is absent. Strings are trimmed of surrounding space. */
bool api_str(struct req *r, const char *field, bool required, int max_chars, const char **out);
bool api_int(struct req *r, const char *field, bool required, long long *out);
bool api_bool(struct req *r, const char *field, bool required, int *out);
/* Fails with LD_VALIDATION (naming bad fields) if the body has fields not in allowed
 * (NULL-terminated). */
bool api_only(struct req *r, const char *const *allowed);

/* Paging from ?page=&size= (size default 20, at most max). false (with a field error) for bad
 * values. */
struct page {
	long long page, size, skip;
	long long total;   /* counted by the caller */
};
bool api_page(struct req *r, long long max, struct page *p);
/* Adds the paging keys of a list answer: "total","page","size" (after "items"). */
void api_page_end(struct jw *w, const struct page *p);

/* Whether the caller holds one of roles over u (see core/scope.h). */
bool api_unit_allowed(const struct req *r, unsigned roles, const struct unit *u);
/* Loads unit id into out if it exists and the caller may see it with one of roles; otherwise
 * LD_NOT_FOUND (never telling which). */
enum lderr api_unit_load(struct req *r, unsigned roles, long long id, struct unit *out);

/* Writes a unit as the API's Unit object. */
void api_unit_json(struct jw *w, const struct unit *u);

/* A JSON object of string pairs, key1, value1, …, NULL (NULL values become null), in the
 * arena: for the before/after of audit records. */
const char *api_kv(struct req *r, ...);

/* Appends an audit record of the caller's action (inside the change's transaction). */
enum lderr api_audit(struct req *r, const char *action, const char *entity, long long id, const char *before,
                     const char *after);
/* Records that the caller's action failed (after the rollback). */
void api_audit_failed(struct req *r, const char *action, const char *entity, long long id, const char *why);

/* Writes a user as the API's User object, with its grants as "roles". */
void api_user_json(struct jw *w, const struct user *u, const struct grant *g, int n);
/* Writes one grant as the API's Grant object. */
void api_grant_json(struct jw *w, const struct grant *g);

/* A file name safe to keep and to show (the last path component, no control characters, at
 * most 100 characters; "附件" when nothing is left), in the arena. */
const char *api_file_name(struct req *r, const char *name);

/* A per-account rate limit counted in the audit log (so it holds across servers): LD_OK, or
 * LD_RATE_LIMITED with Retry-After when the caller wrote `limit` records of action in the last
 * `seconds`. */
enum lderr api_rate_limit(struct req *r, const char *action, int limit, int seconds);

/* The key of a kept answer (store_answer_get/put): what, then the caller and their grants
 * (which decide what they see); NULL when out of memory. */
const char *api_answer_key(struct req *r, const char *what);
/* Answers r with a kept body when key is kept and still valid (true); otherwise false with
 * *mark for api_answer_keep once the answer is written. A request that says Cache-Control:
 * no-cache is always computed afresh (the bench measures the computation so). */
bool api_answer_kept(struct req *r, const char *key, unsigned long long *mark);
void api_answer_keep(struct req *r, const char *key, unsigned long long mark);

/* Roles that may read the organisation: all but the auditor. */
#define ROLES_ORG_READ (ROLES_ALL & ~ROLE_BIT(ROLE_AUDITOR))

#endif
