#include "http/client.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

struct outcome {
	int status;
	int done;
	struct event_base *base;
};

/* The answer is in: stop the loop now. Left running, it would wait on the kept-alive
 * connection until the receiver closed it (seconds per message on a keep-alive server). */
static void on_done(struct evhttp_request *req, void *arg)
{
	struct outcome *o = arg;
	o->status = req ? evhttp_request_get_response_code(req) : 0;
	o->done = 1;
	event_base_loopbreak(o->base);
}

int http_post_json(const char *url, const char *body, int timeout, int *status, char *err, size_t errlen)
{
	int rc = -1;
	*status = 0;
	struct evhttp_uri *uri = evhttp_uri_parse(url);
	const char *scheme = uri ? evhttp_uri_get_scheme(uri) : NULL;
	const char *host = uri ? evhttp_uri_get_host(uri) : NULL;
	if (!scheme || !host || (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		snprintf(err, errlen, "not an http(s) URL");
		evhttp_uri_free(uri);
		return -1;
	}
	bool tls = strcmp(scheme, "https") == 0;
	int port = evhttp_uri_get_port(uri);
	if (port < 0)
		port = tls ? 443 : 80;
	char target[2048];
	const char *path = evhttp_uri_get_path(uri), *query = evhttp_uri_get_query(uri);
	snprintf(target, sizeof(target), "%s%s%s", path && *path ? path : "/", query ? "?" : "", query ? query : "");

	struct event_base *base = event_base_new();
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	struct bufferevent *bev = NULL;
	struct evhttp_connection *conn = NULL;
	struct outcome o = {0, 0, base};
	if (!base)
		goto out;
	if (tls) {
		ctx = SSL_CTX_new(TLS_client_method());
		if (!ctx || SSL_CTX_set_default_verify_paths(ctx) != 1)
			goto tls_fail;
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		ssl = SSL_new(ctx);
		if (!ssl || SSL_set1_host(ssl, host) != 1 || SSL_set_tlsext_host_name(ssl, host) != 1)
			goto tls_fail;
		bev = bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_CONNECTING,
		                                     BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
		if (!bev)
			goto tls_fail;
		ssl = NULL; /* the bufferevent owns it now */
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	}
	conn = evhttp_connection_base_bufferevent_new(base, NULL, bev, host, (unsigned short)port);
	if (!conn) {
		snprintf(err, errlen, "cannot create a connection");
		goto out;
	}
	evhttp_connection_set_timeout(conn, timeout);
	struct evhttp_request *req = evhttp_request_new(on_done, &o);
	if (!req) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Host", host);
	evhttp_add_header(h, "Content-Type", "application/json; charset=utf-8");
	evhttp_add_header(h, "User-Agent", "liandong-webhook");
	evbuffer_add(evhttp_request_get_output_buffer(req), body, strlen(body));
	if (evhttp_make_request(conn, req, EVHTTP_REQ_POST, target) != 0) {
		snprintf(err, errlen, "cannot send the request");
		goto out;
	}
	event_base_dispatch(base);
	if (!o.done || o.status == 0) {
		snprintf(err, errlen, "no answer from %s:%d", host, port);
		goto out;
	}
	*status = o.status;
	rc = 0;
	goto out;
tls_fail:
	snprintf(err, errlen, "TLS setup failed: %s", ERR_reason_error_string(ERR_get_error()));
out:
	if (conn)
		evhttp_connection_free(conn);
	else if (bev)
		bufferevent_free(bev);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	if (base)
		event_base_free(base);
	evhttp_uri_free(uri);
	return rc;
}
