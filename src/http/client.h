/* client — a small synchronous HTTP(S) client for outbound webhooks (DingTalk and WeCom
 * robots), on libevent's evhttp with OpenSSL for https (peer and host name verified against
 * the system's trusted certificates). Used by the job runner's thread, never by an event
 * loop serving requests. */
#ifndef LD_HTTP_CLIENT_H
#define LD_HTTP_CLIENT_H

#include <stddef.h>

/* POSTs body as application/json to url (http:// or https://) and waits at most timeout
 * seconds. Returns 0 with the HTTP status in *status, or -1 with a reason in err when no
 * answer came (bad URL, refused, timed out, TLS failure). */
int http_post_json(const char *url, const char *body, int timeout, int *status, char *err, size_t errlen);

#endif
