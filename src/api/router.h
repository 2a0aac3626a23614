/* router — the route table and its matching.
 *
 * One table of {method, pattern, handler, access, roles}: authentication, the CSRF check,
 * the Content-Type check, body parsing and the role check happen here, once, before any
 * handler runs. Patterns are literal segments and captures: ":id" (a positive integer) and
 * ":code" (letters, digits, '-', '_'). */
#ifndef LD_ROUTER_H
#define LD_ROUTER_H

#include "api/api.h"

enum access {
	ACCESS_PUBLIC,  /* anyone */
	ACCESS_USER,    /* any logged-in user */
	ACCESS_ROLES,   /* a logged-in user holding one of roles */
};

enum route_flags {
	ROUTE_NO_CSRF = 1, /* a write that needs no CSRF token (the login itself) */
	ROUTE_RAW = 2,     /* the body is a file (any type, up to the upload cap), not JSON */
	ROUTE_GROUP = 4,   /* a frequent small write whose changes are only in the database: it may
	                    * run in the server's group-commit writer (see api_grouped) */
};

struct route {
	enum http_method method;
	const char *pattern;
	handler_fn handler;
	enum access access;
	unsigned roles;
	unsigned flags;
};

extern const struct route api_routes[];
extern const int api_route_count;

/* Finds the route for method and path, filling r's captures. NULL if none; *path_known is
 * set when the path matches some route of another method (405 rather than 404). */
const struct route *route_match(struct req *r, enum http_method method, const char *path, int *path_known);

#endif
