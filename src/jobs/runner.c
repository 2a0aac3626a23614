#include "jobs/runner.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "io/import.h"
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

static void *run(void *arg)
{
	struct runner *rn = arg;
	for (;;) {
		long long id = 0;
		if (store_import_claim(rn->st, rn->name, &id) == LD_OK && id) {
			if (import_run(rn->st, rn->cfg->files_dir, id) != LD_OK)
				fprintf(stderr, "runner: import %lld failed\n", id);
			continue;
		}
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
