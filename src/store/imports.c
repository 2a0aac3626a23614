#include "store/imports.h"

#include "store/internal.h"

/* A job whose worker has shown no progress this long is taken to have died with its server. */
#define IMPORT_STALE_SECONDS (10 * 60)

enum lderr store_import_insert(struct store *st, long long cycle_id, long long user_id, const char *client,
                               const char *filename, const char *format, const char *sha256, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO imports (cycle_id, user_id, client, filename, format, file_sha256,"
	                                 " state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'checking', ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, user_id);
	stmt_bind_text(s, 3, client);
	stmt_bind_text(s, 4, filename);
	stmt_bind_text(s, 5, format);
	stmt_bind_text(s, 6, sha256);
	stmt_bind_text(s, 7, now);
	stmt_bind_text(s, 8, now);
	return store_insert(st, s, id);
}

enum lderr store_import_get(struct store *st, struct arena *a, long long id, struct import_job *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT id, cycle_id, user_id, client, filename, format, file_sha256, state,"
	                                       " total_rows, processed_rows, valid_rows, created, updated, errors, message,"
	                                       " created_at, updated_at FROM imports WHERE id = ?", id, &s);
	if (found)
		return found;
	out->id = stmt_int64(s, 0);
	out->cycle_id = stmt_int64(s, 1);
	out->user_id = stmt_int64(s, 2);
	const char **text[] = {&out->client, &out->filename, &out->format, &out->file_sha256, &out->state};
	for (int i = 0; i < 5; i++)
		*text[i] = arena_strdup(a, stmt_text(s, 3 + i));
	out->total_rows = stmt_int64(s, 8);
	out->processed_rows = stmt_int64(s, 9);
	out->valid_rows = stmt_int64(s, 10);
	out->created = stmt_int64(s, 11);
	out->updated = stmt_int64(s, 12);
	out->errors = arena_strdup(a, stmt_text(s, 13));
	const char *msg = stmt_text(s, 14);
	out->message = msg ? arena_strdup(a, msg) : NULL;
	out->created_at = arena_strdup(a, stmt_text(s, 15));
	out->updated_at = arena_strdup(a, stmt_text(s, 16));
	stmt_reset(s);
	return out->state && out->errors && out->updated_at ? LD_OK : LD_NOMEM;
}

enum lderr store_import_move(struct store *st, long long id, const char *from, const char *to)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE imports SET state = ?, processed_rows = 0, updated_at = ?"
	                                 " WHERE id = ? AND state = ? AND worker IS NULL");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, to);
	stmt_bind_text(s, 2, now);
	stmt_bind_int(s, 3, id);
	stmt_bind_text(s, 4, from);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_STATE;
	return e;
}

enum lderr store_import_claim(struct store *st, const char *worker, long long *id)
{
	*id = 0;
	char now[21], stale[21];
	store_now_iso(st, now);
	store_iso_before(st, IMPORT_STALE_SECONDS, stale);
	/* a job held by a worker that has shown no progress for IMPORT_STALE_SECONDS is taken
	 * over: its server died (a job changes nothing until its one final transaction, so it can
	 * start again from the file) */
	struct stmt *s = store_stmt(st, "UPDATE imports SET worker = ?1, updated_at = ?2 WHERE id = (SELECT id FROM imports"
	                                 " WHERE (worker IS NULL OR updated_at < ?3) AND state IN ('checking', 'importing')"
	                                 " ORDER BY id LIMIT 1) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, worker);
	stmt_bind_text(s, 2, now);
	stmt_bind_text(s, 3, stale);
	int rc = stmt_step(s);
	if (rc == STMT_ROW)
		*id = stmt_int64(s, 0);
	while (rc == STMT_ROW)
		rc = stmt_step(s);
	stmt_reset(s);
	return rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_import_progress(struct store *st, long long id, long long total, long long processed)
{
	char now[21];
	store_now_iso(st, now);
	/* updated_at is the worker's sign of life (see store_import_claim) */
	struct stmt *s = store_stmt(st, "UPDATE imports SET total_rows = ?, processed_rows = ?, updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, total);
	stmt_bind_int(s, 2, processed);
	stmt_bind_text(s, 3, now);
	stmt_bind_int(s, 4, id);
	return store_exec_stmt(st, s);
}

enum lderr store_import_finish(struct store *st, long long id, const char *state, long long total,
                               long long valid, const char *errors, long long created, long long updated,
                               const char *message)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE imports SET state = ?, total_rows = ?, processed_rows = ?,"
	                                 " valid_rows = ?, errors = coalesce(?, errors), created = ?, updated = ?,"
	                                 " message = ?, worker = NULL, updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, state);
	stmt_bind_int(s, 2, total);
	stmt_bind_int(s, 3, total);
	stmt_bind_int(s, 4, valid);
	stmt_bind_text(s, 5, errors);
	stmt_bind_int(s, 6, created);
	stmt_bind_int(s, 7, updated);
	stmt_bind_text(s, 8, message);
	stmt_bind_text(s, 9, now);
	stmt_bind_int(s, 10, id);
	return store_exec_stmt(st, s);
}

enum lderr store_import_release(struct store *st, const char *worker)
{
	struct stmt *s = store_stmt(st, "UPDATE imports SET worker = NULL WHERE worker = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, worker);
	return store_exec_stmt(st, s);
}
