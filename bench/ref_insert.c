/* ref_insert — the reference for the durable-write scenario of make bench: one row per
 * transaction (BEGIN IMMEDIATE; INSERT; COMMIT) into an SQLite file opened with the settings
 * liandong's store_open uses (WAL, synchronous=FULL, foreign keys, 1 GiB mmap, 64 MiB cache,
 * temp store in memory, 10 s busy timeout), for a given time, from one or more connections
 * (one thread each). Prints "ROWS rows in SECONDS s: RATE rows/s".
 *
 * usage: ref_insert FILE SECONDS [CONNECTIONS] [TEXT_BYTES]
 *        ref_insert --version    (the SQLite library's version, for the bench's header)
 *
 * FILE is created (or reused) with a table shaped like liandong's reports, unique per item and
 * period, so every commit updates a table and two indexes as a report does. Build:
 *   cc -O2 -o ref_insert bench/ref_insert.c -lsqlite3 -lpthread */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CONNECTIONS 256
#define MAX_TEXT 4000

struct worker {
	const char *path;
	int index, stride;
	double deadline;
	const char *text;
	long long rows;
	int failed;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Opens path as liandong's store_open does; NULL (after a message) on failure. */
static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "ref_insert: cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	char *msg = NULL;
	if (sqlite3_exec(db,
	                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	                 "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
	                 NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "ref_insert: %s\n", msg ? msg : "pragmas failed");
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "ref_insert: %s: %s\n", sql, msg ? msg : "failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* One connection inserting one row per transaction until the deadline. Row k of worker i
 * has item index + k * stride, so no two rows of any worker collide on (item_id, period). */
static void *work(void *arg)
{
	struct worker *w = arg;
	sqlite3 *db = open_db(w->path);
	sqlite3_stmt *ins = NULL;
	if (!db) {
		w->failed = 1;
		return NULL;
	}
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO ref_reports (item_id, period, text, progress, state, author_id, "
	                       "submitted_at, created_at, updated_at) "
	                       "VALUES (?, '2026-11', ?, 50, 'submitted', 1, ?, ?, ?)",
	                       -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "ref_insert: prepare: %s\n", sqlite3_errmsg(db));
		w->failed = 1;
		goto out;
	}
	for (long long k = 0; now() < w->deadline; k++) {
		char stamp[32];
		snprintf(stamp, sizeof(stamp), "2026-11-27T10:%02lld:%02lldZ", (k / 60) % 60, k % 60);
		if (exec(db, "BEGIN IMMEDIATE")) {
			w->failed = 1;
			break;
		}
		sqlite3_bind_int64(ins, 1, (long long)w->index + k * w->stride);
		sqlite3_bind_text(ins, 2, w->text, -1, SQLITE_STATIC);
		for (int i = 3; i <= 5; i++)
			sqlite3_bind_text(ins, i, stamp, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "ref_insert: insert: %s\n", sqlite3_errmsg(db));
			exec(db, "ROLLBACK");
			w->failed = 1;
			break;
		}
		if (exec(db, "COMMIT")) {
			w->failed = 1;
			break;
		}
		w->rows++;
	}
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("%s\n", sqlite3_libversion());
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: ref_insert FILE SECONDS [CONNECTIONS] [TEXT_BYTES]\n");
		return 2;
	}
	double seconds = strtod(argv[2], NULL);
	int conns = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 1;
	long text_bytes = argc > 4 ? strtol(argv[4], NULL, 10) : 200;
	if (seconds <= 0 || conns < 1 || conns > MAX_CONNECTIONS || text_bytes < 1 || text_bytes > MAX_TEXT) {
		fprintf(stderr, "ref_insert: SECONDS > 0, 1 ≤ CONNECTIONS ≤ %d, 1 ≤ TEXT_BYTES ≤ %d\n", MAX_CONNECTIONS,
		        MAX_TEXT);
		return 2;
	}
	static char text[MAX_TEXT + 1];
	memset(text, 'x', (size_t)text_bytes);
	text[text_bytes] = '\0';

	sqlite3 *db = open_db(argv[1]);
	if (!db || exec(db, "CREATE TABLE IF NOT EXISTS ref_reports ("
	                    " id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, period TEXT NOT NULL,"
	                    " text TEXT NOT NULL, progress REAL NOT NULL, state TEXT NOT NULL,"
	                    " author_id INTEGER NOT NULL, submitted_at TEXT, created_at TEXT NOT NULL,"
	                    " updated_at TEXT NOT NULL, UNIQUE (item_id, period));"
	                    "CREATE INDEX IF NOT EXISTS ref_reports_state ON ref_reports (state, item_id);"
	                    "DELETE FROM ref_reports;")) {
		sqlite3_close(db);
		return 1;
	}
	sqlite3_close(db);

	static struct worker w[MAX_CONNECTIONS];
	pthread_t tid[MAX_CONNECTIONS];
	double start = now();
	for (int i = 0; i < conns; i++) {
		w[i] = (struct worker){argv[1], i, conns, start + seconds, text, 0, 0};
		if (pthread_create(&tid[i], NULL, work, &w[i]) != 0) {
			fprintf(stderr, "ref_insert: cannot start thread %d\n", i);
			return 1;
		}
	}
	long long rows = 0;
	int failed = 0;
	for (int i = 0; i < conns; i++) {
		pthread_join(tid[i], NULL);
		rows += w[i].rows;
		failed |= w[i].failed;
	}
	double took = now() - start;
	printf("%lld rows in %.2f s: %.1f rows/s\n", rows, took, (double)rows / took);
	return failed ? 1 : 0;
}
