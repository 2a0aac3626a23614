/* The inside of struct store, shared by the files of store/ only. */
#ifndef LD_STORE_INTERNAL_H
#define LD_STORE_INTERNAL_H

#include <sqlite3.h>

#include "core/calendar.h"
#include "util/arena.h"
#include "store/store.h"

#define STORE_STMT_SLOTS 512
#define STORE_DYN_SLOTS 64
#define STORE_ANSWER_SLOTS 16

struct store {
	sqlite3 *db;
	int in_tx;
	int group;  /* inside store_group_begin: changes are savepoints */
	int reading; /* inside store_read_begin */
	long long clock; /* pinned time for tests, 0 for real */
	struct {
		const char *sql; /* the literal it was prepared from, compared by address */
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_SLOTS];
	struct {
		char *sql; /* owned copy, compared by content */
		sqlite3_stmt *stmt;
	} dyn[STORE_DYN_SLOTS];
	int dyn_next; /* the slot to reuse when all are taken */
	struct calendar cal;     /* China's working days, loaded from holidays */
	char cal_key[64];        /* the calendar's change counter when loaded */
	bool cal_loaded;
	char audit_alg[8];       /* the audit chain's hash, once read */
	struct {
		char *key;                /* owned; NULL for a free slot */
		unsigned long long mark;  /* store_change_mark when it was kept */
		char *body;               /* owned */
		size_t len;
	} answers[STORE_ANSWER_SLOTS]; /* store_answer_get/put */
	int answers_next;
};

/* The prepared statement for sql (a string literal), reset and with bindings cleared, or
 * NULL with the error logged. Prepared once per connection. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/* The prepared statement for SQL built at run time (filters that vary), cached by its text:
 * the same combination of filters reuses one statement. Reset, bindings cleared, or NULL. */
sqlite3_stmt *store_stmt_text(struct store *st, const char *sql);

/* Bind helpers: NULL text binds SQL NULL. Bindings are transient copies (SQLITE_TRANSIENT). */
void store_bind_text(sqlite3_stmt *s, int i, const char *text);
void store_bind_int(sqlite3_stmt *s, int i, long long v);
void store_bind_double(sqlite3_stmt *s, int i, double v);

/* Runs a statement that returns no rows. LD_CONFLICT for a constraint violation. */
enum lderr store_exec_stmt(struct store *st, sqlite3_stmt *s);

/* Maps the result of sqlite3_step/exec to an lderr, logging unexpected errors. */
enum lderr store_map(struct store *st, int rc);

/* Steps a statement that should answer one row. LD_OK with the row ready (the caller resets
 * after reading it); otherwise the statement is reset and the answer is LD_NOT_FOUND or the
 * mapped error. */
enum lderr store_step_one(struct store *st, sqlite3_stmt *s);

/* Steps a statement answering one integer (a count, a sum) into *out, and resets it. */
enum lderr store_one_int(struct store *st, sqlite3_stmt *s, long long *out);

/* Copies the n borrowed column texts that f points at into a, in place (NULL stays NULL), so
 * they outlive the statement's reset. False if the arena ran out. */
bool store_keep(struct arena *a, const char **const f[], size_t n);

/* Column text, or NULL for SQL NULL (borrowed until the next step). */
const char *store_col_text(sqlite3_stmt *s, int i);

#endif
