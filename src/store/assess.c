#include "store/assess.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

/* Steps s to the end, calling row for each row; resets s. */
#define EACH(s, rowcode)                                                       \
	do {                                                                   \
		int rc_;                                                       \
		while ((rc_ = stmt_step(s)) == STMT_ROW) {                \
			if (rowcode)                                           \
				break;                                         \
		}                                                              \
		enum lderr e_ = rc_ == STMT_ROW || rc_ == STMT_DONE ? LD_OK : store_map(st, rc_); \
		stmt_reset(s);                                              \
		return e_;                                                     \
	} while (0)

static enum lderr run(struct store *st, struct stmt *s)
{
	return s ? store_exec_stmt(st, s) : LD_DB;
}

static enum lderr changed(struct store *st, enum lderr e)
{
	return !e && store_changes(st) == 0 ? LD_NOT_FOUND : e;
}

static char *now_iso(struct store *st, char out[21])
{
	store_now_iso(st, out);
	return out;
}

/* ---- indicators ---- */

#define IND_COLS "id, cycle_id, coalesce(parent_id, 0), seq, name, method, criteria, metric, max_score, full_at, zero_at"

static void ind_row(struct stmt *s, struct indicator *i)
{
	i->id = stmt_int64(s, 0);
	i->cycle_id = stmt_int64(s, 1);
	i->parent_id = stmt_int64(s, 2);
	i->seq = stmt_int64(s, 3);
	i->name = stmt_text(s, 4);
	i->method = stmt_text(s, 5);
	i->criteria = stmt_text(s, 6);
	i->metric = stmt_text(s, 7);
	i->max_score = stmt_double(s, 8);
	i->full_at = stmt_double(s, 9);
	i->zero_at = stmt_double(s, 10);
}

enum lderr store_indicators(struct store *st, long long cycle_id, indicator_fn fn, void *ctx)
{
	/* depth first: order by the path of seqs and ids from the root */
#define IND_TREE(KEY) "WITH RECURSIVE t (id, key) AS (" \
	" SELECT id, " KEY("seq", "id") " FROM indicators WHERE cycle_id = ?1 AND parent_id IS NULL" \
	" UNION ALL SELECT i.id, t.key || '/' || " KEY("i.seq", "i.id") " FROM indicators i JOIN t ON i.parent_id = t.id)" \
	" SELECT " IND_COLS " FROM indicators JOIN t USING (id) ORDER BY t.key"
#define LITE_KEY(seq, id) "printf('%06d.%09d', " seq ", " id ")"
#define PG_KEY(seq, id) "(lpad(" seq "::text, 6, '0') || '.' || lpad(" id "::text, 9, '0'))"
	struct stmt *s = store_stmt(st, STORE_SQL(st, IND_TREE(LITE_KEY), IND_TREE(PG_KEY)));
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	EACH(s, ({ struct indicator i; ind_row(s, &i); fn(ctx, &i); }));
}

enum lderr store_indicator_get(struct store *st, struct arena *a, long long id, struct indicator *out)
{
	struct stmt *s = store_stmt(st, "SELECT " IND_COLS " FROM indicators WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		ind_row(s, out);
		out->name = arena_strdup(a, out->name);
		out->method = arena_strdup(a, out->method);
		out->criteria = arena_strdup(a, out->criteria);
		out->metric = out->metric ? arena_strdup(a, out->metric) : NULL;
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

static void bind_ind(struct stmt *s, const struct indicator *in)
{
	stmt_bind_int(s, 1, in->seq);
	stmt_bind_text(s, 2, in->name);
	stmt_bind_text(s, 3, in->method);
	stmt_bind_text(s, 4, in->criteria ? in->criteria : "");
	stmt_bind_text(s, 5, in->metric);
	stmt_bind_double(s, 6, in->max_score);
	stmt_bind_double(s, 7, in->full_at);
	stmt_bind_double(s, 8, in->zero_at);
}

enum lderr store_indicator_insert(struct store *st, const struct indicator *in, long long *id)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO indicators (seq, name, method, criteria, metric, max_score, full_at,"
	                                 " zero_at, cycle_id, parent_id, created_at, updated_at)"
	                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	bind_ind(s, in);
	stmt_bind_int(s, 9, in->cycle_id);
	if (in->parent_id)
		stmt_bind_int(s, 10, in->parent_id);
	stmt_bind_text(s, 11, now_iso(st, now));
	stmt_bind_text(s, 12, now);
	return store_insert(st, s, id);
}

enum lderr store_indicator_update(struct store *st, const struct indicator *in)
{
	char now[21];
	struct stmt *s = store_stmt(st, "UPDATE indicators SET seq = ?, name = ?, method = ?, criteria = ?, metric = ?,"
	                                 " max_score = ?, full_at = ?, zero_at = ?, updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	bind_ind(s, in);
	stmt_bind_text(s, 9, now_iso(st, now));
	stmt_bind_int(s, 10, in->id);
	return changed(st, run(st, s));
}

enum lderr store_indicator_delete(struct store *st, long long id)
{
	struct stmt *q = store_stmt(st, "SELECT (SELECT count(*) FROM indicators WHERE parent_id = ?1)"
	                                 " + (SELECT count(*) FROM review_scores WHERE indicator_id = ?1)"
	                                 " + (SELECT count(*) FROM self_scores WHERE indicator_id = ?1)"
	                                 " + (SELECT count(*) FROM adjustments WHERE indicator_id = ?1)"
	                                 " + (SELECT count(*) FROM vetoes WHERE indicator_id = ?1)");
	if (!q)
		return LD_DB;
	stmt_bind_int(q, 1, id);
	long long n = stmt_step(q) == STMT_ROW ? stmt_int64(q, 0) : 0;
	stmt_reset(q);
	if (n)
		return LD_CONFLICT;
	struct stmt *s = store_stmt(st, "DELETE FROM indicators WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return changed(st, run(st, s));
}

/* ---- settings and groups ---- */

enum lderr store_assess_settings(struct store *st, long long cycle_id, struct assess_settings *out)
{
	struct stmt *s = store_stmt(st, "SELECT demo_total, bonus_cap, publicity_workdays FROM cycles WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->demo_total = stmt_int64(s, 0);
		out->bonus_cap = stmt_double(s, 1);
		out->publicity_workdays = stmt_int64(s, 2);
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

enum lderr store_assess_settings_set(struct store *st, long long cycle_id, const struct assess_settings *a)
{
	struct stmt *s = store_stmt(st, "UPDATE cycles SET demo_total = ?, bonus_cap = ?, publicity_workdays = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, a->demo_total);
	stmt_bind_double(s, 2, a->bonus_cap);
	stmt_bind_int(s, 3, a->publicity_workdays);
	stmt_bind_int(s, 4, cycle_id);
	return changed(st, run(st, s));
}

#define GROUP_COLS "g.id, g.cycle_id, (SELECT count(*) FROM group_members m WHERE m.group_id = g.id), g.name," \
	" g.excellent_share, g.excellent_min, g.good_min, g.fair_min"

static void group_row(struct stmt *s, struct group *g)
{
	g->id = stmt_int64(s, 0);
	g->cycle_id = stmt_int64(s, 1);
	g->member_count = stmt_int64(s, 2);
	g->name = stmt_text(s, 3);
	g->excellent_share = stmt_double(s, 4);
	g->excellent_min = stmt_double(s, 5);
	g->good_min = stmt_double(s, 6);
	g->fair_min = stmt_double(s, 7);
}

enum lderr store_groups(struct store *st, long long cycle_id, int (*fn)(void *ctx, const struct group *g), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " GROUP_COLS " FROM peer_groups g WHERE g.cycle_id = ? ORDER BY g.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	EACH(s, ({ struct group g; group_row(s, &g); fn(ctx, &g); }));
}

enum lderr store_group_get(struct store *st, struct arena *a, long long id, struct group *out)
{
	struct stmt *s = store_stmt(st, "SELECT " GROUP_COLS " FROM peer_groups g WHERE g.id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		group_row(s, out);
		out->name = arena_strdup(a, out->name);
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

enum lderr store_group_insert(struct store *st, const struct group *g, long long *id)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO peer_groups (cycle_id, name, excellent_share, excellent_min, good_min,"
	                                 " fair_min, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, g->cycle_id);
	stmt_bind_text(s, 2, g->name);
	stmt_bind_double(s, 3, g->excellent_share);
	stmt_bind_double(s, 4, g->excellent_min);
	stmt_bind_double(s, 5, g->good_min);
	stmt_bind_double(s, 6, g->fair_min);
	stmt_bind_text(s, 7, now_iso(st, now));
	return store_insert(st, s, id);
}

enum lderr store_group_update(struct store *st, const struct group *g)
{
	struct stmt *s = store_stmt(st, "UPDATE peer_groups SET name = ?, excellent_share = ?, excellent_min = ?,"
	                                 " good_min = ?, fair_min = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, g->name);
	stmt_bind_double(s, 2, g->excellent_share);
	stmt_bind_double(s, 3, g->excellent_min);
	stmt_bind_double(s, 4, g->good_min);
	stmt_bind_double(s, 5, g->fair_min);
	stmt_bind_int(s, 6, g->id);
	return changed(st, run(st, s));
}

enum lderr store_group_member_add(struct store *st, long long group_id, long long cycle_id, long long unit_id)
{
	struct stmt *s = store_stmt(st, "INSERT INTO group_members (group_id, unit_id, cycle_id) VALUES (?, ?, ?)");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, group_id);
	stmt_bind_int(s, 2, unit_id);
	stmt_bind_int(s, 3, cycle_id);
	return run(st, s);
}

enum lderr store_group_member_remove(struct store *st, long long group_id, long long unit_id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM group_members WHERE group_id = ? AND unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, group_id);
	stmt_bind_int(s, 2, unit_id);
	return changed(st, run(st, s));
}

enum lderr store_group_members(struct store *st, long long group_id,
                               int (*fn)(void *ctx, long long unit, const char *name, const char *path), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT u.id, u.name, u.path FROM group_members m JOIN units u ON u.id = m.unit_id"
	                                 " WHERE m.group_id = ? ORDER BY u.path, u.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, group_id);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_text(s, 1), stmt_text(s, 2)));
}

enum lderr store_unit_group(struct store *st, long long cycle_id, long long unit_id, long long *group_id)
{
	struct stmt *s = store_stmt(st, "SELECT group_id FROM group_members WHERE cycle_id = ? AND unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	int rc = stmt_step(s);
	*group_id = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

/* ---- self-assessment ---- */

enum lderr store_self_state(struct store *st, long long cycle_id, long long unit_id, char out[16])
{
	struct stmt *s = store_stmt(st, "SELECT state FROM self_submissions WHERE cycle_id = ? AND unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	int rc = stmt_step(s);
	snprintf(out, 16, "%s", rc == STMT_ROW ? stmt_text(s, 0) : "draft");
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_self_set_state(struct store *st, long long cycle_id, long long unit_id, const char *state,
                                long long user)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO self_submissions (cycle_id, unit_id, state, submitted_by, submitted_at,"
	                                 " signed_by, signed_at) VALUES (?1, ?2, ?3,"
	                                 " CASE WHEN ?3 = 'submitted' THEN ?4 END, CASE WHEN ?3 = 'submitted' THEN ?5 END,"
	                                 " CASE WHEN ?3 = 'signed' THEN ?4 END, CASE WHEN ?3 = 'signed' THEN ?5 END)"
	                                 " ON CONFLICT (cycle_id, unit_id) DO UPDATE SET state = ?3,"
	                                 " submitted_by = CASE WHEN ?3 = 'submitted' THEN ?4 ELSE self_submissions.submitted_by END,"
	                                 " submitted_at = CASE WHEN ?3 = 'submitted' THEN ?5 ELSE self_submissions.submitted_at END,"
	                                 " signed_by = CASE WHEN ?3 = 'signed' THEN ?4 ELSE self_submissions.signed_by END,"
	                                 " signed_at = CASE WHEN ?3 = 'signed' THEN ?5 ELSE self_submissions.signed_at END");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	stmt_bind_text(s, 3, state);
	stmt_bind_int(s, 4, user);
	stmt_bind_text(s, 5, now_iso(st, now));
	return run(st, s);
}

enum lderr store_self_put(struct store *st, long long cycle_id, long long unit_id, long long indicator_id, double score,
                          const char *explanation)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO self_scores (cycle_id, unit_id, indicator_id, score, explanation,"
	                                 " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (cycle_id, unit_id, indicator_id)"
	                                 " DO UPDATE SET score = ?4, explanation = ?5, updated_at = ?6");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	stmt_bind_int(s, 3, indicator_id);
	stmt_bind_double(s, 4, score);
	stmt_bind_text(s, 5, explanation ? explanation : "");
	stmt_bind_text(s, 6, now_iso(st, now));
	return run(st, s);
}

enum lderr store_self_scores(struct store *st, long long cycle_id, long long unit_id,
                             int (*fn)(void *ctx, long long indicator, double score, const char *explanation), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT indicator_id, score, explanation FROM self_scores"
	                                 " WHERE cycle_id = ? AND unit_id = ? ORDER BY indicator_id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_double(s, 1), stmt_text(s, 2)));
}

/* ---- panels and review scores ---- */

enum lderr store_panel_insert(struct store *st, long long cycle_id, const char *name, long long *id)
{
	struct stmt *s = store_stmt(st, "INSERT INTO panels (cycle_id, name) VALUES (?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_text(s, 2, name);
	return store_insert(st, s, id);
}

enum lderr store_panel_add_reviewer(struct store *st, long long panel_id, long long user_id)
{
	struct stmt *s = store_stmt(st, "INSERT INTO panel_reviewers (panel_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, panel_id);
	stmt_bind_int(s, 2, user_id);
	return run(st, s);
}

enum lderr store_panel_add_unit(struct store *st, long long panel_id, long long unit_id)
{
	struct stmt *s = store_stmt(st, "INSERT INTO panel_units (panel_id, unit_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, panel_id);
	stmt_bind_int(s, 2, unit_id);
	return run(st, s);
}

enum lderr store_panels(struct store *st, long long cycle_id, long long user,
                        int (*fn)(void *ctx, long long id, const char *name), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT p.id, p.name FROM panels p WHERE p.cycle_id = ?1 AND (?2 = 0 OR EXISTS"
	                                 " (SELECT 1 FROM panel_reviewers r WHERE r.panel_id = p.id AND r.user_id = ?2))"
	                                 " ORDER BY p.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, user);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_text(s, 1)));
}

enum lderr store_panel_reviewers(struct store *st, long long panel_id,
                                 int (*fn)(void *ctx, long long id, const char *username, const char *name), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT u.id, u.username, u.display_name FROM panel_reviewers r"
	                                 " JOIN users u ON u.id = r.user_id WHERE r.panel_id = ? ORDER BY u.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, panel_id);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_text(s, 1), stmt_text(s, 2)));
}

enum lderr store_panel_units(struct store *st, long long panel_id,
                             int (*fn)(void *ctx, long long id, const char *name), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT u.id, u.name FROM panel_units p JOIN units u ON u.id = p.unit_id"
	                                 " WHERE p.panel_id = ? ORDER BY u.path, u.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, panel_id);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_text(s, 1)));
}

enum lderr store_reviewer_units(struct store *st, long long cycle_id, long long user,
                                int (*fn)(void *ctx, long long id, const char *name), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT DISTINCT u.id, u.name, u.path FROM panels p"
	                                 " JOIN panel_reviewers r ON r.panel_id = p.id JOIN panel_units pu ON pu.panel_id = p.id"
	                                 " JOIN units u ON u.id = pu.unit_id WHERE p.cycle_id = ? AND r.user_id = ?"
	                                 " ORDER BY u.path, u.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, user);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_text(s, 1)));
}

enum lderr store_reviewer_assesses(struct store *st, long long cycle_id, long long user, long long unit, bool *yes)
{
	struct stmt *s = store_stmt(st, "SELECT 1 FROM panels p JOIN panel_reviewers r ON r.panel_id = p.id"
	                                 " JOIN panel_units pu ON pu.panel_id = p.id WHERE p.cycle_id = ? AND r.user_id = ?"
	                                 " AND pu.unit_id = ? LIMIT 1");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, user);
	stmt_bind_int(s, 3, unit);
	int rc = stmt_step(s);
	*yes = rc == STMT_ROW;
	stmt_reset(s);
	return rc == STMT_ROW || rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

enum lderr store_review_put(struct store *st, long long cycle_id, long long reviewer, long long unit, long long indicator,
                            double score, const char *comment)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO review_scores (cycle_id, reviewer_id, unit_id, indicator_id, score,"
	                                 " comment, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	                                 " ON CONFLICT (cycle_id, reviewer_id, unit_id, indicator_id)"
	                                 " DO UPDATE SET score = ?5, comment = ?6, updated_at = ?7");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, reviewer);
	stmt_bind_int(s, 3, unit);
	stmt_bind_int(s, 4, indicator);
	stmt_bind_double(s, 5, score);
	stmt_bind_text(s, 6, comment ? comment : "");
	stmt_bind_text(s, 7, now_iso(st, now));
	return run(st, s);
}

enum lderr store_review_mine(struct store *st, long long cycle_id, long long reviewer,
                             int (*fn)(void *ctx, long long unit, long long indicator, double score, const char *comment),
                             void *ctx, bool *submitted)
{
	struct stmt *s = store_stmt(st, "SELECT unit_id, indicator_id, score, comment, submitted FROM review_scores"
	                                 " WHERE cycle_id = ? AND reviewer_id = ? ORDER BY unit_id, indicator_id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, reviewer);
	*submitted = false;
	EACH(s, ({
		     *submitted = *submitted || stmt_int(s, 4);
		     fn(ctx, stmt_int64(s, 0), stmt_int64(s, 1), stmt_double(s, 2),
		        stmt_text(s, 3));
	     }));
}

enum lderr store_review_submit(struct store *st, long long cycle_id, long long reviewer)
{
	struct stmt *s = store_stmt(st, "UPDATE review_scores SET submitted = 1 WHERE cycle_id = ? AND reviewer_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, reviewer);
	return run(st, s);
}

enum lderr store_review_cells(struct store *st, long long cycle_id, long long from, long long to,
                              int (*fn)(void *ctx, long long unit, long long indicator, const char *username,
                                        double score),
                              void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT r.unit_id, r.indicator_id, u.username, r.score FROM review_scores r"
	                                 " JOIN users u ON u.id = r.reviewer_id WHERE r.cycle_id = ?1 AND r.submitted = 1"
	                                 " AND r.unit_id >= ?2 AND r.unit_id < ?3"
	                                 " ORDER BY r.unit_id, r.indicator_id, r.reviewer_id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, from);
	stmt_bind_int(s, 3, to > 0 ? to : LLONG_MAX);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_int64(s, 1), stmt_text(s, 2), stmt_double(s, 3)));
}

/* ---- adjustments and vetoes ---- */

enum lderr store_adjustment_insert(struct store *st, long long cycle_id, long long unit, long long indicator, double points,
                                   const char *reason, long long user, long long *id)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO adjustments (cycle_id, unit_id, indicator_id, points, reason,"
	                                 " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit);
	stmt_bind_int(s, 3, indicator);
	stmt_bind_double(s, 4, points);
	stmt_bind_text(s, 5, reason);
	stmt_bind_int(s, 6, user);
	stmt_bind_text(s, 7, now_iso(st, now));
	return store_insert(st, s, id);
}

enum lderr store_adjustments(struct store *st, long long cycle_id, long long unit,
                             int (*fn)(void *ctx, const struct adjustment *a), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT a.id, a.unit_id, a.indicator_id, a.points, a.reason, i.method, a.created_at"
	                                 " FROM adjustments a JOIN indicators i ON i.id = a.indicator_id"
	                                 " WHERE a.cycle_id = ?1 AND (?2 = 0 OR a.unit_id = ?2) ORDER BY a.unit_id, a.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit);
	EACH(s, ({
		     struct adjustment a = {stmt_int64(s, 0), stmt_int64(s, 1),
		                            stmt_int64(s, 2), stmt_double(s, 3), stmt_text(s, 4),
		                            stmt_text(s, 5), stmt_text(s, 6)};
		     fn(ctx, &a);
	     }));
}

static enum lderr delete_owned(struct store *st, const char *select_sql, const char *delete_sql, long long id,
                               long long *cycle_id)
{
	struct stmt *q = store_stmt(st, select_sql);
	if (!q)
		return LD_DB;
	stmt_bind_int(q, 1, id);
	int rc = stmt_step(q);
	*cycle_id = rc == STMT_ROW ? stmt_int64(q, 0) : 0;
	stmt_reset(q);
	if (rc != STMT_ROW)
		return rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
	struct stmt *s = store_stmt(st, delete_sql);
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return changed(st, run(st, s));
}

enum lderr store_adjustment_delete(struct store *st, long long id, long long *cycle_id)
{
	return delete_owned(st, "SELECT cycle_id FROM adjustments WHERE id = ?", "DELETE FROM adjustments WHERE id = ?", id,
	                    cycle_id);
}

enum lderr store_veto_insert(struct store *st, long long cycle_id, long long unit, long long indicator, const char *reason,
                             long long user, long long *id)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO vetoes (cycle_id, unit_id, indicator_id, reason, confirmed_by,"
	                                 " confirmed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit);
	stmt_bind_int(s, 3, indicator);
	stmt_bind_text(s, 4, reason);
	stmt_bind_int(s, 5, user);
	stmt_bind_text(s, 6, now_iso(st, now));
	return store_insert(st, s, id);
}

enum lderr store_veto_delete(struct store *st, long long id, long long *cycle_id)
{
	return delete_owned(st, "SELECT cycle_id FROM vetoes WHERE id = ?", "DELETE FROM vetoes WHERE id = ?", id, cycle_id);
}

enum lderr store_vetoes(struct store *st, long long cycle_id, long long unit,
                        int (*fn)(void *ctx, long long id, long long unit, long long indicator, const char *reason),
                        void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT id, unit_id, indicator_id, reason FROM vetoes"
	                                 " WHERE cycle_id = ?1 AND (?2 = 0 OR unit_id = ?2) ORDER BY unit_id, id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit);
	EACH(s, fn(ctx, stmt_int64(s, 0), stmt_int64(s, 1), stmt_int64(s, 2), stmt_text(s, 3)));
}

/* ---- rates for auto indicators ---- */

enum { R_ITEMS_DUE, R_ITEMS_ON_TIME, R_RECT_TOTAL, R_RECT_CLOSED, R_RED, R_MS_DUE, R_MS_ON_TIME, R_REP_DUE,
       R_REP_ON_TIME, R_NOT_TOTAL, R_NOT_ON_TIME, R_N };

struct rates_entry {
	const char *path;
	long long v[R_N];
};

struct rates_table {
	struct arena a;           /* the paths */
	struct rates_entry *e;    /* by path, bytewise */
	size_t n, cap;
	long long (*sum)[R_N];    /* sum[k]: the entries before e[k] added up; n + 1 of them */
};

/* Adds one entry per row of s: its path, then count values for v[first …]. */
static enum lderr rates_pass(struct store *st, struct rates_table *t, struct stmt *s, int first, int count)
{
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		const char *path = stmt_text(s, 0);
		if (!path)
			continue;
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 4096;
			struct rates_entry *e = realloc(t->e, cap * sizeof(*e));
			if (!e) {
				stmt_reset(s);
				return LD_NOMEM;
			}
			t->e = e;
			t->cap = cap;
		}
		struct rates_entry *e = &t->e[t->n];
		memset(e, 0, sizeof(*e));
		if (!(e->path = arena_strdup(&t->a, path))) {
			stmt_reset(s);
			return LD_NOMEM;
		}
		for (int k = 0; k < count; k++)
			e->v[first + k] = stmt_int64(s, 1 + k);
		t->n++;
	}
	stmt_reset(s);
	return rc == STMT_DONE ? LD_OK : store_map(st, rc);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct rates_entry *)a)->path, ((const struct rates_entry *)b)->path);
}

/* each pass: path, then its counts for v[first …]; ?1 the cycle, ?2 (where used) its end. The
 * counts of items, milestones and reports are kept per unit as they are written (unit_rates,
 * report_rates: sql/020_unit_rates.sql); the notices, a few thousand, are counted here. */
static const struct {
	const char *sql;
	int first, count;
	bool end;
} passes[] = {
	{"SELECT unit_path, items_due, items_on_time, rect_total, rect_closed, red_items, ms_due, ms_on_time"
	 " FROM unit_rates WHERE cycle_id = ?1",
	 R_ITEMS_DUE, R_REP_DUE - R_ITEMS_DUE, false},
	{"SELECT u.path, r.rep_due, r.rep_on_time FROM report_rates r JOIN units u ON u.id = r.unit_id"
	 " WHERE r.cycle_id = ?1",
	 R_REP_DUE, 2, false},
	{"SELECT n.target_path, count(*),"
	 " coalesce(" COUNT_IF("n.responded_at IS NOT NULL AND substr(n.responded_at, 1, 10) <= n.due_date") ", 0)"
	 " FROM notices n WHERE n.cycle_id = ?1 AND n.due_date <= ?2 GROUP BY n.target_path",
	 R_NOT_TOTAL, 2, true},
};

enum lderr store_rates_load(struct store *st, long long cycle_id, const char *end, struct rates_table **out)
{
	*out = NULL;
	struct rates_table *t = calloc(1, sizeof(*t));
	if (!t)
		return LD_NOMEM;
	arena_init(&t->a, 256u << 20); /* a cap: the paths of every unit, national scale too */
	enum lderr e = LD_OK;
	for (size_t k = 0; k < sizeof(passes) / sizeof(passes[0]) && !e; k++) {
		struct stmt *s = store_stmt(st, passes[k].sql);
		if (!s) {
			e = LD_DB;
			break;
		}
		stmt_bind_int(s, 1, cycle_id);
		if (passes[k].end)
			stmt_bind_text(s, 2, end);
		e = rates_pass(st, t, s, passes[k].first, passes[k].count);
	}
	if (!e && !(t->sum = calloc(t->n + 1, sizeof(*t->sum))))
		e = LD_NOMEM;
	if (e) {
		store_rates_free(t);
		return e;
	}
	/* bytewise, as the subtree ranges of unit paths are everywhere (store/items.c) */
	if (t->n)
		qsort(t->e, t->n, sizeof(*t->e), by_path);
	for (size_t k = 0; k < t->n; k++)
		for (int j = 0; j < R_N; j++)
			t->sum[k + 1][j] = t->sum[k][j] + t->e[k].v[j];
	*out = t;
	return LD_OK;
}

/* The first entry whose path is not below key (bytewise). */
static size_t lower_bound(const struct rates_table *t, const char *key)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->e[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void store_rates_of(const struct rates_table *t, const char *path, struct unit_rates *out)
{
	memset(out, 0, sizeof(*out));
	size_t len = strlen(path);
	if (!t || !len || len >= 256)
		return;
	/* the subtree: every path from "/1/5/" up to, not including, "/1/50" */
	char hi[256];
	memcpy(hi, path, len + 1);
	hi[len - 1] = '/' + 1;
	size_t a = lower_bound(t, path), b = lower_bound(t, hi);
	long long v[R_N];
	for (int j = 0; j < R_N; j++)
		v[j] = t->sum[b][j] - t->sum[a][j];
	out->items_due = v[R_ITEMS_DUE];
	out->items_on_time = v[R_ITEMS_ON_TIME];
	out->rect_total = v[R_RECT_TOTAL];
	out->rect_closed = v[R_RECT_CLOSED];
	out->red_items = v[R_RED];
	out->milestones_due = v[R_MS_DUE];
	out->milestones_on_time = v[R_MS_ON_TIME];
	out->reports_due = v[R_REP_DUE];
	out->reports_on_time = v[R_REP_ON_TIME];
	out->notices_total = v[R_NOT_TOTAL];
	out->notices_on_time = v[R_NOT_ON_TIME];
}

void store_rates_free(struct rates_table *t)
{
	if (!t)
		return;
	arena_fini(&t->a);
	free(t->e);
	free(t->sum);
	free(t);
}

/* ---- results ---- */

enum lderr store_results_clear(struct store *st, long long cycle_id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM results WHERE cycle_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	return run(st, s);
}

#define RESULTS_PER_STATEMENT 100

enum lderr store_results_put(struct store *st, long long cycle_id, const struct result_row *rows, size_t n)
{
	for (size_t at = 0; at < n; at += RESULTS_PER_STATEMENT) {
		size_t k = n - at < RESULTS_PER_STATEMENT ? n - at : RESULTS_PER_STATEMENT;
		char sql[128 + RESULTS_PER_STATEMENT * sizeof(", (?, ?, ?, ?, ?, ?, ?, ?, ?)")];
		size_t len = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO results (cycle_id, group_id, unit_id, total, rank,"
		                                                 " grade, named, vetoed, explanation) VALUES ");
		for (size_t j = 0; j < k; j++)
			len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s(?, ?, ?, ?, ?, ?, ?, ?, ?)", j ? ", " : "");
		struct stmt *s = store_stmt_text(st, sql); /* two texts at most: full chunks and the last */
		if (!s)
			return LD_DB;
		for (size_t j = 0; j < k; j++) {
			const struct result_row *r = &rows[at + j];
			int p = (int)j * 9;
			stmt_bind_int(s, p + 1, cycle_id);
			stmt_bind_int(s, p + 2, r->group);
			stmt_bind_int(s, p + 3, r->unit);
			stmt_bind_double(s, p + 4, r->total);
			stmt_bind_int(s, p + 5, r->rank);
			stmt_bind_text(s, p + 6, r->grade);
			stmt_bind_int(s, p + 7, r->named);
			stmt_bind_int(s, p + 8, r->vetoed);
			stmt_bind_text(s, p + 9, r->explanation);
		}
		enum lderr e = run(st, s);
		if (e)
			return e;
	}
	return LD_OK;
}

enum lderr store_result_run(struct store *st, long long cycle_id, long long user, const char *digest)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO result_runs (cycle_id, computed_at, computed_by, digest) VALUES (?1, ?2, ?3, ?4)"
	                                 " ON CONFLICT (cycle_id) DO UPDATE SET computed_at = ?2, computed_by = ?3, digest = ?4");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_text(s, 2, now_iso(st, now));
	stmt_bind_int(s, 3, user);
	stmt_bind_text(s, 4, digest);
	return run(st, s);
}

#define RESULT_COLS "r.unit_id, r.group_id, u.name, g.name, r.grade, r.explanation, r.total, r.rank, r.named, r.vetoed"
#define RESULT_FROM " FROM results r JOIN units u ON u.id = r.unit_id JOIN peer_groups g ON g.id = r.group_id"

static void result_row(struct stmt *s, struct result *r)
{
	r->unit_id = stmt_int64(s, 0);
	r->group_id = stmt_int64(s, 1);
	r->unit_name = stmt_text(s, 2);
	r->group_name = stmt_text(s, 3);
	r->grade = stmt_text(s, 4);
	r->explanation = stmt_text(s, 5);
	r->total = stmt_double(s, 6);
	r->rank = stmt_int64(s, 7);
	r->named = stmt_int(s, 8) != 0;
	r->vetoed = stmt_int(s, 9) != 0;
}

enum lderr store_results(struct store *st, long long cycle_id, long long group,
                         int (*fn)(void *ctx, const struct result *r), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " RESULT_COLS RESULT_FROM " WHERE r.cycle_id = ?1 AND (?2 = 0 OR r.group_id = ?2)"
	                                 " ORDER BY r.group_id, r.rank, r.unit_id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, group);
	EACH(s, ({ struct result r; result_row(s, &r); fn(ctx, &r); }));
}

enum lderr store_result_get(struct store *st, struct arena *a, long long cycle_id, long long unit, struct result *out)
{
	struct stmt *s = store_stmt(st, "SELECT " RESULT_COLS RESULT_FROM " WHERE r.cycle_id = ? AND r.unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		result_row(s, out);
		out->unit_name = arena_strdup(a, out->unit_name);
		out->group_name = arena_strdup(a, out->group_name);
		out->grade = arena_strdup(a, out->grade);
		out->explanation = arena_strdup(a, out->explanation);
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

enum lderr store_result_digest(struct store *st, long long cycle_id, struct arena *a, const char **digest,
                               const char **computed_at)
{
	struct stmt *s = store_stmt(st, "SELECT digest, computed_at FROM result_runs WHERE cycle_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*digest = arena_strdup(a, stmt_text(s, 0));
		*computed_at = arena_strdup(a, stmt_text(s, 1));
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

/* ---- publicity and objections ---- */

enum lderr store_publicity_get(struct store *st, struct arena *a, long long cycle_id, struct publicity *out)
{
	struct stmt *s = store_stmt(st, "SELECT start_day, end_day, state FROM publicity WHERE cycle_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->start_day = arena_strdup(a, stmt_text(s, 0));
		out->end_day = arena_strdup(a, stmt_text(s, 1));
		out->state = arena_strdup(a, stmt_text(s, 2));
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

enum lderr store_publicity_set(struct store *st, long long cycle_id, const char *start, const char *end, const char *state,
                               long long user)
{
	char now[21];
	if (!start || !end) {
		/* a change of state only: the period stays as published */
		struct stmt *u = store_stmt(st, "UPDATE publicity SET state = ?1,"
		                                 " final_at = CASE WHEN ?1 = 'final' THEN ?2 ELSE final_at END WHERE cycle_id = ?3");
		if (!u)
			return LD_DB;
		stmt_bind_text(u, 1, state);
		stmt_bind_text(u, 2, now_iso(st, now));
		stmt_bind_int(u, 3, cycle_id);
		return changed(st, run(st, u));
	}
	struct stmt *s = store_stmt(st, "INSERT INTO publicity (cycle_id, start_day, end_day, state, published_by, published_at)"
	                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (cycle_id) DO UPDATE SET"
	                                 " start_day = coalesce(?2, publicity.start_day), end_day = coalesce(?3, publicity.end_day),"
	                                 " state = ?4, final_at = CASE WHEN ?4 = 'final' THEN ?6 ELSE publicity.final_at END");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_text(s, 2, start);
	stmt_bind_text(s, 3, end);
	stmt_bind_text(s, 4, state);
	stmt_bind_int(s, 5, user);
	stmt_bind_text(s, 6, now_iso(st, now));
	return run(st, s);
}

enum lderr store_publicity_delete(struct store *st, long long cycle_id)
{
	struct stmt *s = store_stmt(st, "DELETE FROM publicity WHERE cycle_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	return run(st, s);
}

enum lderr store_objection_insert(struct store *st, long long cycle_id, long long unit, const char *name, const char *contact,
                                  const char *text, const char *client, long long *id)
{
	char now[21];
	struct stmt *s = store_stmt(st, "INSERT INTO objections (cycle_id, unit_id, name, contact, text, client, created_at)"
	                                 " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	if (unit)
		stmt_bind_int(s, 2, unit);
	stmt_bind_text(s, 3, name);
	stmt_bind_text(s, 4, contact);
	stmt_bind_text(s, 5, text);
	stmt_bind_text(s, 6, client);
	stmt_bind_text(s, 7, now_iso(st, now));
	return store_insert(st, s, id);
}

enum lderr store_objections(struct store *st, long long cycle_id, int (*fn)(void *ctx, const struct objection *o), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT id, coalesce(unit_id, 0), name, contact, text, client, created_at, answer,"
	                                 " answered_at FROM objections WHERE cycle_id = ? ORDER BY id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	EACH(s, ({
		     struct objection o = {stmt_int64(s, 0), stmt_int64(s, 1), stmt_text(s, 2),
		                           stmt_text(s, 3), stmt_text(s, 4), stmt_text(s, 5),
		                           stmt_text(s, 6), stmt_text(s, 7), stmt_text(s, 8)};
		     fn(ctx, &o);
	     }));
}

enum lderr store_objection_answer(struct store *st, long long id, const char *answer, long long user, long long *cycle_id)
{
	char now[21];
	struct stmt *q = store_stmt(st, "SELECT cycle_id FROM objections WHERE id = ?");
	if (!q)
		return LD_DB;
	stmt_bind_int(q, 1, id);
	int rc = stmt_step(q);
	*cycle_id = rc == STMT_ROW ? stmt_int64(q, 0) : 0;
	stmt_reset(q);
	if (rc != STMT_ROW)
		return LD_NOT_FOUND;
	struct stmt *s = store_stmt(st, "UPDATE objections SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, answer);
	stmt_bind_int(s, 2, user);
	stmt_bind_text(s, 3, now_iso(st, now));
	stmt_bind_int(s, 4, id);
	return changed(st, run(st, s));
}

enum lderr store_objections_open(struct store *st, long long cycle_id, long long *open)
{
	struct stmt *s = store_stmt(st, "SELECT count(*) FROM objections WHERE cycle_id = ? AND answer IS NULL");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	int rc = stmt_step(s);
	*open = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : store_map(st, rc);
}

enum lderr store_objections_recent(struct store *st, const char *client, const char *since_iso, long long *n)
{
	struct stmt *s = store_stmt(st, "SELECT count(*) FROM objections WHERE client = ? AND created_at >= ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, client);
	stmt_bind_text(s, 2, since_iso);
	int rc = stmt_step(s);
	*n = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : store_map(st, rc);
}
