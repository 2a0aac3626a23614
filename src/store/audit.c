#include "store/audit.h"

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
