/* A prepared statement of either backend, for the files of store/ only.
 *
 * The store speaks SQL to SQLite (a file path) or PostgreSQL (a postgresql:// URL) through
 * this one small interface, so each query is written once: bind by number, step through the
 * rows, read the columns, reset. Statement texts use SQLite's `?NNN` parameters; the
 * PostgreSQL side rewrites them to `$NNN` when it prepares. Where the two dialects need
 * different SQL, the statement names both with STORE_SQL (internal.h), in one place. */
#ifndef LD_STORE_STMT_H
#define LD_STORE_STMT_H

#include <stdbool.h>

struct store;
struct stmt;

/* What stmt_step answers: a row, the end, or an error class (stmt_map turns it into an
 * lderr). The values are SQLite's, so SQLite's own answers pass through unchanged. */
enum {
	STMT_ERROR = 1,
	STMT_BUSY = 5,        /* locked, a serialisation failure or a deadlock: worth retrying */
	STMT_NOMEM = 7,
	STMT_CONSTRAINT = 19, /* a UNIQUE, CHECK, NOT NULL or FOREIGN KEY violation, or a trigger's refusal */
	STMT_ROW = 100,
	STMT_DONE = 101,
};

int stmt_step(struct stmt *s);
/* Runs an INSERT whose text ends with RETURNING id: STMT_DONE with *id the new row's id (0
 * when it inserted no row), or an error class. Such a statement is run by this alone: on
 * SQLite it is prepared without its RETURNING clause, and stmt_step would give no row. */
int stmt_step_insert(struct stmt *s, long long *id);
/* Ready to run again; keeps the bindings (store_stmt clears them when it hands one out). */
void stmt_reset(struct stmt *s);

/* Bindings, numbered from 1. NULL text binds SQL NULL. Values are copied. */
void stmt_bind_text(struct stmt *s, int i, const char *text);
void stmt_bind_int(struct stmt *s, int i, long long v);
void stmt_bind_double(struct stmt *s, int i, double v);
void stmt_bind_null(struct stmt *s, int i);

/* Columns of the current row, numbered from 0. Text is NULL for SQL NULL and borrowed until
 * the next step or reset; numbers read NULL as 0 (a boolean reads as 0 or 1). */
const char *stmt_text(struct stmt *s, int i);
long long stmt_int64(struct stmt *s, int i);
int stmt_int(struct stmt *s, int i);
double stmt_double(struct stmt *s, int i);
bool stmt_null(struct stmt *s, int i);

/* True for a statement that cannot change the database. */
bool stmt_readonly(const struct stmt *s);

#endif
