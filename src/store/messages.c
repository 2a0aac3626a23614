#include "store/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "store/internal.h"

enum lderr store_message_to_unit(struct store *st, long long unit_id, unsigned roles, bool regions, const char *kind,
                                 const char *reason_key, const char *day, const char *title, const char *body,
                                 long long item_id, long long notice_id, long long *sent)
{
	/* the roles as a list the statement can test: ",filler,unit_leader," */
	char list[256] = ",";
	for (int r = 0; r < ROLE_COUNT; r++)
		if (roles & ROLE_BIT(r)) {
			strncat(list, role_code((enum role)r), sizeof(list) - strlen(list) - 2);
			strncat(list, ",", sizeof(list) - strlen(list) - 1);
		}
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO messages (user_id, kind, reason_key, day, title, body,"
	                                 " item_id, notice_id, created_at)"
	                                 " SELECT DISTINCT g.user_id, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS BIGINT), CAST(?8 AS BIGINT), ?9"
	                                 " FROM grants g JOIN units gu ON gu.id = g.unit_id JOIN users u ON u.id = g.user_id"
	                                 " JOIN unit_ancestors a ON a.ancestor_id = g.unit_id AND a.unit_id = ?1"
	                                 " WHERE (?11 <> 0 OR gu.kind <> 'region') AND u.disabled = 0"
	                                 " AND instr(?10, ',' || g.role || ',') > 0 ON CONFLICT DO NOTHING");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, unit_id);
	stmt_bind_text(s, 2, kind);
	stmt_bind_text(s, 3, reason_key);
	stmt_bind_text(s, 4, day);
	stmt_bind_text(s, 5, title);
	stmt_bind_text(s, 6, body);
	if (item_id)
		stmt_bind_int(s, 7, item_id);
	if (notice_id)
		stmt_bind_int(s, 8, notice_id);
	stmt_bind_text(s, 9, now);
	stmt_bind_text(s, 10, list);
	stmt_bind_int(s, 11, regions);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && sent)
		*sent = store_changes(st);
	return e;
}

enum lderr store_message_list(struct store *st, long long user_id, bool unread_only, long long offset,
                              long long limit, int (*fn)(void *ctx, const struct message *m), void *ctx,
                              long long *total, long long *unread)
{
	struct stmt *c = store_stmt(st, "SELECT count(*), coalesce(" COUNT_IF("read_at IS NULL") ", 0) FROM messages WHERE user_id = ?");
	if (!c)
		return LD_DB;
	stmt_bind_int(c, 1, user_id);
	if (stmt_step(c) == STMT_ROW) {
		*unread = stmt_int64(c, 1);
		*total = unread_only ? *unread : stmt_int64(c, 0);
	}
	stmt_reset(c);
	struct stmt *s = store_stmt(st, "SELECT id, coalesce(item_id, 0), coalesce(notice_id, 0), kind, title, body,"
	                                 " created_at, read_at FROM messages WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL)"
	                                 " ORDER BY id DESC LIMIT ?3 OFFSET ?4");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, user_id);
	stmt_bind_int(s, 2, unread_only);
	stmt_bind_int(s, 3, limit);
	stmt_bind_int(s, 4, offset);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct message m = {stmt_int64(s, 0), stmt_int64(s, 1), stmt_int64(s, 2),
		                    stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5), stmt_text(s, 6),
		                    stmt_text(s, 7)};
		if (fn(ctx, &m))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_message_read(struct store *st, long long user_id, long long id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE messages SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, now);
	stmt_bind_int(s, 2, id);
	stmt_bind_int(s, 3, user_id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_message_read_all(struct store *st, long long user_id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE messages SET read_at = ? WHERE user_id = ? AND read_at IS NULL");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, now);
	stmt_bind_int(s, 2, user_id);
	return store_exec_stmt(st, s);
}

enum lderr store_message_sent(struct store *st, const char *reason_key, const char *day, bool *sent)
{
	struct stmt *s = store_stmt(st, "SELECT 1 FROM messages WHERE reason_key = ? AND day = ? LIMIT 1");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, reason_key);
	stmt_bind_text(s, 2, day);
	int rc = stmt_step(s);
	*sent = rc == STMT_ROW;
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_delivery_add(struct store *st, const char *url, const char *format, const char *payload,
                              const char *reason_key, const char *day)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO deliveries (url, format, payload, reason_key, day,"
	                                 " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, url);
	stmt_bind_text(s, 2, format);
	stmt_bind_text(s, 3, payload);
	stmt_bind_text(s, 4, reason_key);
	stmt_bind_text(s, 5, day);
	stmt_bind_text(s, 6, now);
	stmt_bind_text(s, 7, now);
	return store_exec_stmt(st, s);
}

/* Seconds a claimed delivery stays with its claimer: well above one attempt's timeout. */
#define DELIVERY_LEASE 300

enum lderr store_delivery_next(struct store *st, long long now, long long *id, char *url, size_t urllen,
                               char **payload)
{
	*id = 0;
	*payload = NULL;
	/* claimed, not just read: the due delivery's next try moves DELIVERY_LEASE ahead in the same
	 * statement, so another server's runner looking at the same moment finds it not due and
	 * does not send it too; the attempt then sets the real next try. Should the claimer die
	 * mid-send, the delivery is tried again when the lease runs out. */
	struct stmt *s = store_stmt(st, "UPDATE deliveries SET next_at = ?1 + ?2 WHERE id = (SELECT id FROM deliveries"
	                                 " WHERE status = 'pending' AND next_at <= ?1 ORDER BY next_at, id LIMIT 1)"
	                                 " AND status = 'pending' AND next_at <= ?1 RETURNING id, url, payload");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, now);
	stmt_bind_int(s, 2, DELIVERY_LEASE);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*id = stmt_int64(s, 0);
		snprintf(url, urllen, "%s", stmt_text(s, 1));
		*payload = strdup(stmt_text(s, 2));
	}
	stmt_reset(s);
	if (rc == STMT_ROW && !*payload)
		return LD_NOMEM;
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_delivery_attempt(struct store *st, long long id, int http_status, const char *error, bool sent,
                                  long long next_at)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?,"
	                                 " status = ?, next_at = ?, updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	if (http_status)
		stmt_bind_int(s, 1, http_status);
	stmt_bind_text(s, 2, error);
	stmt_bind_text(s, 3, sent ? "sent" : next_at ? "pending" : "failed");
	stmt_bind_int(s, 4, next_at);
	stmt_bind_text(s, 5, now);
	stmt_bind_int(s, 6, id);
	return store_exec_stmt(st, s);
}

enum lderr store_delivery_list(struct store *st, long long offset, long long limit,
                               int (*fn)(void *ctx, const struct delivery *d), void *ctx, long long *total)
{
	struct stmt *c = store_stmt(st, "SELECT count(*) FROM deliveries");
	if (!c)
		return LD_DB;
	if (stmt_step(c) == STMT_ROW)
		*total = stmt_int64(c, 0);
	stmt_reset(c);
	struct stmt *s = store_stmt(st, "SELECT id, attempts, coalesce(last_status, 0), url, format, payload, status,"
	                                 " last_error, updated_at FROM deliveries ORDER BY id DESC LIMIT ? OFFSET ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, limit);
	stmt_bind_int(s, 2, offset);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct delivery d = {stmt_int64(s, 0), stmt_int64(s, 1), stmt_int64(s, 2),
		                     stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5), stmt_text(s, 6),
		                     stmt_text(s, 7), stmt_text(s, 8)};
		if (fn(ctx, &d))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_delivery_attempts(struct store *st, long long id, long long *attempts)
{
	struct stmt *s = store_stmt(st, "SELECT attempts FROM deliveries WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	*attempts = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}
