/* config — everything the server is told at start, validated once by main.c.
 * Nothing else reads argv or the environment. */
#ifndef LD_CONFIG_H
#define LD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	const char *db_path;
	char listen_host[64];
	int listen_port;          /* 0: pick a free port */
	int threads;              /* event loops, one per core by default */
	const char *web_dir;      /* the built SPA, or NULL */
	const char *files_dir;    /* uploaded files, by content hash (default: the database path + ".files") */
	size_t max_body;          /* bytes of a JSON request body */
	size_t max_upload;        /* bytes of an uploaded file */
	size_t max_headers;       /* bytes of all request headers */
	int timeout_seconds;      /* read/write timeout per connection */
	int session_idle_seconds;
	int session_max_seconds;
	int lock_after_failures;
	int lock_seconds;
	int lock_address_after;   /* failed logins from one address within lock_seconds */
	int password_max_days;    /* a password older than this must be changed */
	bool secure_cookie;       /* add Secure to the cookie (behind TLS) */
	const char *trust_proxy;  /* the proxy's address: its requests come from X-Forwarded-For */
	bool production;          /* demo accounts refused; administrators and the office need TOTP */
	bool access_log;
	long long clock;          /* a pinned clock for tests (unix seconds), 0 for real time */
};

/* Fills c with the defaults. */
void config_defaults(struct config *c);

#endif
