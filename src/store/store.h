/* store — the only place that speaks SQL.
 *
 * A struct store is one database connection, used by one thread (one per event loop).
 * Statements are prepared once and kept. SQLite runs in WAL mode with foreign keys on, a
 * busy timeout, synchronous=FULL (the records are accountability data) and a memory map
 * and page cache sized for the data. Every write that changes state goes inside
 * store_begin/store_commit together with its audit record. */
#ifndef LD_STORE_H
#define LD_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct store;

struct store_options {
	bool readonly;
	long long mmap_bytes;  /* 0: default (1 GiB) */
	long long cache_kib;   /* 0: default (64 MiB) */
	bool manual_checkpoint; /* no automatic WAL checkpoints: the caller runs store_checkpoint */
	bool deferred_sync;     /* SQLite: a commit writes the log without syncing it; the caller
	                         * makes commits durable with store_log_sync before it says so */
};

/* True when path is a PostgreSQL URL (postgresql://… or postgres://…) rather than a file. */
bool store_is_url(const char *path);

/* Opens (creating if needed) the database at path, or connects to the PostgreSQL database a
 * URL names (its schema is created by store_migrate, as for a new file). *out is freed with store_close.
 * Returns LD_DB with a message on stderr when it cannot be opened. Does not migrate. */
enum lderr store_open(const char *path, const struct store_options *opt, struct store **out);
/* A passive WAL checkpoint (copies committed pages into the database file without holding
 * up readers or writers). The server runs it from its own thread, so a commit never waits
 * for one. *log_pages (when not NULL): the log's length in pages when it began, 0 on
 * PostgreSQL. */
enum lderr store_checkpoint(struct store *st, int *log_pages);
/* Makes every commit so far of a deferred_sync connection durable: one fdatasync of its
 * write-ahead log. Meant for another thread while the connection goes on with its next
 * transaction (it touches only the log's own descriptor, which nothing else uses); one
 * thread at a time. A no-op on PostgreSQL and on connections that sync their own commits.
 * LD_DB (with a message on stderr) when the log cannot be synced: then nothing committed
 * since the last success may be taken as durable. */
enum lderr store_log_sync(struct store *st);
/* Closes the connection and its statements. NULL is a no-op. */
void store_close(struct store *st);

/* Applies the migrations the database lacks, each in its own transaction, recording them in
 * schema_migrations. *applied (may be NULL) receives how many ran. Refuses (LD_CONFLICT) a
 * database whose version is newer than this binary knows. */
enum lderr store_migrate(struct store *st, int *applied);
/* Applies the migrations up to version to (for choosing settings a later migration's first
 * use records). */
enum lderr store_migrate_to(struct store *st, int to, int *applied);
/* The highest migration applied, 0 for an empty database, -1 on error. */
int store_schema_version(struct store *st);
/* The newest migration this binary carries. */
int store_latest_version(void);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE). */
enum lderr store_begin(struct store *st);
enum lderr store_commit(struct store *st);
/* Rolls back if a transaction is open; harmless otherwise. */
void store_rollback(struct store *st);

/* One read snapshot for a whole request (BEGIN … COMMIT around its reads): its answer is
 * consistent, and SQLite takes and drops its read lock once instead of per statement (which
 * was a fifth of a detail page's time). A write inside it (store_begin, store_exec_stmt of a
 * writing statement, an audit record) first ends the snapshot and then runs as usual.
 * Harmless inside a transaction or a group, and when already reading. */
enum lderr store_read_begin(struct store *st);
void store_read_end(struct store *st);

/* Group commit: one transaction holding the changes of several requests, made durable by one
 * commit (one fsync) instead of one each. Between group_begin and group_commit, store_begin /
 * store_commit / store_rollback open, keep and undo a savepoint, so each request's change
 * stays all-or-nothing on its own. group_commit answers LD_OK only when everything is durable;
 * on any error the whole group is rolled back and none of its changes may be acknowledged. */
enum lderr store_group_begin(struct store *st);
/* False when SQLite has ended the group's transaction on its own (an I/O or full-disk error). */
bool store_group_alive(struct store *st);
enum lderr store_group_commit(struct store *st);

/* After rows were written with their ids given (generated or copied data): on PostgreSQL,
 * moves every identity past the highest id in its table, so the next row without an id does
 * not collide; nothing to do on SQLite. */
enum lderr store_sync_ids(struct store *st);

/* Copies the database to path with SQLite's online backup (consistent while others write).
 * LD_IO with a message when it cannot. */
enum lderr store_backup(struct store *st, const char *path);
/* PRAGMA integrity_check: LD_OK when it says "ok", else LD_DB with the first problem in why. */
enum lderr store_integrity(struct store *st, char *why, size_t whylen);

/* The last error message of the connection (borrowed). */
const char *store_errmsg(struct store *st);
/* The SQLite database file, which another connection can open; NULL on PostgreSQL or in
 * memory. */
const char *store_file(struct store *st);

/* Current UTC time as ISO 8601 "2026-03-31T08:00:00Z" in out (21 bytes). The store's clock
 * can be pinned for tests with store_set_clock (0 = the real clock). */
void store_now_iso(struct store *st, char out[21]);
/* The same form for that many seconds before now (cut-offs: "older than …"). */
void store_iso_before(struct store *st, long long seconds, char out[21]);

/* Answers kept per connection for reads that aggregate much and are asked often (the
 * dashboard): valid only while nothing has been committed to the database since they were
 * computed — by any connection, this one included (PRAGMA data_version and the
 * connection's change count) — so a kept answer is always the one a fresh computation
 * would give. get: true with the body (borrowed until the next put) when key is kept and
 * still valid; otherwise false with *mark, the database's state before the answer is
 * computed, to be passed to put (a commit while computing then only makes it stale). */
bool store_answer_get(struct store *st, const char *key, const char **body, size_t *len, unsigned long long *mark);
void store_answer_put(struct store *st, const char *key, unsigned long long mark, const char *body, size_t len);
/* Objects kept per connection, each under a key and the mark it was read at: get gives the
 * object (borrowed until the next put) when key is kept at that same mark, put takes obj and
 * calls drop(obj) when it lets it go (at once when it cannot keep it: no mark). */
bool store_kept_get(struct store *st, const char *key, unsigned long long mark, void **obj);
void store_kept_put(struct store *st, const char *key, unsigned long long mark, void *obj, void (*drop)(void *obj));
/* The mark that moves with every change to sessions (but their last-seen times), users, grants
 * and units, by any connection or server (migration 016); 0 when it cannot be read. */
unsigned long long store_auth_mark(struct store *st);
long long store_now(struct store *st);
void store_set_clock(struct store *st, long long unix_seconds);

#endif
