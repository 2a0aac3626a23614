/* req — one HTTP request as the handlers see it, and the answer they build.
 *
 * http/ fills it from libevent and sends what the handler left in it; nothing here knows
 * libevent. Everything a handler needs arrives in it: the parsed request, the caller's
 * session and scope, the store connection of this event loop, and an arena that lives
 * until the response is sent. */
#ifndef LD_REQ_H
#define LD_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "core/scope.h"
#include "store/users.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/query.h"

struct config;
struct route;
struct store;

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS, HTTP_OTHER };

/* The logged-in caller. */
struct session {
	long long user_id;
	const char *username;
	const char *display_name;
	long long unit_id;
	const char *unit_name;
	const char *token_hash;
	const char *csrf;
	struct grant *grants;
	int ngrants;
	struct scope scope; /* over grants */
	bool must_change;   /* the password must be changed before anything else */
	bool needs_totp;    /* a second factor must be enrolled before anything else */
};

struct field_error {
	const char *field;
	const char *message;
};

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8
#define REQ_MAX_FIELD_ERRORS 16

struct req {
	/* the request */
	enum http_method method;
	const char *path;         /* decoded, without the query */
	struct query query;
	const char *body;
	size_t body_len;
	const char *content_type; /* may be NULL */
	const char *cookie;       /* the ld_session cookie's value, or NULL */
	const char *csrf_header;  /* X-CSRF-Token, or NULL */
	const char *client;       /* the peer's address */
	bool no_cache;            /* Cache-Control: no-cache — computed afresh, never a kept answer */
	long long param[REQ_MAX_PARAMS]; /* numeric path captures, in order */
	const char *param_str[REQ_MAX_PARAMS];
	int nparams;

	/* what a handler may use */
	struct arena *arena;
	struct store *st;
	const struct config *cfg;
	struct session *sess;     /* NULL for an anonymous request */
	json_t *json;             /* the parsed body of a JSON request (borrowed, freed by the router) */

	/* the answer */
	int status;
	struct buf *out;
	const char *out_type;     /* Content-Type of out */
	struct {
		const char *name;
		const char *value;
	} header[REQ_MAX_HEADERS];
	int nheaders;

	/* an error, rendered by the router when a handler returns non-LD_OK */
	const char *err_message;
	struct field_error ferr[REQ_MAX_FIELD_ERRORS];
	int nferr;

	/* for the access log */
	long long log_user;

	const struct route *route; /* already matched (api_grouped), or NULL */
	/* a grouped write's body, parsed on its loop (api_grouped): json, or this error */
	bool body_parsed;
	enum lderr body_error;
	const char *body_message;
};

/* Adds a response header (name and value must outlive the request: literals or arena). */
void req_header(struct req *r, const char *name, const char *value);

/* Records a field error; returns LD_VALIDATION so handlers can `return req_field(...)`. */
enum lderr req_field(struct req *r, const char *field, const char *message);
/* Sets the message of the error the handler is about to return, and returns e. */
enum lderr req_fail(struct req *r, enum lderr e, const char *message);

/* Entry point for http/: routes r, runs the handler, and leaves the answer in r. */
void api_handle(struct req *r);

/* Whether r's route may run inside a group commit (store_group_begin … store_group_commit)
 * on another thread: a small write whose effects are all in the database. If so, its JSON
 * body is parsed now (r->json, freed by api_handle or api_req_free). */
bool api_grouped(struct req *r);

/* Frees what r holds beyond its arena: the parsed body of a request never handled. */
void api_req_free(struct req *r);

/* Replaces the answer in r by the error e: for a group whose commit failed after its
 * requests had their answers. */
void api_fail(struct req *r, enum lderr e);

#endif
