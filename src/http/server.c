#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>

#include "api/req.h"
#include "config.h"
#include "jobs/runner.h"
#include "store/store.h"

#define REQ_ARENA_MAX (64u << 20)
#define RESPONSE_MAX (64u << 20)

struct writer;

struct worker {
	pthread_t thread;
	const struct config *cfg;
	int fd;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *bound;
	struct event *stop;
	struct store *st;
	struct buf out;
	int failed;
	struct writer *wr;           /* the group-commit writer shared by all loops */
	pthread_mutex_t done_mu;
	struct pending *done;        /* answered by the writer, to be sent by this loop */
	struct event *done_ev;       /* activated by the writer when done is not empty */
};

/* A write request handed to the writer: it owns everything its answer needs (arena,
 * buffer, copies of the path and the peer's address) until the loop that received it has
 * sent the answer. libevent keeps the evhttp_request (its headers and body) until then,
 * even if the client goes away meanwhile. */
struct pending {
	struct pending *next;
	struct worker *wk;
	struct evhttp_request *er;
	struct req r;
	struct arena arena;
	struct buf out;
	char client[INET6_ADDRSTRLEN + 8];
	struct timespec t0;
};

/* The group-commit writer: one thread with its own store connection that runs the grouped
 * write routes (api_grouped) of every loop. It takes what has queued up, runs each request
 * as a savepoint inside one transaction and commits once. Under load the queue fills while
 * a group runs, so the group grows with the load; alone, a request is its own group.
 *
 * The commit only writes the log (deferred_sync); the syncer thread then makes it durable —
 * one fdatasync for every group committed since its last — and only then hands the answers
 * back to their loops: nothing is acknowledged before it is durable. Meanwhile the writer
 * runs the next group instead of waiting for the disk (the sync had been a third of its
 * time under the report load). On PostgreSQL the commit itself is durable and the syncer
 * only passes the answers on. */
#define WRITER_GROUP_MAX 256

struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_cond_t ck_cv;
	struct pending *head, **tail;
	bool stopping;
	bool started;
	struct store *st;
	/* WAL checkpoints, off the writer's path: an automatic one ran inside the commit that
	 * crossed 1,000 pages, and every write queued behind it (p99 of 130–300 ms under load) */
	pthread_t ck_thread;
	bool ck_started;
	struct store *ck;
	/* A passive checkpoint never catches up with a steady write load, so the log would never
	 * be begun again: every commit would write into new blocks of the file, which the file
	 * system first fills with zeros (a sixth of the writer's time under the report load, and
	 * the log grew by a gigabyte in ten seconds). When the log is long, the checkpointer holds
	 * the writer between two groups for one more checkpoint of the pages written meanwhile;
	 * the next commit then writes the log from its start. Unheld checkpoints first catch up
	 * with the log until little was written during the last one, so the hold is short:
	 * 10-15 ms here (50-70 ms without catching up), about twice a second at 10,000 reports/s. */
	bool ck_hold;   /* the writer waits before its next group */
	bool in_group;  /* the writer is in a group */
	/* committed groups waiting for the syncer, chained in commit order */
	pthread_t sync_thread;
	bool sync_started;
	bool writer_ended; /* nothing more will be queued for the syncer */
	pthread_cond_t sync_cv;
	struct pending *synced_head, **synced_tail;
};

#define WAL_RESTART_PAGES 8192
#define HOLD_AFTER_PAGES 256
#define CATCH_UP_MAX 4

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                          "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

static void security_headers(struct evkeyvalq *h)
{
	evhttp_add_header(h, "Content-Security-Policy", CSP);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Cross-Origin-Opener-Policy", "same-origin");
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 423: return "Locked";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "OK";
	}
}

static enum http_method method_of(enum evhttp_cmd_type c)
{
	switch (c) {
	case EVHTTP_REQ_GET: return HTTP_GET;
	case EVHTTP_REQ_HEAD: return HTTP_HEAD;
	case EVHTTP_REQ_POST: return HTTP_POST;
	case EVHTTP_REQ_PUT: return HTTP_PUT;
	case EVHTTP_REQ_PATCH: return HTTP_PATCH;
	case EVHTTP_REQ_DELETE: return HTTP_DELETE;
	case EVHTTP_REQ_OPTIONS: return HTTP_OPTIONS;
	default: return HTTP_OTHER;
	}
}

static const char *method_name(enum evhttp_cmd_type c)
{
	switch (c) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_PATCH: return "PATCH";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_OPTIONS: return "OPTIONS";
	default: return "OTHER";
	}
}

/* The value of cookie name in a Cookie header, into the arena; NULL when absent. */
static const char *cookie_value(struct arena *a, const char *header, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=')
			return arena_strndup(a, p + n + 1, len - n - 1);
		p = end;
	}
	return NULL;
}

static const char *content_type_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".woff", "font/woff"},
		{".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* A short plain-text answer that keeps the security headers already set (evhttp_send_error
 * would answer with its own HTML page). */
static int send_plain(struct evhttp_request *er, int status)
{
	struct evbuffer *body = evbuffer_new();
	if (body)
		evbuffer_add_printf(body, "%d %s\n", status, reason(status));
	evhttp_add_header(evhttp_request_get_output_headers(er), "Content-Type", "text/plain; charset=utf-8");
	evhttp_send_reply(er, status, reason(status), body);
	if (body)
		evbuffer_free(body);
	return status;
}

/* Serves a file of the SPA, or index.html for a client route. Returns the status sent and
 * the bytes of the body in *bytes. */
static int serve_static(struct worker *wk, struct evhttp_request *er, struct arena *a, const char *path,
                        size_t *bytes)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(er);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(er);
	*bytes = 0;
	if (!wk->cfg->web_dir || (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) || strstr(path, "/.") ||
	    path[0] != '/')
		return send_plain(er, 404);
	const char *last = strrchr(path, '/');
	bool client_route = !strchr(last, '.');
	char *file = arena_printf(a, "%s%s", wk->cfg->web_dir, client_route ? "/index.html" : path);
	int fd = file ? open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return send_plain(er, 404);
	}
	char etag[64];
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)sb.st_size,
	         (unsigned long long)sb.st_mtim.tv_sec * 1000000000ULL + (unsigned long long)sb.st_mtim.tv_nsec);
	evhttp_add_header(out, "ETag", etag);
	evhttp_add_header(out, "Cache-Control", strncmp(path, "/assets/", 8) == 0 && !client_route
	                                            ? "public, max-age=31536000, immutable"
	                                            : "no-cache");
	const char *inm = evhttp_find_header(evhttp_request_get_input_headers(er), "If-None-Match");
	if (inm && strcmp(inm, etag) == 0) {
		close(fd);
		evhttp_send_reply(er, 304, "Not Modified", NULL);
		return 304;
	}
	evhttp_add_header(out, "Content-Type", content_type_of(file));
	struct evbuffer *body = evbuffer_new();
	if (!body) {
		close(fd);
		return send_plain(er, 500);
	}
	if (sb.st_size == 0) {
		close(fd); /* evbuffer_add_file refuses an empty file; an empty body is the answer */
	} else if (evbuffer_add_file(body, fd, 0, sb.st_size) < 0) {
		/* on failure evbuffer_add_file has not taken the descriptor */
		close(fd);
		evbuffer_free(body);
		return send_plain(er, 500);
	}
	*bytes = (size_t)sb.st_size;
	evhttp_send_reply(er, 200, "OK", body);
	evbuffer_free(body);
	return 200;
}

/* The client's address: the connection's peer, or — when the peer is the trusted proxy
 * (--trust-proxy) — the last address in X-Forwarded-For, the one the proxy itself appended
 * (the ones before it are whatever the client claimed). Anything that is not an address
 * leaves the peer's. */
static void client_address(const struct config *cfg, struct evkeyvalq *in, const char *peer, char *out, size_t size)
{
	snprintf(out, size, "%s", peer ? peer : "");
	const char *fwd = cfg->trust_proxy && peer && strcmp(peer, cfg->trust_proxy) == 0
	                          ? evhttp_find_header(in, "X-Forwarded-For") : NULL;
	if (!fwd)
		return;
	const char *last = strrchr(fwd, ',');
	last = last ? last + 1 : fwd;
	while (*last == ' ' || *last == '\t')
		last++;
	char addr[INET6_ADDRSTRLEN];
	size_t n = strcspn(last, " \t");
	unsigned char bin[sizeof(struct in6_addr)];
	if (n == 0 || n >= sizeof(addr))
		return;
	memcpy(addr, last, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1)
		snprintf(out, size, "%s", addr);
}

/* Fills r from the request; false (with the error answer in r) when the query is malformed. */
static bool req_fill(struct worker *wk, struct evhttp_request *er, struct req *r, struct arena *a, struct buf *out,
                     char *client, size_t client_size, const char *path, const char *query)
{
	struct evkeyvalq *in = evhttp_request_get_input_headers(er);
	struct evbuffer *body = evhttp_request_get_input_buffer(er);
	const char *host = NULL;
	ev_uint16_t port = 0;
	evhttp_connection_get_peer(evhttp_request_get_connection(er), (char **)&host, &port);
	client_address(wk->cfg, in, host, client, client_size);

	buf_reset(out);
	*r = (struct req){
		.method = method_of(evhttp_request_get_command(er)),
		.path = path,
		.content_type = evhttp_find_header(in, "Content-Type"),
		.csrf_header = evhttp_find_header(in, "X-CSRF-Token"),
		.client = client,
		.arena = a,
		.st = wk->st,
		.cfg = wk->cfg,
		.out = out,
		.status = 200,
	};
	const char *cc = evhttp_find_header(in, "Cache-Control");
	r->no_cache = cc && strstr(cc, "no-cache");
	const char *cookies = evhttp_find_header(in, "Cookie");
	r->cookie = cookies ? cookie_value(a, cookies, "ld_session") : NULL;
	r->body_len = evbuffer_get_length(body);
	r->body = r->body_len ? (const char *)evbuffer_pullup(body, -1) : NULL;
	if (query_parse(&r->query, a, query) < 0) {
		r->err_message = "查询参数格式错误";
		r->status = 400;
		buf_puts(out, "{\"error\":{\"code\":\"bad_request\",\"message\":\"查询参数格式错误\"}}");
		r->out_type = "application/json; charset=utf-8";
		return false;
	}
	return true;
}

/* Sends the answer a handler left in r. */
static int req_send(struct evhttp_request *er, const struct req *r, size_t *bytes, long long *user)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(er);
	for (int i = 0; i < r->nheaders; i++)
		evhttp_add_header(out, r->header[i].name, r->header[i].value);
	if (r->out_type)
		evhttp_add_header(out, "Content-Type", r->out_type);
	struct evbuffer *reply = evbuffer_new();
	if (reply && r->out->len)
		evbuffer_add(reply, r->out->data, r->out->len);
	*bytes = r->out->len;
	*user = r->log_user;
	evhttp_send_reply(er, r->status, reason(r->status), reply);
	if (reply)
		evbuffer_free(reply);
	return r->status;
}

static struct pending *pending_new(struct worker *wk, struct evhttp_request *er, const struct timespec *t0)
{
	struct pending *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->wk = wk;
	p->er = er;
	p->t0 = *t0;
	arena_init(&p->arena, REQ_ARENA_MAX);
	buf_init(&p->out, RESPONSE_MAX);
	return p;
}

static void pending_free(struct pending *p)
{
	if (!p)
		return;
	api_req_free(&p->r); /* a group that failed before its requests were handled */
	arena_fini(&p->arena);
	buf_fini(&p->out);
	free(p);
}

static void writer_push(struct writer *w, struct pending *p)
{
	pthread_mutex_lock(&w->mu);
	p->next = NULL;
	*w->tail = p;
	w->tail = &p->next;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Hands a finished group back to the loops that received its requests: one lock and one
 * wake-up per loop, not per request. */
static void writer_done(struct pending *group)
{
	while (group) {
		struct worker *wk = group->wk;
		struct pending *mine = NULL, *rest = NULL;
		for (struct pending *p = group, *next; p; p = next) {
			next = p->next;
			struct pending **to = p->wk == wk ? &mine : &rest;
			p->next = *to;
			*to = p;
		}
		pthread_mutex_lock(&wk->done_mu);
		for (struct pending *p = mine, *next; p; p = next) {
			next = p->next;
			p->next = wk->done;
			wk->done = p;
		}
		pthread_mutex_unlock(&wk->done_mu);
		event_active(wk->done_ev, 0, 0);
		group = rest;
	}
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	pthread_setname_np(pthread_self(), "ld-writer"); /* for top -H and perf */
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while ((!w->head || w->ck_hold) && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
		struct pending *group = w->head, *last = NULL;
		int n = 0;
		for (struct pending *p = group; p && n < WRITER_GROUP_MAX; p = p->next, n++)
			last = p;
		if (last) {
			w->head = last->next;
			last->next = NULL;
			if (!w->head)
				w->tail = &w->head;
		}
		w->in_group = group != NULL;
		pthread_mutex_unlock(&w->mu);
		if (!group)
			break; /* stopping, and nothing left */

		enum lderr e = store_group_begin(w->st);
		for (struct pending *p = group; p && e == LD_OK; p = p->next) {
			p->r.st = w->st;
			api_handle(&p->r);
			if (!store_group_alive(w->st))
				e = LD_UNAVAILABLE;
		}
		enum lderr c = store_group_commit(w->st);
		if (e == LD_OK)
			e = c;
		for (struct pending *p = group; p && e != LD_OK; p = p->next)
			api_fail(&p->r, LD_UNAVAILABLE); /* nothing of the group was committed */
		pthread_mutex_lock(&w->mu);
		w->in_group = false;
		if (w->ck_hold)
			pthread_cond_signal(&w->ck_cv);
		if (e == LD_OK) {
			*w->synced_tail = group;
			w->synced_tail = &last->next;
			pthread_cond_signal(&w->sync_cv);
		}
		pthread_mutex_unlock(&w->mu);
		if (e != LD_OK)
			writer_done(group);
	}
	pthread_mutex_lock(&w->mu);
	w->writer_ended = true;
	pthread_cond_signal(&w->sync_cv);
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Makes the committed groups durable, all those waiting with one sync, then answers them. */
static void *syncer_main(void *arg)
{
	struct writer *w = arg;
	pthread_setname_np(pthread_self(), "ld-sync");
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->synced_head && !w->writer_ended)
			pthread_cond_wait(&w->sync_cv, &w->mu);
		struct pending *groups = w->synced_head;
		w->synced_head = NULL;
		w->synced_tail = &w->synced_head;
		pthread_mutex_unlock(&w->mu);
		if (!groups)
			break; /* the writer ended, and everything it committed is answered */
		if (store_log_sync(w->st) != LD_OK)
			for (struct pending *p = groups; p; p = p->next)
				api_fail(&p->r, LD_UNAVAILABLE); /* committed, but maybe not durable: not acknowledged */
		writer_done(groups);
	}
	return NULL;
}

#define CHECKPOINT_EVERY_MS 200

static void *checkpointer_main(void *arg)
{
	struct writer *w = arg;
	pthread_setname_np(pthread_self(), "ld-checkpoint");
	pthread_mutex_lock(&w->mu);
	while (!w->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += CHECKPOINT_EVERY_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&w->ck_cv, &w->mu, &until);
		if (w->stopping)
			break;
		pthread_mutex_unlock(&w->mu);
		int log = 0;
		store_checkpoint(w->ck, &log);
		/* Before holding the writer, catch up without holding it: a checkpoint copies the log
		 * as it was when it began, so the next has only what was written meanwhile — less
		 * each time — and the held one, copying the last of it, is short. */
		for (int i = 0, was = log; log > WAL_RESTART_PAGES && i < CATCH_UP_MAX; i++, was = log) {
			store_checkpoint(w->ck, &log);
			if (log - was <= HOLD_AFTER_PAGES)
				break;
		}
		pthread_mutex_lock(&w->mu);
		if (log > WAL_RESTART_PAGES && !w->stopping) {
			w->ck_hold = true;
			while (w->in_group && !w->stopping)
				pthread_cond_wait(&w->ck_cv, &w->mu);
			pthread_mutex_unlock(&w->mu);
			store_checkpoint(w->ck, NULL); /* no writer: this one reaches the log's end */
			pthread_mutex_lock(&w->mu);
			w->ck_hold = false;
			pthread_cond_signal(&w->cv);
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int writer_start(struct writer *w, const struct config *cfg)
{
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	pthread_cond_init(&w->ck_cv, NULL);
	pthread_cond_init(&w->sync_cv, NULL);
	w->tail = &w->head;
	w->synced_tail = &w->synced_head;
	/* The writer's page cache is kept small: SQLite walks a connection's whole page cache at
	 * the end of every write transaction (its page-cache truncation), which took 9% of the
	 * writer's time under the report load with the readers' 64 MiB. At 8 MiB the walk is 2%
	 * and the log's pages read back after eviction 1%; at 2 MiB the walk is gone, but the
	 * reads back take 4% (perf on the writer thread, PARTS=writes bench/run.sh). */
	struct store_options opt = {.cache_kib = 8 * 1024, .manual_checkpoint = true, .deferred_sync = true};
	struct store_options ck_opt = {.manual_checkpoint = true}; /* a checkpoint syncs the log before copying it */
	if (store_open(cfg->db_path, &opt, &w->st) != LD_OK || store_open(cfg->db_path, &ck_opt, &w->ck) != LD_OK)
		return -1;
	if (cfg->clock)
		store_set_clock(w->st, cfg->clock);
	if (pthread_create(&w->sync_thread, NULL, syncer_main, w) != 0)
		return -1;
	w->sync_started = true;
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0)
		return -1;
	w->started = true;
	if (pthread_create(&w->ck_thread, NULL, checkpointer_main, w) != 0)
		return -1;
	w->ck_started = true;
	return 0;
}

/* Lets the writer finish what is queued, then ends it. */
static void writer_stop(struct writer *w)
{
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->cv);
	pthread_cond_signal(&w->ck_cv);
	pthread_mutex_unlock(&w->mu);
	if (w->started)
		pthread_join(w->thread, NULL); /* it ends the syncer's queue */
	if (w->sync_started) {
		pthread_mutex_lock(&w->mu);
		w->writer_ended = true; /* (already, unless the writer never started) */
		pthread_cond_signal(&w->sync_cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->sync_thread, NULL);
	}
	if (w->ck_started)
		pthread_join(w->ck_thread, NULL);
	if (w->ck)
		store_checkpoint(w->ck, NULL); /* what the last groups wrote */
	store_close(w->st);
	store_close(w->ck);
	pthread_cond_destroy(&w->sync_cv);
	pthread_cond_destroy(&w->ck_cv);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
}

static void access_log(struct worker *wk, struct evhttp_request *er, const char *path, int status, size_t bytes,
                       long long user, const struct timespec *t0)
{
	if (!wk->cfg->access_log)
		return;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long us = (t1.tv_sec - t0->tv_sec) * 1000000LL + (t1.tv_nsec - t0->tv_nsec) / 1000;
	char now[21];
	store_now_iso(NULL, now);
	fprintf(stderr, "%s %s %s %d %zu %lldus user=%lld\n", now, method_name(evhttp_request_get_command(er)),
	        path ? path : "-", status, bytes, us, user);
}

/* In the loop: sends the answers the writer has finished. */
static void on_done(evutil_socket_t fd, short what, void *arg)
{
	struct worker *wk = arg;
	pthread_mutex_lock(&wk->done_mu);
	struct pending *p = wk->done;
	wk->done = NULL;
	pthread_mutex_unlock(&wk->done_mu);
	while (p) {
		struct pending *next = p->next;
		size_t bytes = 0;
		long long user = 0;
		int status = req_send(p->er, &p->r, &bytes, &user);
		access_log(wk, p->er, p->r.path, status, bytes, user, &p->t0);
		pending_free(p);
		p = next;
	}
}

/* An API request: answered here, or — a grouped write — queued for the writer (*queued). */
static int serve_api(struct worker *wk, struct evhttp_request *er, struct arena *a, const char *path,
                     const char *query, const struct timespec *t0, size_t *bytes, long long *user, bool *queued)
{
	enum evhttp_cmd_type cmd = evhttp_request_get_command(er);
	bool write = cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD;
	struct pending *p = write && wk->wr ? pending_new(wk, er, t0) : NULL;
	struct req local;
	char client[INET6_ADDRSTRLEN + 8];
	struct req *r = p ? &p->r : &local;
	/* a queued request outlives this call's arena: it keeps its own copy of the path */
	const char *own = p ? arena_strdup(&p->arena, path) : NULL;
	bool ok = p ? req_fill(wk, er, r, &p->arena, &p->out, p->client, sizeof(p->client), own ? own : path, query)
	            : req_fill(wk, er, r, a, &wk->out, client, sizeof(client), path, query);
	if (ok && own && api_grouped(r)) {
		writer_push(wk->wr, p);
		*queued = true;
		return 0;
	}
	if (ok)
		api_handle(r);
	int status = req_send(er, r, bytes, user);
	pending_free(p);
	return status;
}

static void on_request(struct evhttp_request *er, void *arg)
{
	struct worker *wk = arg;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct arena a;
	arena_init(&a, REQ_ARENA_MAX);
	security_headers(evhttp_request_get_output_headers(er));
	if (wk->cfg->secure_cookie)
		evhttp_add_header(evhttp_request_get_output_headers(er), "Strict-Transport-Security",
		                  "max-age=31536000; includeSubDomains");

	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(er);
	const char *raw_path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	size_t len = 0, bytes = 0;
	long long user = 0;
	int status;
	bool queued = false;
	char *decoded = raw_path ? evhttp_uridecode(raw_path, 0, &len) : NULL;
	const char *path = decoded && strlen(decoded) == len ? arena_strdup(&a, decoded) : NULL;
	free(decoded);
	if (!path || !*path) {
		status = send_plain(er, 400);
	} else if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0) {
		status = serve_api(wk, er, &a, path, query, &t0, &bytes, &user, &queued);
	} else {
		status = serve_static(wk, er, &a, path, &bytes);
	}
	if (!queued)
		access_log(wk, er, path, status, bytes, user, &t0);
	arena_fini(&a);
}

static void on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct worker *wk = arg;
	if (wk->bound) {
		evhttp_del_accept_socket(wk->http, wk->bound);
		wk->bound = NULL;
	}
	/* let responses being written finish, then leave the loop */
	struct timeval drain = {0, 300000};
	event_base_loopexit(wk->base, &drain);
}

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	pthread_setname_np(pthread_self(), "ld-loop");
	event_base_dispatch(wk->base);
	return NULL;
}

/* A listening socket on host:port; with share, SO_REUSEPORT, so every loop can accept on it. */
static int listen_socket(const char *host, int port, bool share)
{
	struct sockaddr_in6 a6 = {0};
	struct sockaddr_in a4 = {0};
	struct sockaddr *sa;
	socklen_t len;
	int family;
	if (inet_pton(AF_INET, host, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&a4, len = sizeof(a4), family = AF_INET;
	} else if (inet_pton(AF_INET6, host, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&a6, len = sizeof(a6), family = AF_INET6;
	} else {
		fprintf(stderr, "serve: --listen: %s is not an IP address\n", host);
		return -1;
	}
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	/* TCP_NODELAY (inherited by accepted sockets): evhttp writes the headers and the body of
	 * an answer separately, and with Nagle's algorithm a body larger than one segment waited
	 * for the client's delayed ACK — 40 ms on every list page and dashboard */
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0 ||
	    (share && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) || bind(fd, sa, len) < 0 ||
	    listen(fd, 1024) < 0) {
		fprintf(stderr, "serve: cannot listen on %s:%d: %s%s\n", host, port, strerror(errno),
		        errno == EADDRINUSE ? " (is another server running there?)" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                                      : ((struct sockaddr_in *)&ss)->sin_port);
}

static int worker_init(struct worker *wk, const struct config *cfg, int fd, struct writer *wr)
{
	wk->cfg = cfg;
	wk->fd = fd;
	wk->wr = wr;
	pthread_mutex_init(&wk->done_mu, NULL);
	buf_init(&wk->out, RESPONSE_MAX);
	struct store_options opt = {.manual_checkpoint = true}; /* the checkpointer thread does them */
	if (store_open(cfg->db_path, &opt, &wk->st) != LD_OK)
		return -1;
	if (cfg->clock)
		store_set_clock(wk->st, cfg->clock);
	if (store_schema_version(wk->st) != store_latest_version()) {
		fprintf(stderr, "serve: %s is not at schema version %d: run `liandong init --db %s` first\n",
		        cfg->db_path, store_latest_version(), cfg->db_path);
		return -1;
	}
	wk->base = event_base_new();
	wk->http = wk->base ? evhttp_new(wk->base) : NULL;
	wk->stop = wk->base ? event_new(wk->base, -1, 0, on_stop, wk) : NULL;
	wk->done_ev = wk->base ? event_new(wk->base, -1, 0, on_done, wk) : NULL;
	if (!wk->http || !wk->stop || !wk->done_ev)
		return -1;
	/* libevent answers a body past its cap by closing the connection, which a client still
	 * sending sees as a broken pipe; with room for twice the upload cap, a body a little
	 * too large is read and refused by the router with a proper 413 */
	size_t max_body = cfg->max_body > cfg->max_upload ? cfg->max_body : cfg->max_upload * 2;
	evhttp_set_max_body_size(wk->http, (ev_ssize_t)max_body);
	evhttp_set_max_headers_size(wk->http, (ev_ssize_t)cfg->max_headers);
	evhttp_set_timeout(wk->http, cfg->timeout_seconds);
	evhttp_set_allowed_methods(wk->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
	                                         EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(wk->http, on_request, wk);
	wk->bound = evhttp_accept_socket_with_handle(wk->http, fd);
	return wk->bound ? 0 : -1;
}

static void worker_fini(struct worker *wk)
{
	/* answers the writer finished after this loop stopped: their connections go with evhttp */
	for (struct pending *p = wk->done, *next; p; p = next) {
		next = p->next;
		pending_free(p);
	}
	wk->done = NULL;
	if (wk->done_ev)
		event_free(wk->done_ev);
	if (wk->stop)
		event_free(wk->stop);
	if (wk->http)
		evhttp_free(wk->http);
	if (wk->base)
		event_base_free(wk->base);
	store_close(wk->st);
	buf_fini(&wk->out);
	if (wk->cfg)
		pthread_mutex_destroy(&wk->done_mu);
}

int http_serve(const struct config *cfg)
{
	int rc = 1, n = cfg->threads, started = 0;
	struct runner *rn = NULL;
	struct writer wr = {0};
	struct worker *wk = calloc((size_t)n, sizeof(*wk));
	if (!wk || evthread_use_pthreads() < 0) {
		free(wk);
		return 1;
	}
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* An answer of a few dozen kilobytes is copied into a buffer libevent allocates and frees
	 * per request; with glibc's default trim threshold, each free gave the top of the loop's
	 * heap back to the system and the next answer faulted it in again (15% of a workbench
	 * answer's time in perf). Up to 8 MiB of free heap is now kept per arena. */
	mallopt(M_TRIM_THRESHOLD, 8 << 20);

	int port = cfg->listen_port;
	/* SO_REUSEPORT lets every loop accept on the port, but it would also let a second
	 * liandong (or anything else of the same user) bind it and silently take half the
	 * requests: make sure the port is free first, with a plain bind */
	if (port != 0) {
		int probe = listen_socket(cfg->listen_host, port, false);
		if (probe < 0)
			goto out;
		close(probe);
	}
	if (writer_start(&wr, cfg) < 0) {
		fprintf(stderr, "serve: cannot start the writer\n");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int fd = listen_socket(cfg->listen_host, port, true);
		if (fd < 0)
			goto out;
		if (i == 0)
			port = bound_port(fd);
		if (worker_init(&wk[i], cfg, fd, &wr) < 0) {
			if (!wk[i].bound)
				close(fd);
			worker_fini(&wk[i]);
			memset(&wk[i], 0, sizeof(wk[i]));
			goto out;
		}
		started = i + 1;
	}
	for (int i = 0; i < n; i++) {
		if (pthread_create(&wk[i].thread, NULL, worker_main, &wk[i]) != 0) {
			fprintf(stderr, "serve: cannot start thread\n");
			n = i;
			goto stop;
		}
	}
	rn = runner_start(cfg);
	if (!rn) {
		fprintf(stderr, "serve: cannot start the job runner\n");
		goto stop;
	}
	const char *shown = strchr(cfg->listen_host, ':') ? "[%s]" : "%s";
	printf("listening on http://");
	printf(shown, cfg->listen_host);
	printf(":%d\n", port);
	fflush(stdout);
	int sig = 0;
	sigwait(&stop_signals, &sig);
	fprintf(stderr, "serve: %s received, draining\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	rc = 0;
stop:
	for (int i = 0; i < n; i++)
		event_active(wk[i].stop, 0, 0);
	for (int i = 0; i < n; i++)
		pthread_join(wk[i].thread, NULL);
	runner_stop(rn);
out:
	writer_stop(&wr); /* before the loops' events it signals are freed */
	for (int i = 0; i < started; i++)
		worker_fini(&wk[i]);
	free(wk);
	libevent_global_shutdown();
	return rc;
}
