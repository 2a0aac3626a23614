/* http — the HTTP server: libevent's evhttp, one event loop per thread, all sharing the port
 * (SO_REUSEPORT), each with its own store connection. The only module that includes
 * libevent. It turns each request into a struct req for api/, or serves the SPA's files. */
#ifndef LD_HTTP_SERVER_H
#define LD_HTTP_SERVER_H

struct config;

/* Binds, prints "listening on http://HOST:PORT" on stdout, and serves until SIGINT or
 * SIGTERM, then stops accepting, lets in-flight responses finish, and returns 0. Returns
 * non-zero (with a message on stderr) when it cannot start. */
int http_serve(const struct config *cfg);

#endif
