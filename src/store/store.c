#include "store/internal.h"

#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/migrations.h"

static void log_db(struct store *st, const char *what)
{
	fprintf(stderr, "store: %s: %s\n", what, st && (st->db || st->pg) ? store_errmsg(st) : "no connection");
}

/* Runs SQL text (one or several statements, no parameters) on either backend. */
static enum lderr exec_sql(struct store *st, const char *sql)
{
	if (st->pg) {
		PGresult *r = PQexec(st->pg, sql);
		ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		PQclear(r);
		if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
			return LD_OK;
		snprintf(st->pg_error, sizeof(st->pg_error), "%s", PQerrorMessage(st->pg));
		fprintf(stderr, "store: %s", st->pg_error);
		store_pg_recover(st);
		return LD_DB;
	}
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "store: %s\n", msg ? msg : "exec failed");
		sqlite3_free(msg);
		return LD_DB;
	}
	return LD_OK;
}

/* Runs SQL whose failure has nothing left to undo (a rollback). */
static void exec_quiet(struct store *st, const char *sql)
{
	if (st->pg)
		PQclear(PQexec(st->pg, sql));
	else
		sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

/* LIANDONG_SQL_PROFILE=1: every statement's run time on stderr ("sql <µs> <sql>"), for
 * finding the statement behind a slow request (sum them with sort/awk). */
static int profile_cb(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	if (type == SQLITE_TRACE_PROFILE) {
		const char *sql = sqlite3_sql((sqlite3_stmt *)p);
		fprintf(stderr, "sql %lld %.200s\n", (long long)(*(sqlite3_int64 *)x / 1000), sql ? sql : "?");
	}
	return 0;
}

bool store_is_url(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
}

/* A PostgreSQL connection for the URL. The session speaks UTC and keeps quiet about notices;
 * a read-only store is refused writes by the server too. */
static enum lderr open_pg(struct store *st, const char *url, const struct store_options *opt)
{
	st->pg = PQconnectdb(url);
	if (!st->pg || PQstatus(st->pg) != CONNECTION_OK) {
		fprintf(stderr, "store: cannot connect to PostgreSQL: %s", st->pg ? PQerrorMessage(st->pg) : "out of memory\n");
		return LD_DB;
	}
	snprintf(st->pg_session, sizeof(st->pg_session), "SET client_min_messages = warning; SET TIME ZONE 'UTC';%s",
	         opt && opt->readonly ? " SET default_transaction_read_only = on;" : "");
	return exec_sql(st, st->pg_session);
}

void store_pg_recover(struct store *st)
{
	if (!st->pg || PQstatus(st->pg) != CONNECTION_BAD)
		return;
	PQreset(st->pg);
	if (PQstatus(st->pg) != CONNECTION_OK) {
		fprintf(stderr, "store: PostgreSQL connection lost, reconnecting failed: %s", PQerrorMessage(st->pg));
		return;
	}
	fprintf(stderr, "store: PostgreSQL connection lost and opened again\n");
	for (int i = 0; i < STORE_STMT_SLOTS; i++)
		stmt_forget(st->cache[i].stmt);
	for (int i = 0; i < STORE_DYN_SLOTS; i++)
		stmt_forget(st->dyn[i].stmt);
	st->in_tx = st->group = st->reading = 0;
	PQclear(PQexec(st->pg, st->pg_session));
}

/* SQLite's memory statistics take a process-wide mutex on every allocation; nothing here reads
 * them, and on a list page (its sorter, its values) that mutex was 2.5% of the time. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static bool in_wal(struct store *st)
{
	sqlite3_stmt *s = NULL;
	bool wal = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK &&
	           sqlite3_step(s) == SQLITE_ROW && sqlite3_stricmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
	sqlite3_finalize(s);
	return wal;
}

enum lderr store_open(const char *path, const struct store_options *opt, struct store **out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_setup);
	*out = NULL;
	struct store *st = calloc(1, sizeof(*st));
	if (!st)
		return LD_NOMEM;
	st->answers = (struct kept){st->answer_slots, STORE_ANSWER_SLOTS, 0};
	st->kept = (struct kept){st->session_slots, STORE_KEPT_SLOTS, 0};
	st->log_fd = -1;
	if (store_is_url(path)) {
		if (open_pg(st, path, opt) != LD_OK) {
			store_close(st);
			return LD_DB;
		}
		*out = st;
		return LD_OK;
	}
	int flags = SQLITE_OPEN_NOMUTEX | (opt && opt->readonly ? SQLITE_OPEN_READONLY
	                                                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		fprintf(stderr, "store: cannot open %s: %s\n", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return LD_DB;
	}
	sqlite3_extended_result_codes(st->db, 1);
	const char *profile = getenv("LIANDONG_SQL_PROFILE");
	if (profile && *profile == '1')
		sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, profile_cb, NULL);
	sqlite3_busy_timeout(st->db, 10000);
	long long mmap_bytes = opt && opt->mmap_bytes ? opt->mmap_bytes : 1LL << 30;
	long long cache_kib = opt && opt->cache_kib ? opt->cache_kib : 64 * 1024;
	char pragmas[512];
	snprintf(pragmas, sizeof(pragmas),
	         "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	         "PRAGMA mmap_size=%lld; PRAGMA cache_size=-%lld; PRAGMA temp_store=MEMORY;",
	         mmap_bytes, cache_kib);
	if (opt && opt->manual_checkpoint)
		snprintf(pragmas + strlen(pragmas), sizeof(pragmas) - strlen(pragmas), " PRAGMA wal_autocheckpoint=0;");
	if (opt && opt->readonly)
		snprintf(pragmas, sizeof(pragmas), "PRAGMA foreign_keys=ON; PRAGMA mmap_size=%lld;", mmap_bytes);
	if (exec_sql(st, pragmas) != LD_OK) {
		fprintf(stderr, "store: %s is not a usable SQLite database\n", path);
		store_close(st);
		return LD_DB;
	}
	/* only with a write-ahead log (a file system without shared memory keeps SQLite in its
	 * rollback journal, whose commits then stay synced as before) */
	if (opt && opt->deferred_sync && !opt->readonly && *sqlite3_db_filename(st->db, "main") && in_wal(st)) {
		if (!(st->log_path = strdup(sqlite3_filename_wal(sqlite3_db_filename(st->db, "main")))) ||
		    exec_sql(st, "PRAGMA synchronous=NORMAL") != LD_OK) {
			store_close(st);
			return LD_DB;
		}
	}
	*out = st;
	return LD_OK;
}

/* Syncs the directory that holds path, so that a file made there survives a power cut. */
static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	free(copy);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* SQLite with synchronous=NORMAL writes a commit into the log and leaves syncing it to the
 * next checkpoint; fdatasync on any descriptor of the log makes everything written to it
 * so far durable, frames and header alike. SQLite recovers a log cut short by a power
 * failure from its checksums, so a commit that was never synced is lost whole, never torn. */
enum lderr store_log_sync(struct store *st)
{
	if (!st->log_path)
		return LD_OK;
	struct stat now;
	if (stat(st->log_path, &now) != 0) {
		fprintf(stderr, "store: cannot find the log %s to sync: %m\n", st->log_path);
		return LD_DB;
	}
	if (st->log_fd >= 0 && (st->log_dev != (unsigned long long)now.st_dev || st->log_ino != (unsigned long long)now.st_ino)) {
		close(st->log_fd);
		st->log_fd = -1;
	}
	if (st->log_fd < 0) {
		/* a log made anew since the last sync: its name must last as well as its contents */
		if ((st->log_fd = open(st->log_path, O_RDONLY | O_CLOEXEC)) < 0 || sync_dir(st->log_path) != 0) {
			fprintf(stderr, "store: cannot open the log %s to sync: %m\n", st->log_path);
			return LD_DB;
		}
		st->log_dev = (unsigned long long)now.st_dev;
		st->log_ino = (unsigned long long)now.st_ino;
	}
	if (fdatasync(st->log_fd) != 0) {
		fprintf(stderr, "store: cannot sync the log %s: %m\n", st->log_path);
		return LD_DB;
	}
	return LD_OK;
}

/* Changes whenever a commit may have changed the database since the last call on this
 * connection; 0 when it cannot tell (then nothing is taken as unchanged). */
static unsigned long long read_change_mark(struct store *st)
{
	/* PostgreSQL: the counter its triggers move on every change, by any server (013) */
	if (st->pg) {
		long long n = 0;
		struct stmt *c = store_stmt(st, "SELECT n FROM ld_changes WHERE id = 1");
		return c && store_one_int(st, c, &n) == LD_OK ? (unsigned long long)n ^ 1ULL << 63 : 0;
	}
	struct stmt *s = store_stmt(st, "PRAGMA data_version");
	if (!s || stmt_step(s) != STMT_ROW) {
		if (s)
			stmt_reset(s);
		return 0;
	}
	unsigned long long dv = (unsigned long long)stmt_int64(s, 0);
	stmt_reset(s);
	return dv << 32 ^ (unsigned long long)sqlite3_total_changes64(st->db) ^ 1ULL << 63;
}

/* Within a read (store_read_begin) the snapshot stands still, so the mark is read once: a
 * request asks it for its session and again for a kept answer. */
static unsigned long long change_mark(struct store *st)
{
	if (st->reading && st->read_mark)
		return st->read_mark;
	unsigned long long m = read_change_mark(st);
	if (st->reading)
		st->read_mark = m;
	return m;
}

/* The object kept under key at mark, or NULL (also when key is kept at another mark). */
static void *kept_get(const struct kept *t, const char *key, unsigned long long mark)
{
	for (int i = 0; mark && i < t->n; i++)
		if (t->slot[i].key && strcmp(t->slot[i].key, key) == 0)
			return t->slot[i].mark == mark ? t->slot[i].obj : NULL;
	return NULL;
}

static void kept_drop(struct kept_slot *k)
{
	if (k->key)
		k->drop(k->obj);
	free(k->key);
	k->key = NULL;
	k->obj = NULL;
}

/* Keeps obj under key at mark, in key's slot or else the oldest; drops obj when it cannot. */
static void kept_put(struct kept *t, const char *key, unsigned long long mark, void *obj, void (*drop)(void *obj))
{
	char *k = mark ? strdup(key) : NULL;
	if (!k) {
		drop(obj);
		return;
	}
	int slot = -1;
	for (int i = 0; i < t->n && slot < 0; i++)
		if (t->slot[i].key && strcmp(t->slot[i].key, key) == 0)
			slot = i;
	if (slot < 0) {
		slot = t->next;
		t->next = (t->next + 1) % t->n;
	}
	kept_drop(&t->slot[slot]);
	t->slot[slot] = (struct kept_slot){k, mark, obj, drop};
}

static void kept_clear(struct kept *t)
{
	for (int i = 0; i < t->n; i++)
		kept_drop(&t->slot[i]);
}

/* A kept answer: its bytes after its length. */
struct answer {
	size_t len;
	char body[];
};

bool store_answer_get(struct store *st, const char *key, const char **body, size_t *len, unsigned long long *mark)
{
	*mark = change_mark(st);
	const struct answer *a = kept_get(&st->answers, key, *mark);
	if (!a)
		return false;
	*body = a->body;
	*len = a->len;
	return true;
}

void store_answer_put(struct store *st, const char *key, unsigned long long mark, const char *body, size_t len)
{
	struct answer *a = mark ? malloc(sizeof(*a) + len) : NULL;
	if (!a)
		return;
	a->len = len;
	memcpy(a->body, body, len);
	kept_put(&st->answers, key, mark, a, free);
}

bool store_kept_get(struct store *st, const char *key, unsigned long long mark, void **obj)
{
	return (*obj = kept_get(&st->kept, key, mark)) != NULL;
}

void store_kept_put(struct store *st, const char *key, unsigned long long mark, void *obj, void (*drop)(void *obj))
{
	kept_put(&st->kept, key, mark, obj, drop);
}

unsigned long long store_auth_mark(struct store *st)
{
	/* the auth mark moves only by a commit: while the change mark stays, it stays too (a
	 * read-only load reads it once, not once per request). Inside a group of writes the change
	 * mark moves with every write of the group itself: the auth mark is read at once, one
	 * statement rather than two (on PostgreSQL, one round trip of a report's nine). */
	unsigned long long at = st->group || st->in_tx ? 0 : change_mark(st);
	if (at && at == st->auth_at)
		return st->auth_mark;
	long long n = 0;
	struct stmt *s = store_stmt(st, "SELECT n FROM auth_mark WHERE id = 1");
	unsigned long long mark = s && store_one_int(st, s, &n) == LD_OK ? (unsigned long long)n ^ 1ULL << 63 : 0;
	st->auth_mark = mark;
	st->auth_at = mark ? at : 0;
	return mark;
}

enum lderr store_checkpoint(struct store *st, int *log_pages)
{
	if (log_pages)
		*log_pages = 0;
	if (st->pg)
		return LD_OK; /* PostgreSQL checkpoints on its own */
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, log_pages, NULL);
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? LD_OK : store_map(st, rc);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	kept_clear(&st->answers);
	kept_clear(&st->kept);
	for (int i = 0; i < STORE_STMT_SLOTS; i++)
		stmt_finalize(st->cache[i].stmt);
	for (int i = 0; i < STORE_DYN_SLOTS; i++) {
		stmt_finalize(st->dyn[i].stmt);
		free(st->dyn[i].sql);
	}
	calendar_fini(&st->cal);
	sqlite3_close(st->db);
	if (st->log_fd >= 0)
		close(st->log_fd);
	free(st->log_path);
	if (st->pg)
		PQfinish(st->pg);
	free(st);
}

struct stmt *store_stmt(struct store *st, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STORE_STMT_SLOTS;
	for (int probe = 0; probe < STORE_STMT_SLOTS; probe++) {
		size_t i = (h + (size_t)probe) % STORE_STMT_SLOTS;
		if (st->cache[i].sql == sql) {
			stmt_clear(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
		if (!st->cache[i].sql) {
			struct stmt *s = stmt_prepare(st, sql);
			if (!s)
				return NULL;
			st->cache[i].sql = sql;
			st->cache[i].stmt = s;
			return s;
		}
	}
	fprintf(stderr, "store: statement cache full (raise STORE_STMT_SLOTS)\n");
	return NULL;
}

struct stmt *store_stmt_text(struct store *st, const char *sql)
{
	for (int i = 0; i < STORE_DYN_SLOTS; i++) {
		if (st->dyn[i].sql && strcmp(st->dyn[i].sql, sql) == 0) {
			stmt_clear(st->dyn[i].stmt);
			return st->dyn[i].stmt;
		}
	}
	char *copy = strdup(sql);
	struct stmt *s = copy ? stmt_prepare(st, sql) : NULL;
	if (!s) {
		free(copy);
		return NULL;
	}
	int i = st->dyn_next;
	st->dyn_next = (st->dyn_next + 1) % STORE_DYN_SLOTS;
	stmt_finalize(st->dyn[i].stmt);
	free(st->dyn[i].sql);
	st->dyn[i].sql = copy;
	st->dyn[i].stmt = s;
	return s;
}

enum lderr store_map(struct store *st, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case STMT_ROW:
	case STMT_DONE:
		return LD_OK;
	case STMT_CONSTRAINT:
		return LD_CONFLICT;
	case STMT_BUSY:
	case SQLITE_LOCKED:
		log_db(st, "busy");
		return LD_UNAVAILABLE;
	case STMT_NOMEM:
		return LD_NOMEM;
	default:
		log_db(st, "step");
		return LD_DB;
	}
}

enum lderr store_step_one(struct store *st, struct stmt *s)
{
	int rc = stmt_step(s);
	if (rc == STMT_ROW)
		return LD_OK;
	stmt_reset(s);
	return rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

enum lderr store_row_by_id(struct store *st, const char *sql, long long id, struct stmt **out)
{
	struct stmt *s = *out = store_stmt(st, sql);
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return store_step_one(st, s);
}

bool store_keep(struct arena *a, const char **const f[], size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		if (*f[i] && !(*f[i] = arena_strdup(a, *f[i])))
			ok = false;
	return ok;
}

enum lderr store_one_int(struct store *st, struct stmt *s, long long *out)
{
	enum lderr e = store_step_one(st, s);
	if (e == LD_OK) {
		*out = stmt_int64(s, 0);
		stmt_reset(s);
	}
	return e;
}

/* A transaction statement, prepared once: sqlite3_exec parsed "BEGIN" and "COMMIT" anew on
 * every request, a tenth of a kept dashboard's time. */
static enum lderr tx_stmt(struct store *st, const char *sql)
{
	if (st->pg)
		return exec_sql(st, sql);
	struct stmt *s = store_stmt(st, sql);
	if (!s)
		return LD_DB;
	int rc = stmt_step(s);
	stmt_reset(s);
	if (rc == STMT_DONE)
		return LD_OK;
	fprintf(stderr, "store: %s: %s\n", sql, sqlite3_errmsg(st->db));
	return LD_DB;
}

/* A write transaction takes the write lock at once on both: SQLite's BEGIN IMMEDIATE, and on
 * PostgreSQL one advisory lock that every writer of every server takes. Writers run one at a
 * time, as on SQLite, so what reads-then-writes (the audit chain's last hash, a number handed
 * out in order) stays correct across servers; readers are not held up. */
#define BEGIN_WRITE(st) STORE_SQL(st, "BEGIN IMMEDIATE", "BEGIN; SELECT pg_advisory_xact_lock(7424616)")
/* One consistent snapshot for a request's reads. */
#define BEGIN_READ(st) STORE_SQL(st, "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ")

long long store_changes(struct store *st)
{
	return st->pg ? st->pg_changes : sqlite3_changes64(st->db);
}


bool store_autocommit(struct store *st)
{
	return st->pg ? PQtransactionStatus(st->pg) == PQTRANS_IDLE : sqlite3_get_autocommit(st->db) != 0;
}

enum lderr store_read_begin(struct store *st)
{
	if (st->group || st->in_tx || st->reading || !store_autocommit(st))
		return LD_OK;
	enum lderr e = tx_stmt(st, BEGIN_READ(st));
	if (e == LD_OK)
		st->reading = 1;
	st->read_mark = 0;
	return e;
}

void store_read_end(struct store *st)
{
	if (st->reading && !store_autocommit(st))
		tx_stmt(st, "COMMIT");
	st->reading = 0;
	st->read_mark = 0;
}

enum lderr store_exec_stmt(struct store *st, struct stmt *s)
{
	if (!s)
		return LD_DB;
	/* a write during a read (a session's last-seen time): it goes on its own, after the read
	 * snapshot ends, rather than trying to upgrade a snapshot another writer may have passed */
	if (st->reading && !stmt_readonly(s))
		store_read_end(st);
	int rc = stmt_step(s);
	enum lderr e = store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_insert(struct store *st, struct stmt *s, long long *id)
{
	*id = 0;
	if (!s)
		return LD_DB;
	if (st->reading)
		store_read_end(st);
	int rc = stmt_step_insert(s, id);
	stmt_reset(s);
	return store_map(st, rc);
}

enum lderr store_begin(struct store *st)
{
	/* inside a group (store_group_begin), a change is a savepoint of the group's transaction:
	 * it can still be undone alone, and is made durable with the others by one commit */
	if (st->reading)
		store_read_end(st);
	enum lderr e = tx_stmt(st, st->group ? "SAVEPOINT change" : BEGIN_WRITE(st));
	if (e == LD_OK)
		st->in_tx = 1;
	return e;
}

enum lderr store_commit(struct store *st)
{
	enum lderr e = tx_stmt(st, st->group ? "RELEASE change" : "COMMIT");
	if (e != LD_OK) {
		store_rollback(st);
		return e;
	}
	st->in_tx = 0;
	return LD_OK;
}

void store_rollback(struct store *st)
{
	if (st->group) {
		if (st->in_tx && !store_autocommit(st))
			exec_quiet(st, "ROLLBACK TO change; RELEASE change");
	} else if (!store_autocommit(st)) {
		exec_quiet(st, "ROLLBACK");
	}
	st->in_tx = 0;
	st->reading = 0;
}

enum lderr store_group_begin(struct store *st)
{
	enum lderr e = tx_stmt(st, BEGIN_WRITE(st));
	if (e == LD_OK)
		st->group = 1;
	return e;
}

bool store_group_alive(struct store *st)
{
	return st->group && !store_autocommit(st);
}

enum lderr store_group_commit(struct store *st)
{
	enum lderr e = store_group_alive(st) ? tx_stmt(st, "COMMIT") : LD_DB;
	if (e != LD_OK && !store_autocommit(st))
		exec_quiet(st, "ROLLBACK");
	st->group = 0;
	st->in_tx = 0;
	return e;
}

const char *store_file(struct store *st)
{
	const char *f = st->pg ? NULL : sqlite3_db_filename(st->db, "main");
	return f && *f ? f : NULL;
}

const char *store_errmsg(struct store *st)
{
	if (st->pg)
		return st->pg_error[0] ? st->pg_error : PQerrorMessage(st->pg);
	return sqlite3_errmsg(st->db);
}

int store_latest_version(void)
{
	int v = 0;
	for (int i = 0; i < store_migration_count; i++)
		if (store_migrations[i].version > v)
			v = store_migrations[i].version;
	return v;
}

int store_schema_version(struct store *st)
{
	long long have = 0, v = 0;
	struct stmt *s = store_stmt(st, STORE_SQL(st,
	        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'",
	        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	        " AND table_name = 'schema_migrations'"));
	if (!s || store_one_int(st, s, &have) != LD_OK)
		return -1;
	if (!have)
		return 0;
	s = store_stmt(st, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (!s || store_one_int(st, s, &v) != LD_OK)
		return -1;
	return (int)v;
}

static enum lderr migrate(struct store *st, int upto, int *applied);

enum lderr store_migrate(struct store *st, int *applied)
{
	return migrate(st, 1 << 30, applied);
}

enum lderr store_migrate_to(struct store *st, int to, int *applied)
{
	return migrate(st, to, applied);
}

static enum lderr migrate(struct store *st, int upto, int *applied)
{
	if (applied)
		*applied = 0;
	enum lderr e = exec_sql(st, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
	if (e)
		return e;
	int have = store_schema_version(st);
	if (have < 0)
		return LD_DB;
	if (have > store_latest_version()) {
		fprintf(stderr, "store: the database is at schema version %d, newer than this liandong (%d); "
		                "use a newer liandong\n", have, store_latest_version());
		return LD_CONFLICT;
	}
	const struct migration *set = st->pg ? store_pg_migrations : store_migrations;
	int count = st->pg ? store_pg_migration_count : store_migration_count;
	for (int i = 0; i < count; i++) {
		const struct migration *m = &set[i];
		if (m->version <= have || m->version > upto)
			continue;
		if ((e = store_begin(st)))
			return e;
		e = exec_sql(st, m->sql);
		if (!e) {
			char now[21];
			store_now_iso(st, now);
			struct stmt *s = store_stmt(st, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
			if (!s) {
				e = LD_DB;
			} else {
				stmt_bind_int(s, 1, m->version);
				stmt_bind_text(s, 2, m->name);
				stmt_bind_text(s, 3, now);
				e = store_exec_stmt(st, s);
			}
		}
		if (!e)
			e = store_commit(st);
		if (e) {
			store_rollback(st);
			fprintf(stderr, "store: migration %03d_%s failed\n", m->version, m->name);
			return e;
		}
		if (applied)
			(*applied)++;
	}
	/* records written before the chain existed get their hashes, once */
	if (upto >= 5 && store_schema_version(st) >= 5) {
		if ((e = store_begin(st)))
			return e;
		if ((e = store_audit_backfill(st)) || (e = store_commit(st))) {
			store_rollback(st);
			return e;
		}
	}
	return LD_OK;
}

long long store_now(struct store *st)
{
	return st && st->clock ? st->clock : (long long)time(NULL);
}

void store_set_clock(struct store *st, long long unix_seconds)
{
	st->clock = unix_seconds;
}

void store_now_iso(struct store *st, char out[21])
{
	store_iso_before(st, 0, out);
}

void store_iso_before(struct store *st, long long seconds, char out[21])
{
	time_t t = (time_t)(store_now(st) - seconds);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum lderr store_sync_ids(struct store *st)
{
	if (!st->pg)
		return LD_OK;
	return exec_sql(st, "DO $$ DECLARE c record; BEGIN"
	                    " FOR c IN SELECT table_name, column_name FROM information_schema.columns"
	                    "  WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP"
	                    "  EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L),"
	                    "   coalesce((SELECT max(%I) FROM %I), 0) + 1, false)',"
	                    "   c.table_name, c.column_name, c.column_name, c.table_name);"
	                    " END LOOP; END $$");
}

enum lderr store_backup(struct store *st, const char *path)
{
	if (st->pg) {
		fprintf(stderr, "backup: %s: a PostgreSQL database is backed up with pg_dump or pg_basebackup\n", path);
		return LD_IO;
	}
	sqlite3 *to = NULL;
	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fprintf(stderr, "backup: cannot create %s: %s\n", path, to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close(to);
		return LD_IO;
	}
	sqlite3_backup *b = sqlite3_backup_init(to, "main", st->db, "main");
	int rc = SQLITE_ERROR;
	if (b) {
		/* in steps, so writers on other connections are not held up for the whole copy */
		do {
			rc = sqlite3_backup_step(b, 1024);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(b);
	}
	enum lderr e = rc == SQLITE_DONE ? LD_OK : LD_IO;
	if (e)
		fprintf(stderr, "backup: copying to %s failed: %s\n", path, sqlite3_errmsg(to));
	sqlite3_close(to);
	return e;
}

enum lderr store_integrity(struct store *st, char *why, size_t whylen)
{
	if (st->pg) {
		/* PostgreSQL checks its pages itself (data checksums); here: that it answers */
		long long one = 0;
		struct stmt *s = store_stmt(st, "SELECT 1");
		enum lderr e = s ? store_one_int(st, s, &one) : LD_DB;
		snprintf(why, whylen, "%s", e == LD_OK ? "ok" : store_errmsg(st));
		return e;
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return LD_DB;
	enum lderr e = LD_DB;
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		snprintf(why, whylen, "%s", r ? r : "");
		e = r && strcmp(r, "ok") == 0 ? LD_OK : LD_DB;
	}
	sqlite3_finalize(s);
	return e;
}
