/* The inside of struct store, shared by the files of store/ only. */
#ifndef LD_STORE_INTERNAL_H
#define LD_STORE_INTERNAL_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/calendar.h"
#include "util/arena.h"
#include "store/stmt.h"
#include "store/store.h"

#define STORE_STMT_SLOTS 512
#define STORE_DYN_SLOTS 64
#define STORE_ANSWER_SLOTS 16
#define STORE_KEPT_SLOTS 64

/* Objects kept per connection, each under a key and the mark it was kept at; a full table
 * lets its oldest entry go. */
struct kept_slot {
	char *key;               /* owned; NULL for a free slot */
	unsigned long long mark;
	void *obj;               /* owned, released by drop */
	void (*drop)(void *obj);
};
struct kept {
	struct kept_slot *slot;
	int n, next;
};

struct store {
	sqlite3 *db;   /* SQLite, or */
	PGconn *pg;    /* PostgreSQL: exactly one of the two is set */
	int pg_prepared;          /* statements prepared on pg, for their names */
	long long pg_changes;     /* rows the last statement on pg changed */
	char pg_error[512];       /* the last statement's error on pg */
	char pg_session[160];     /* the session's settings, again after a reconnection */
	int in_tx;
	int group;  /* inside store_group_begin: changes are savepoints */
	int reading; /* inside store_read_begin */
	unsigned long long read_mark; /* the change mark, once asked during this read (it cannot move) */
	unsigned long long auth_mark, auth_at; /* the auth mark as last read, and the change mark then */
	long long clock; /* pinned time for tests, 0 for real */
	struct {
		const char *sql; /* the literal it was prepared from, compared by address */
		struct stmt *stmt;
	} cache[STORE_STMT_SLOTS];
	struct {
		char *sql; /* owned copy, compared by content */
		struct stmt *stmt;
	} dyn[STORE_DYN_SLOTS];
	int dyn_next; /* the slot to reuse when all are taken */
	struct calendar cal;     /* China's working days, loaded from holidays */
	char cal_key[64];        /* the calendar's change counter when loaded */
	bool cal_loaded;
	char audit_alg[8];       /* the audit chain's hash, once read */
	struct kept_slot answer_slots[STORE_ANSWER_SLOTS];
	struct kept_slot session_slots[STORE_KEPT_SLOTS];
	struct kept answers;  /* store_answer_get/put: the boards, under the change mark */
	struct kept kept;     /* store_kept_get/put: the sessions, under the auth mark */
	char *log_path;       /* deferred_sync: the write-ahead log that store_log_sync syncs */
	int log_fd;           /* its descriptor once opened, else -1 */
	unsigned long long log_dev, log_ino; /* the file log_fd is, to notice a log made anew */
};

/* Where the dialects differ, the statement names both in one place: STORE_SQL(st, "SQLite's",
 * "PostgreSQL's"). Each is a literal, so store_stmt keeps one prepared statement per text. */
#define STORE_SQL(st, lite_sql, pg_sql) ((st)->pg ? (pg_sql) : (lite_sql))
/* How many rows meet cond, in SQL both run natively. PostgreSQL's sum(boolean) (sql/pg/001,
 * for SQLite's sum over conditions) calls an SQL function per row: over the 2.66 M reports of
 * a province that was 2.8 s against 0.13 s for this. NULL conditions count as false. */
#define COUNT_IF(cond) "sum(CASE WHEN " cond " THEN 1 ELSE 0 END)"

/* "col contains the text bound to p", for searches: SQLite's instr, and on PostgreSQL a LIKE
 * that the trigram indexes of sql/pg serve (ld_like_escape keeps % and _ literal). A search
 * statement is written once over HAS and named for both: STORE_SQL(st, S(LITE_HAS), S(PG_HAS)). */
#define LITE_HAS(col, p) "instr(" col ", " p ") > 0"
#define PG_HAS(col, p) col " LIKE '%' || ld_like_escape(" p ") || '%'"

/* The prepared statement for sql (a string literal), reset and with bindings cleared, or
 * NULL with the error logged. Prepared once per connection. */
struct stmt *store_stmt(struct store *st, const char *sql);

/* The prepared statement for SQL built at run time (filters that vary), cached by its text:
 * the same combination of filters reuses one statement. Reset, bindings cleared, or NULL. */
struct stmt *store_stmt_text(struct store *st, const char *sql);

/* stmt.c: a statement prepared on the store's connection (NULL with the error logged), its
 * bindings cleared, freed. */
struct stmt *stmt_prepare(struct store *st, const char *sql);
void stmt_clear(struct stmt *s);
void stmt_finalize(struct stmt *s);
/* PostgreSQL: after a statement failed with the connection lost (the server restarted or
 * failed over), connects again so the next request works; the failed one stays failed. */
void store_pg_recover(struct store *st);
/* The statement is to be prepared again at its next run (a new connection has none). */
void stmt_forget(struct stmt *s);

/* SQLite's parameters (?NNN, ?) rewritten as PostgreSQL's ($NNN) outside quotes and comments;
 * *nparams receives the highest number. Malloc'd; NULL when out of memory. */
char *stmt_pg_translate(const char *sql, int *nparams);

/* Runs a statement that returns no rows. LD_CONFLICT for a constraint violation. */
enum lderr store_exec_stmt(struct store *st, struct stmt *s);

/* Maps the result of stmt_step to an lderr, logging unexpected errors. */
enum lderr store_map(struct store *st, int rc);

/* Steps a statement that should answer one row. LD_OK with the row ready (the caller resets
 * after reading it); otherwise the statement is reset and the answer is LD_NOT_FOUND or the
 * mapped error. */
enum lderr store_step_one(struct store *st, struct stmt *s);
/* store_step_one of sql (a literal, as for store_stmt) with the id bound to its ?1: *out is
 * the statement, on its row when LD_OK. */
enum lderr store_row_by_id(struct store *st, const char *sql, long long id, struct stmt **out);

/* Steps a statement answering one integer (a count, a sum) into *out, and resets it. */
enum lderr store_one_int(struct store *st, struct stmt *s, long long *out);

/* Copies the n borrowed column texts that f points at into a, in place (NULL stays NULL), so
 * they outlive the statement's reset. False if the arena ran out. */
bool store_keep(struct arena *a, const char **const f[], size_t n);

/* Runs an INSERT … RETURNING id (the same on both backends): *id is the new row's id, or 0
 * when an INSERT … SELECT inserted nothing. Otherwise as store_exec_stmt. */
enum lderr store_insert(struct store *st, struct stmt *s, long long *id);

/* Rows the last INSERT/UPDATE/DELETE changed; true when no transaction is open. */
long long store_changes(struct store *st);
bool store_autocommit(struct store *st);

#endif
