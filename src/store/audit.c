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
	struct stmt *s = store_stmt(st, "SELECT algorithm FROM audit_config WHERE id = 1");
	if (!s)
		return LD_DB;
	int rc = stmt_step(s);
	if (rc == STMT_ROW)
		snprintf(st->audit_alg, sizeof(st->audit_alg), "%s", stmt_text(s, 0));
	stmt_reset(s);
	if (rc != STMT_ROW && rc != STMT_DONE)
		return store_map(st, rc);
	if (rc == STMT_DONE) {
		const char *alg = prefer ? prefer : digest_available("sm3") ? "sm3" : "sha256";
		if (!digest_available(alg))
			return LD_INTERNAL;
		struct stmt *ins = store_stmt(st, "INSERT INTO audit_config (id, algorithm) VALUES (1, ?)");
		if (!ins)
			return LD_DB;
		stmt_bind_text(ins, 1, alg);
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
	struct stmt *s = store_stmt(st, "SELECT seq, coalesce(hash, '') FROM audit ORDER BY seq DESC LIMIT 1");
	if (!s)
		return LD_DB;
	int rc = stmt_step(s);
	*seq = 0;
	hash[0] = '\0';
	if (rc == STMT_ROW) {
		*seq = stmt_int64(s, 0);
		snprintf(hash, DIGEST_HEX, "%s", stmt_text(s, 1));
	}
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_audit(struct store *st, const struct audit_actor *who, const struct audit_entry *e)
{
	bool own_tx = !st->in_tx && (st->reading || store_autocommit(st) != 0);
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
	struct stmt *s = store_stmt(st, "INSERT INTO audit (seq, at, actor_id, actor, client, action, entity, entity_id,"
	                                 " outcome, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s) {
		err = LD_DB;
		goto out;
	}
	stmt_bind_int(s, 1, f.seq);
	stmt_bind_text(s, 2, now);
	if (who->id)
		stmt_bind_int(s, 3, who->id);
	stmt_bind_text(s, 4, f.actor);
	stmt_bind_text(s, 5, f.client);
	stmt_bind_text(s, 6, f.action);
	stmt_bind_text(s, 7, f.entity);
	stmt_bind_text(s, 8, f.entity_id);
	stmt_bind_text(s, 9, f.outcome);
	stmt_bind_text(s, 10, f.before);
	stmt_bind_text(s, 11, f.after);
	stmt_bind_text(s, 12, prev);
	stmt_bind_text(s, 13, hash);
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

static void fields_of(struct stmt *s, struct audit_fields *f)
{
	f->seq = stmt_int64(s, 0);
	f->at = stmt_text(s, 1);
	f->actor_id = stmt_int64(s, 2);
	f->actor = stmt_text(s, 3);
	f->client = stmt_text(s, 4);
	f->action = stmt_text(s, 5);
	f->entity = stmt_text(s, 6);
	f->entity_id = stmt_text(s, 7);
	f->outcome = stmt_text(s, 8);
	f->before = stmt_text(s, 9);
	f->after = stmt_text(s, 10);
}

enum lderr store_audit_backfill(struct store *st)
{
	char alg[8], prev[DIGEST_HEX] = "";
	struct stmt *q = store_stmt(st, "SELECT count(*) FROM audit WHERE hash IS NULL");
	if (!q)
		return LD_DB;
	long long missing = stmt_step(q) == STMT_ROW ? stmt_int64(q, 0) : 0;
	stmt_reset(q);
	if (missing == 0)
		return LD_OK; /* nothing to do, and the algorithm is not chosen before it is needed */
	enum lderr e = store_audit_algorithm(st, NULL, alg);
	if (e)
		return e;
	struct stmt *s = store_stmt(st, "SELECT " ROW_COLS " FROM audit ORDER BY seq");
	struct stmt *u = store_stmt(st, "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ? AND hash IS NULL");
	if (!s || !u)
		return LD_DB;
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct audit_fields f;
		fields_of(s, &f);
		const char *stored = stmt_text(s, 12);
		char hash[DIGEST_HEX];
		if (stored) {
			snprintf(prev, sizeof(prev), "%s", stored);
			continue;
		}
		if ((e = chain_hash(alg, prev, &f, hash)))
			break;
		stmt_reset(u);
		stmt_bind_text(u, 1, prev);
		stmt_bind_text(u, 2, hash);
		stmt_bind_int(u, 3, f.seq);
		if ((e = store_exec_stmt(st, u)))
			break;
		snprintf(prev, sizeof(prev), "%s", hash);
	}
	stmt_reset(s);
	return e ? e : rc == STMT_DONE || rc == STMT_ROW ? LD_OK : store_map(st, rc);
}

enum lderr store_audit_verify(struct store *st, long long head_seq, const char *head_hash, struct audit_check *out)
{
	memset(out, 0, sizeof(*out));
	char alg[8], prev[DIGEST_HEX] = "";
	enum lderr e = store_audit_algorithm(st, NULL, alg);
	if (e)
		return e;
	struct stmt *s = store_stmt(st, "SELECT " ROW_COLS " FROM audit ORDER BY seq");
	if (!s)
		return LD_DB;
	long long expect = 1;
	bool head_seen = head_seq <= 0;
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct audit_fields f;
		fields_of(s, &f);
		const char *stored_prev = stmt_text(s, 11), *stored = stmt_text(s, 12);
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
	stmt_reset(s);
	if (rc != STMT_ROW && rc != STMT_DONE)
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
	struct stmt *s = store_stmt(st, "SELECT seq, at, actor, client, action, entity, entity_id, outcome, before, after"
	                                 " FROM audit WHERE outcome = 'ok' AND ((entity = 'item' AND entity_id = ?1)"
	                                 " OR (entity = 'report' AND entity_id IN"
	                                 "   (SELECT CAST(id AS TEXT) FROM reports WHERE item_id = ?2))) ORDER BY seq");
	if (!s)
		return LD_DB;
	char id[24];
	snprintf(id, sizeof(id), "%lld", item_id);
	stmt_bind_text(s, 1, id);
	stmt_bind_int(s, 2, item_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct audit_row a = {stmt_int64(s, 0), stmt_text(s, 1), stmt_text(s, 2),
		                      stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5),
		                      stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8),
		                      stmt_text(s, 9)};
		if (fn(ctx, &a))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_audit_entity(struct store *st, const char *entity, long long id,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT seq, at, actor, client, action, entity, entity_id, outcome, before, after"
	                                 " FROM audit WHERE entity = ? AND entity_id = ? AND outcome = 'ok' ORDER BY seq");
	if (!s)
		return LD_DB;
	char key[24];
	snprintf(key, sizeof(key), "%lld", id);
	stmt_bind_text(s, 1, entity);
	stmt_bind_text(s, 2, key);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct audit_row a = {stmt_int64(s, 0), stmt_text(s, 1), stmt_text(s, 2),
		                      stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5),
		                      stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8),
		                      stmt_text(s, 9)};
		if (fn(ctx, &a))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_audit_search(struct store *st, const struct audit_filter *f, long long offset, long long limit,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx, long long *total)
{
#define AUDIT_WHERE(HAS) " FROM audit WHERE (?1 IS NULL OR " HAS("actor", "?1") ")" \
	" AND (?2 IS NULL OR action = ?2 OR action LIKE ?2 || '.%')" \
	" AND (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR entity_id = ?4)" \
	" AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at <= ?6)" \
	" AND (?7 IS NULL OR outcome = ?7)"
	const char *const where = STORE_SQL(st, AUDIT_WHERE(LITE_HAS), AUDIT_WHERE(PG_HAS));
	char sql[1024];
	const char *vals[] = {f->actor, f->action, f->entity, f->entity_id, f->from, f->to, f->outcome};
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0)
			snprintf(sql, sizeof(sql), "SELECT count(*)%s", where);
		else
			snprintf(sql, sizeof(sql), "SELECT seq, at, actor, client, action, entity, entity_id, outcome, before,"
			                           " after%s ORDER BY seq DESC LIMIT %lld OFFSET %lld", where, limit, offset);
		struct stmt *s = store_stmt_text(st, sql);
		if (!s)
			return LD_DB;
		for (int i = 0; i < 7; i++)
			stmt_bind_text(s, i + 1, vals[i] && *vals[i] ? vals[i] : NULL);
		int rc;
		if (pass == 0) {
			rc = stmt_step(s);
			*total = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
			stmt_reset(s);
			continue;
		}
		while ((rc = stmt_step(s)) == STMT_ROW) {
			struct audit_row a = {stmt_int64(s, 0), stmt_text(s, 1), stmt_text(s, 2),
			                      stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5),
			                      stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8),
			                      stmt_text(s, 9)};
			if (fn(ctx, &a))
				break;
		}
		enum lderr e = rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
		stmt_reset(s);
		if (e)
			return e;
	}
	return LD_OK;
}

enum lderr store_audit_recent(struct store *st, const char *action, long long actor_id, const char *since, long long *n)
{
	struct stmt *s = store_stmt(st, "SELECT count(*) FROM audit WHERE action = ? AND actor_id = ? AND at >= ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, action);
	stmt_bind_int(s, 2, actor_id);
	stmt_bind_text(s, 3, since);
	int rc = stmt_step(s);
	*n = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : store_map(st, rc);
}
