#include "jobs/runner.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "core/date.h"
#include "http/client.h"
#include "io/import.h"
#include "jobs/daily.h"
#include "store/messages.h"
#include "store/imports.h"
#include "store/store.h"

struct runner {
	pthread_t thread;
	const struct config *cfg;
	struct store *st;
	char name[96];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, woken;

void runner_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

#define DELIVERY_TRIES 5

/* Sends one webhook delivery that is due; true when there was one. */
static bool deliver(struct runner *rn)
{
	/* retries keep real time, even when the business clock is pinned for tests */
	long long id, now = store_now(NULL);
	char url[512];
	char *payload = NULL;
	if (store_delivery_next(rn->st, now, &id, url, sizeof(url), &payload) != LD_OK || !id) {
		free(payload);
		return false;
	}
	int status = 0;
	char err[256] = "";
	int rc = http_post_json(url, payload, 10, &status, err, sizeof(err));
	free(payload);
	bool sent = rc == 0 && status >= 200 && status < 300;
	if (rc == 0 && !sent)
		snprintf(err, sizeof(err), "HTTP %d", status);
	/* back off 1 s, 2 s, 4 s, 8 s between the tries, then give up */
	long long attempts = 0;
	store_delivery_attempts(rn->st, id, &attempts);
	long long next = sent || attempts + 1 >= DELIVERY_TRIES ? 0 : now + (1LL << attempts);
	store_delivery_attempt(rn->st, id, status, sent ? NULL : err, sent, next);
	return true;
}

/* Runs the day's supervision job once a day (the first look after midnight in China). */
static void daily(struct runner *rn, char last[11])
{
	char today[11];
	date_today(store_now(rn->st), today);
	if (strcmp(today, last) == 0)
		return;
	struct daily_result res;
	if (daily_run(rn->st, today, rn->name, false, &res) == LD_OK) {
		snprintf(last, 11, "%s", today);
		if (!res.skipped)
			fprintf(stderr, "runner: daily job %s: %lld items, %lld reminders, %lld escalations\n", today, res.items,
			        res.reminders, res.escalations);
	}
}

static void *run(void *arg)
{
	struct runner *rn = arg;
	char last_day[11] = "";
	for (;;) {
		long long id = 0;
		if (store_import_claim(rn->st, rn->name, &id) == LD_OK && id) {
			if (import_run(rn->st, rn->cfg->files_dir, id) != LD_OK)
				fprintf(stderr, "runner: import %lld failed\n", id);
			continue;
		}
		if (deliver(rn))
			continue;
		daily(rn, last_day);
		pthread_mutex_lock(&lock);
		if (!woken && !stopping) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 500 * 1000000L;
			if (until.tv_nsec >= 1000000000L)
				until.tv_sec++, until.tv_nsec -= 1000000000L;
			pthread_cond_timedwait(&wake, &lock, &until);
		}
		woken = false;
		bool stop = stopping;
		pthread_mutex_unlock(&lock);
		if (stop)
			break;
	}
	return NULL;
}

struct runner *runner_start(const struct config *cfg)
{
	struct runner *rn = calloc(1, sizeof(*rn));
	if (!rn)
		return NULL;
	rn->cfg = cfg;
	char host[64] = "host";
	gethostname(host, sizeof(host) - 1);
	snprintf(rn->name, sizeof(rn->name), "%s:%ld", host, (long)getpid());
	if (store_open(cfg->db_path, NULL, &rn->st) != LD_OK) {
		free(rn);
		return NULL;
	}
	if (cfg->clock)
		store_set_clock(rn->st, cfg->clock);
	/* jobs a previous run of this same name left half done are taken again */
	store_import_release(rn->st, rn->name);
	stopping = woken = false;
	if (pthread_create(&rn->thread, NULL, run, rn) != 0) {
		store_close(rn->st);
		free(rn);
		return NULL;
	}
	return rn;
}

void runner_stop(struct runner *rn)
{
	if (!rn)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(rn->thread, NULL);
	store_close(rn->st);
	free(rn);
}
