#include "store/audit.h"

#include <stdio.h>
#include <string.h>

#include "core/auditchain.h"
#include "store/internal.h"
#include "util/digest.h"

enum lderr store_audit_algorithm(struct store *st, const char *prefer, char out[8])
{
	if (st->audit_alg[0]) {
		memcpy(out, st->audit_alg, 8);
		return LD_OK;
	}
	sqlite3_stmt *s = store_stmt(st, "SELECT algorithm FROM audit_config WHERE id = 1");
	if (!s)
		return LD_DB;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(st->audit_alg, sizeof(st->audit_alg), "%s", store_col_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_map(st, rc);
	if (rc == SQLITE_DONE) {
		const char *alg = prefer ? prefer : digest_available("sm3") ? "sm3" : "sha256";
		if (!digest_available(alg))
			return LD_INTERNAL;
		sqlite3_stmt *ins = store_stmt(st, "INSERT INTO audit_config (id, algorithm) VALUES (1, ?)");
		if (!ins)
			return LD_DB;
		store_bind_text(ins, 1, alg);
		enum lderr e = store_exec_stmt(st, ins);
		if (e)
			return e;
		snprintf(st->audit_alg, sizeof(st->audit_alg), "%s", alg);
	}
	memcpy(out, st->audit_alg, 8);
	return LD_OK;
}

/* The hash of record f chained onto prev. */
static enum lderr chain_hash(const char *alg, const char *prev, const struct audit_fields *f, char out[DIGEST_HEX])
{
	struct buf b;
	buf_init(&b, 64u << 20);
	audit_canonical(prev, f, &b);
	bool ok = !b.failed && digest_hex(alg, buf_str(&b), b.len, out);
	buf_fini(&b);
	return ok ? LD_OK : LD_INTERNAL;
}

/* The last record: its seq (0 when none) and hash. */
static enum lderr last_record(struct store *st, long long *seq, char hash[DIGEST_HEX])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, coalesce(hash, '') FROM audit ORDER BY seq DESC LIMIT 1");
	if (!s)
		return LD_DB;
	int rc = sqlite3_step(s);
	*seq = 0;
	hash[0] = '\0';
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		snprintf(hash, DIGEST_HEX, "%s", store_col_text(s, 1));
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_audit(struct store *st, const struct audit_actor *who, const struct audit_entry *e)
{
	bool own_tx = !st->in_tx && (st->reading || sqlite3_get_autocommit(st->db) != 0);
	enum lderr err;
	if (own_tx && (err = store_begin(st)))
		return err;
	char now[21], alg[8], prev[DIGEST_HEX], hash[DIGEST_HEX];
	long long last;
	store_now_iso(st, now);
	if ((err = store_audit_algorithm(st, NULL, alg)) || (err = last_record(st, &last, prev)))
		goto out;
	struct audit_fields f = {last + 1, now, who->id, who->name ? who->name : "", who->client ? who->client : "",
	                         e->action, e->entity, e->entity_id ? e->entity_id : "", e->failed ? "failed" : "ok",
	                         e->before, e->after};
	if ((err = chain_hash(alg, prev, &f, hash)))
		goto out;
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO audit (seq, at, actor_id, actor, client, action, entity, entity_id,"
	                                 " outcome, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s) {
		err = LD_DB;
		goto out;
	}
	store_bind_int(s, 1, f.seq);
	store_bind_text(s, 2, now);
	if (who->id)
		store_bind_int(s, 3, who->id);
	store_bind_text(s, 4, f.actor);
	store_bind_text(s, 5, f.client);
	store_bind_text(s, 6, f.action);
	store_bind_text(s, 7, f.entity);
	store_bind_text(s, 8, f.entity_id);
	store_bind_text(s, 9, f.outcome);
	store_bind_text(s, 10, f.before);
	store_bind_text(s, 11, f.after);
	store_bind_text(s, 12, prev);
	store_bind_text(s, 13, hash);
	err = store_exec_stmt(st, s);
out:
	if (own_tx) {
		if (!err)
			err = store_commit(st);
		else
			store_rollback(st);
	}
	return err;
}

#define ROW_COLS "seq, at, coalesce(actor_id, 0), actor, client, action, entity, entity_id, outcome, before, after," \
	" prev_hash, hash"

static void fields_of(sqlite3_stmt *s, struct audit_fields *f)
{
	f->seq = sqlite3_column_int64(s, 0);
	f->at = store_col_text(s, 1);
	f->actor_id = sqlite3_column_int64(s, 2);
	f->actor = store_col_text(s, 3);
	f->client = store_col_text(s, 4);
	f->action = store_col_text(s, 5);
	f->entity = store_col_text(s, 6);
	f->entity_id = store_col_text(s, 7);
	f->outcome = store_col_text(s, 8);
	f->before = store_col_text(s, 9);
	f->after = store_col_text(s, 10);
}

enum lderr store_audit_backfill(struct store *st)
{
	char alg[8], prev[DIGEST_HEX] = "";
	sqlite3_stmt *q = store_stmt(st, "SELECT count(*) FROM audit WHERE hash IS NULL");
	if (!q)
		return LD_DB;
	long long missing = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (missing == 0)
		return LD_OK; /* nothing to do, and the algorithm is not chosen before it is needed */
	enum lderr e = store_audit_algorithm(st, NULL, alg);
	if (e)
		return e;
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROW_COLS " FROM audit ORDER BY seq");
	sqlite3_stmt *u = store_stmt(st, "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ? AND hash IS NULL");
	if (!s || !u)
		return LD_DB;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_fields f;
		fields_of(s, &f);
		const char *stored = store_col_text(s, 12);
		char hash[DIGEST_HEX];
		if (stored) {
			snprintf(prev, sizeof(prev), "%s", stored);
			continue;
		}
		if ((e = chain_hash(alg, prev, &f, hash)))
			break;
		sqlite3_reset(u);
		store_bind_text(u, 1, prev);
		store_bind_text(u, 2, hash);
		store_bind_int(u, 3, f.seq);
		if ((e = store_exec_stmt(st, u)))
			break;
		snprintf(prev, sizeof(prev), "%s", hash);
	}
	sqlite3_reset(s);
	return e ? e : rc == SQLITE_DONE || rc == SQLITE_ROW ? LD_OK : store_map(st, rc);
}

enum lderr store_audit_verify(struct store *st, long long head_seq, const char *head_hash, struct audit_check *out)
{
	memset(out, 0, sizeof(*out));
	char alg[8], prev[DIGEST_HEX] = "";
	enum lderr e = store_audit_algorithm(st, NULL, alg);
	if (e)
		return e;
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROW_COLS " FROM audit ORDER BY seq");
	if (!s)
		return LD_DB;
	long long expect = 1;
	bool head_seen = head_seq <= 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_fields f;
		fields_of(s, &f);
		const char *stored_prev = store_col_text(s, 11), *stored = store_col_text(s, 12);
		char hash[DIGEST_HEX];
		out->checked++;
		if (f.seq != expect)
			snprintf(out->why, sizeof(out->why), "记录 %lld 之前缺少记录 %lld（被删除或插入）", f.seq, expect);
		else if (!stored || !stored_prev || strcmp(stored_prev, prev) != 0)
			snprintf(out->why, sizeof(out->why), "记录 %lld 的前序哈希与上一条记录不符（被改动、插入或重排）", f.seq);
		else if ((e = chain_hash(alg, prev, &f, hash)) || strcmp(hash, stored) != 0)
			snprintf(out->why, sizeof(out->why), "记录 %lld 的内容与其哈希不符（被改动）", f.seq);
		if (out->why[0]) {
			out->broken = f.seq;
			break;
		}
		if (head_seq == f.seq) {
			head_seen = true;
			if (strcmp(stored, head_hash) != 0) {
				out->broken = f.seq;
				snprintf(out->why, sizeof(out->why), "记录 %lld 的哈希与记下的链头不同", f.seq);
				break;
			}
		}
		snprintf(prev, sizeof(prev), "%s", stored);
		out->head_seq = f.seq;
		snprintf(out->head_hash, sizeof(out->head_hash), "%s", stored);
		expect = f.seq + 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_map(st, rc);
	if (!out->broken && !head_seen) {
		out->broken = head_seq;
		snprintf(out->why, sizeof(out->why), "记下的链头 %lld 已不在日志中（日志被截短）", head_seq);
	}
	return e;
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

enum lderr store_audit_search(struct store *st, const struct audit_filter *f, long long offset, long long limit,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx, long long *total)
{
	static const char *const where = " FROM audit WHERE (?1 IS NULL OR instr(actor, ?1) > 0)"
	                                 " AND (?2 IS NULL OR action = ?2 OR action LIKE ?2 || '.%')"
	                                 " AND (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR entity_id = ?4)"
	                                 " AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at <= ?6)"
	                                 " AND (?7 IS NULL OR outcome = ?7)";
	char sql[1024];
	const char *vals[] = {f->actor, f->action, f->entity, f->entity_id, f->from, f->to, f->outcome};
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0)
			snprintf(sql, sizeof(sql), "SELECT count(*)%s", where);
		else
			snprintf(sql, sizeof(sql), "SELECT seq, at, actor, client, action, entity, entity_id, outcome, before,"
			                           " after%s ORDER BY seq DESC LIMIT %lld OFFSET %lld", where, limit, offset);
		sqlite3_stmt *s = store_stmt_text(st, sql);
		if (!s)
			return LD_DB;
		for (int i = 0; i < 7; i++)
			store_bind_text(s, i + 1, vals[i] && *vals[i] ? vals[i] : NULL);
		int rc;
		if (pass == 0) {
			rc = sqlite3_step(s);
			*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
			sqlite3_reset(s);
			continue;
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			struct audit_row a = {sqlite3_column_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2),
			                      store_col_text(s, 3), store_col_text(s, 4), store_col_text(s, 5),
			                      store_col_text(s, 6), store_col_text(s, 7), store_col_text(s, 8),
			                      store_col_text(s, 9)};
			if (fn(ctx, &a))
				break;
		}
		enum lderr e = rc == SQLITE_ROW || rc == SQLITE_DONE ? LD_OK : store_map(st, rc);
		sqlite3_reset(s);
		if (e)
			return e;
	}
	return LD_OK;
}

enum lderr store_audit_recent(struct store *st, const char *action, long long actor_id, const char *since, long long *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM audit WHERE action = ? AND actor_id = ? AND at >= ?");
	if (!s)
		return LD_DB;
	store_bind_text(s, 1, action);
	store_bind_int(s, 2, actor_id);
	store_bind_text(s, 3, since);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? LD_OK : store_map(st, rc);
}
