#include "store/audit.h"

#include <stdio.h>

#include "store/internal.h"

enum lderr store_audit(struct store *st, const struct audit_actor *who, const struct audit_entry *e)
{
	char now[21];
	store_now_iso(st, now);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO audit (at, actor_id, actor, client, action, entity, entity_id,"
	                                 " outcome, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return LD_DB;
	store_bind_text(s, 1, now);
	if (who->id)
		store_bind_int(s, 2, who->id);
	store_bind_text(s, 3, who->name ? who->name : "");
	store_bind_text(s, 4, who->client ? who->client : "");
	store_bind_text(s, 5, e->action);
	store_bind_text(s, 6, e->entity);
	store_bind_text(s, 7, e->entity_id ? e->entity_id : "");
	store_bind_text(s, 8, e->failed ? "failed" : "ok");
	store_bind_text(s, 9, e->before);
	store_bind_text(s, 10, e->after);
	return store_exec_stmt(st, s);
}

enum lderr store_audit_item_timeline(struct store *st, long long item_id,
                                     int (*fn)(void *ctx, const struct audit_row *a), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, at, actor, client, action, entity, entity_id, outcome, before, after"
	                                 " FROM audit WHERE outcome = 'ok' AND ((entity = 'item' AND entity_id = ?1)"
	                                 " OR (entity = 'report' AND entity_id IN"
	                                 "   (SELECT CAST(id AS TEXT) FROM reports WHERE item_id = ?2))) ORDER BY seq");
	if (!s)
		return LD_DB;
	char id[24];
	snprintf(id, sizeof(id), "%lld", item_id);
	store_bind_text(s, 1, id);
	store_bind_int(s, 2, item_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_row a = {sqlite3_column_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2),
		                      store_col_text(s, 3), store_col_text(s, 4), store_col_text(s, 5),
		                      store_col_text(s, 6), store_col_text(s, 7), store_col_text(s, 8),
		                      store_col_text(s, 9)};
		if (fn(ctx, &a))
			break;
	}
	enum lderr e = rc == SQLITE_ROW ? LD_OK : store_map(st, rc);
	sqlite3_reset(s);
	return e;
}

enum lderr store_audit_entity(struct store *st, const char *entity, long long id,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, at, actor, client, action, entity, entity_id, outcome, before, after"
	                                 " FROM audit WHERE entity = ? AND entity_id = ? AND outcome = 'ok' ORDER BY seq");
	if (!s)
		return LD_DB;
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	store_bind_text(s, 1, entity);
	store_bind_text(s, 2, key);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_row a = {sqlite3_column_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2),
		                      store_col_text(s, 3), store_col_text(s, 4), store_col_text(s, 5),
		                      store_col_text(s, 6), store_col_text(s, 7), store_col_text(s, 8),
		                      store_col_text(s, 9)};
		if (fn(ctx, &a))
			break;
	}
	enum lderr e = rc == SQLITE_ROW ? LD_OK : store_map(st, rc);
	sqlite3_reset(s);
	return e;
}
