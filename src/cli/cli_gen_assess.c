/* gen — the assessment of the generated year: an indicator system (三级), peer groups by
 * level with every organ in one, self-assessments with their submissions and sign-offs, a
 * review panel per province and per city with its reviewers' scores, and a few bonus and
 * deduction lines and vetoes. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_gen.h"
#include "store/internal.h"

enum { TAG_QUALITY = 30, TAG_SELF, TAG_REVIEW, TAG_ADJUST };

static const struct indicator_def {
	int parent; /* index in this table, -1 for a 一级 indicator */
	const char *name, *method, *metric, *criteria;
	double max;
} tree[] = {
	{-1, "履职尽责", "branch", NULL, "", 60},
	{0, "重点任务落实", "branch", NULL, "", 35},
	{1, "任务按期完成率", "auto", "items_on_time", "到期事项按期完成的比例，95%及以上得满分", 20},
	{1, "时序节点按期率", "auto", "milestones_on_time", "到期节点按期完成的比例", 8},
	{1, "进展填报及时率", "auto", "report_timeliness", "月度进展按时填报的比例", 7},
	{0, "工作质效", "branch", NULL, "", 25},
	{5, "工作成效", "manual", NULL, "对照年度目标评价工作成效", 15},
	{5, "创新举措", "manual", NULL, "形成可复制推广的经验做法", 10},
	{-1, "督查整改", "branch", NULL, "", 15},
	{8, "整改办结率", "auto", "rectification_closure", "督查反馈问题整改办结的比例", 10},
	{8, "督办按时回复率", "auto", "notices_on_time", "督办通知按时书面回复的比例", 5},
	{-1, "党建与作风", "branch", NULL, "", 25},
	{11, "党建工作", "manual", NULL, "落实党建工作责任制情况", 10},
	{11, "作风建设", "manual", NULL, "基层减负和作风转变情况", 10},
	{11, "群众满意度", "manual", NULL, "服务对象满意度测评", 5},
	{-1, "加分项目", "bonus", NULL, "获上级表彰或经验推广，每项加1至3分", 5},
	{-1, "扣分项目", "deduction", NULL, "被通报批评或问责，每次扣1至4分", 10},
	{-1, "一票否决", "veto", NULL, "发生重大安全事故或严重违纪违法问题", 0},
};
#define NIND ((int)(sizeof(tree) / sizeof(tree[0])))
#define BONUS 15
#define DEDUCTION 16
#define VETO 17

static const char *const group_names[3] = {"省直部门", "市直部门", "县（市、区）直部门"};

static long long next_id(struct gen *g, const char *sql)
{
	struct stmt *s = store_stmt(g->st, sql);
	long long id = 0;
	if (s && stmt_step(s) == STMT_ROW)
		id = stmt_int64(s, 0);
	if (s)
		stmt_reset(s);
	return id;
}

static bool leaf(int k)
{
	return strcmp(tree[k].method, "branch") != 0;
}

static double half_points(double v)
{
	return (double)(long long)(v * 2 + 0.5) / 2;
}

struct assess_writer {
	struct gen *g;
	struct stmt *self, *submission, *review, *panel_unit, *member, *adjust, *veto;
	long long ind0, group0, rows;
	char stamp[21];
};

/* One organ's membership, self-assessment and adjustments. */
static enum lderr assess_unit(struct assess_writer *w, long long unit)
{
	struct gen *g = w->g;
	const struct gen_unit *u = &g->units[unit];
	struct gen_rng r;
	gen_rng_init(&r, g, TAG_SELF, (uint64_t)unit);
	stmt_bind_int(w->member, 1, w->group0 + u->level - 1);
	stmt_bind_int(w->member, 2, unit);
	stmt_bind_int(w->member, 3, g->cycle);
	enum lderr e = gen_exec(g, w->member);
	w->rows++;
	int roll = gen_int(&r, 0, 99);
	if (roll >= 90)
		return e; /* has not started its self-assessment */
	struct gen_rng q;
	gen_rng_init(&q, g, TAG_QUALITY, (uint64_t)unit);
	double quality = 0.75 + 0.23 * gen_unit(&q);
	for (int k = 0; k < NIND && !e; k++) {
		if (!leaf(k) || k == VETO)
			continue;
		double score = k == BONUS ? (double)gen_int(&r, 0, 2) : k == DEDUCTION ? 0
		               : half_points(tree[k].max * (quality + 0.05 + 0.05 * gen_unit(&r)));
		if (score > tree[k].max)
			score = tree[k].max;
		stmt_bind_int(w->self, 1, g->cycle);
		stmt_bind_int(w->self, 2, unit);
		stmt_bind_int(w->self, 3, w->ind0 + k);
		stmt_bind_double(w->self, 4, score);
		stmt_bind_text(w->self, 5, k == BONUS && score > 0 ? "获上级通报表扬，经验做法被推广" : "对照评分标准逐项自评，佐证材料已上传");
		stmt_bind_text(w->self, 6, w->stamp);
		e = gen_exec(g, w->self);
		w->rows++;
	}
	if (e || roll >= 80)
		return e; /* scored, not yet submitted */
	bool signed_off = roll < 65;
	stmt_bind_int(w->submission, 1, g->cycle);
	stmt_bind_int(w->submission, 2, unit);
	stmt_bind_text(w->submission, 3, signed_off ? "signed" : "submitted");
	stmt_bind_int(w->submission, 4, u->first_filler);
	stmt_bind_text(w->submission, 5, w->stamp);
	if (signed_off) {
		stmt_bind_int(w->submission, 6, u->leader);
		stmt_bind_text(w->submission, 7, w->stamp);
	} else {
		stmt_bind_null(w->submission, 6);
		stmt_bind_null(w->submission, 7);
	}
	e = gen_exec(g, w->submission);
	w->rows++;
	/* a few bonus and deduction lines, and now and then a veto */
	gen_rng_init(&r, g, TAG_ADJUST, (uint64_t)unit);
	int a = gen_int(&r, 0, 999);
	if (!e && a < 60) {
		bool bonus = a < 30;
		stmt_bind_int(w->adjust, 1, g->cycle);
		stmt_bind_int(w->adjust, 2, unit);
		stmt_bind_int(w->adjust, 3, w->ind0 + (bonus ? BONUS : DEDUCTION));
		stmt_bind_double(w->adjust, 4, (double)gen_int(&r, 1, bonus ? 3 : 4));
		stmt_bind_text(w->adjust, 5, bonus ? "工作经验被上级转发推广" : "重点任务推进不力被通报");
		stmt_bind_int(w->adjust, 6, g->office);
		stmt_bind_text(w->adjust, 7, w->stamp);
		e = gen_exec(g, w->adjust);
		w->rows++;
	} else if (!e && a == 999) {
		stmt_bind_int(w->veto, 1, g->cycle);
		stmt_bind_int(w->veto, 2, unit);
		stmt_bind_int(w->veto, 3, w->ind0 + VETO);
		stmt_bind_text(w->veto, 4, "发生较大安全生产责任事故");
		stmt_bind_int(w->veto, 5, g->office);
		stmt_bind_text(w->veto, 6, w->stamp);
		e = gen_exec(g, w->veto);
		w->rows++;
	}
	return e;
}

/* One reviewer's scores of one unit on the manual indicators. */
static enum lderr review(struct assess_writer *w, long long reviewer, long long unit)
{
	struct gen *g = w->g;
	struct gen_rng q, r;
	gen_rng_init(&q, g, TAG_QUALITY, (uint64_t)unit);
	gen_rng_init(&r, g, TAG_REVIEW, (uint64_t)reviewer * 1000003u + (uint64_t)unit);
	double quality = 0.75 + 0.23 * gen_unit(&q);
	int submitted = gen_int(&r, 0, 9) != 0;
	enum lderr e = LD_OK;
	for (int k = 0; k < NIND && !e; k++) {
		if (strcmp(tree[k].method, "manual") != 0)
			continue;
		double score = half_points(tree[k].max * (quality - 0.08 + 0.13 * gen_unit(&r)));
		score = score > tree[k].max ? tree[k].max : score < 0 ? 0 : score;
		stmt_bind_int(w->review, 1, g->cycle);
		stmt_bind_int(w->review, 2, reviewer);
		stmt_bind_int(w->review, 3, unit);
		stmt_bind_int(w->review, 4, w->ind0 + k);
		stmt_bind_double(w->review, 5, score);
		stmt_bind_int(w->review, 6, submitted);
		stmt_bind_text(w->review, 7, w->stamp);
		e = gen_exec(g, w->review);
		w->rows++;
		gen_progress_add(&g->progress, 1);
	}
	return e;
}

/* The organs of region ri (and, with below, of the regions under it), each reviewed by the
 * panel's reviewers other than those who work there. */
static enum lderr panel_units(struct assess_writer *w, long long panel, int ri, bool below, const long long *reviewers,
                              const long long *homes, int nreviewers)
{
	struct gen *g = w->g;
	const struct gen_region *rg = &g->regions[ri];
	enum lderr e = LD_OK;
	for (int s = 0; s < g->nsectors && !e; s++) {
		long long unit = rg->organ[s];
		if (!unit)
			continue;
		stmt_bind_int(w->panel_unit, 1, panel);
		stmt_bind_int(w->panel_unit, 2, unit);
		e = gen_exec(g, w->panel_unit);
		w->rows++;
		for (int k = 0; k < nreviewers && !e; k++)
			if (homes[k] != unit)
				e = review(w, reviewers[k], unit);
	}
	for (int c = 0; below && c < rg->children && !e; c++)
		e = panel_units(w, panel, g->child_regions[rg->first_child + c], false, reviewers, homes, nreviewers);
	return e;
}

enum lderr gen_assessment(struct gen *g)
{
	struct assess_writer w = {.g = g};
	gen_stamp(g->today_n, 2 * 3600, w.stamp);
	struct store *st = g->st;
	struct stmt *ind = store_stmt(st, "INSERT INTO indicators (id, cycle_id, parent_id, seq, name, max_score, method,"
	                                   " criteria, metric, full_at, zero_at, created_at, updated_at)"
	                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	struct stmt *grp = store_stmt(st, "INSERT INTO peer_groups (id, cycle_id, name, created_at) VALUES (?, ?, ?, ?)");
	struct stmt *pan = store_stmt(st, "INSERT INTO panels (id, cycle_id, name) VALUES (?, ?, ?)");
	struct stmt *pr = store_stmt(st, "INSERT INTO panel_reviewers (panel_id, user_id) VALUES (?, ?)");
	w.member = store_stmt(st, "INSERT INTO group_members (group_id, unit_id, cycle_id) VALUES (?, ?, ?)");
	w.self = store_stmt(st, "INSERT INTO self_scores (cycle_id, unit_id, indicator_id, score, explanation, updated_at)"
	                        " VALUES (?, ?, ?, ?, ?, ?)");
	w.submission = store_stmt(st, "INSERT INTO self_submissions (cycle_id, unit_id, state, submitted_by, submitted_at,"
	                              " signed_by, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	w.review = store_stmt(st, "INSERT INTO review_scores (cycle_id, reviewer_id, unit_id, indicator_id, score, comment,"
	                          " submitted, updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?)");
	w.panel_unit = store_stmt(st, "INSERT INTO panel_units (panel_id, unit_id) VALUES (?, ?)");
	w.adjust = store_stmt(st, "INSERT INTO adjustments (cycle_id, unit_id, indicator_id, points, reason, created_by,"
	                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	w.veto = store_stmt(st, "INSERT INTO vetoes (cycle_id, unit_id, indicator_id, reason, confirmed_by, confirmed_at)"
	                        " VALUES (?, ?, ?, ?, ?, ?)");
	struct stmt *settings = store_stmt(st, "UPDATE cycles SET demo_total = ?, bonus_cap = 5 WHERE id = ?");
	if (!ind || !grp || !pan || !pr || !w.member || !w.self || !w.submission || !w.review || !w.panel_unit ||
	    !w.adjust || !w.veto || !settings)
		return LD_DB;
	w.ind0 = next_id(g, "SELECT coalesce(max(id), 0) + 1 FROM indicators");
	w.group0 = next_id(g, "SELECT coalesce(max(id), 0) + 1 FROM peer_groups");
	long long panel = next_id(g, "SELECT coalesce(max(id), 0) + 1 FROM panels");
	long long organs = 0;
	for (long long id = 1; id < g->nunits; id++)
		organs += g->units[id].kind == 'o';
	enum lderr e = gen_stage_begin(g, "assessment", organs * 30);
	if (e)
		return e;
	for (int k = 0; k < NIND && !e; k++) {
		stmt_bind_int(ind, 1, w.ind0 + k);
		stmt_bind_int(ind, 2, g->cycle);
		if (tree[k].parent >= 0)
			stmt_bind_int(ind, 3, w.ind0 + tree[k].parent);
		else
			stmt_bind_null(ind, 3);
		stmt_bind_int(ind, 4, k + 1);
		stmt_bind_text(ind, 5, tree[k].name);
		stmt_bind_double(ind, 6, tree[k].max);
		stmt_bind_text(ind, 7, tree[k].method);
		stmt_bind_text(ind, 8, tree[k].criteria);
		if (tree[k].metric)
			stmt_bind_text(ind, 9, tree[k].metric);
		else
			stmt_bind_null(ind, 9);
		stmt_bind_double(ind, 10, tree[k].metric ? 0.95 : 1);
		stmt_bind_double(ind, 11, tree[k].metric ? 0.5 : 0);
		stmt_bind_text(ind, 12, w.stamp);
		e = gen_exec(g, ind);
		w.rows++;
	}
	for (int k = 0; k < 3 && !e; k++) {
		stmt_bind_int(grp, 1, w.group0 + k);
		stmt_bind_int(grp, 2, g->cycle);
		stmt_bind_text(grp, 3, group_names[k]);
		stmt_bind_text(grp, 4, w.stamp);
		e = gen_exec(g, grp);
		w.rows++;
	}
	/* every organ is assessed, in the group of its level; 2% of them may be named */
	for (long long id = 1; id < g->nunits && !e; id++)
		if (g->units[id].kind == 'o')
			e = assess_unit(&w, id);
	if (!e) {
		stmt_bind_int(settings, 1, organs / 50 > 0 ? organs / 50 : 1);
		stmt_bind_int(settings, 2, g->cycle);
		e = gen_exec(g, settings);
	}
	int committee = -1;
	for (int k = 0; k < g->nsectors; k++)
		if (strcmp(g->sectors[k], "机关工委") == 0)
			committee = k;
	/* a panel per province (its own organs) and per city (its organs and its counties') */
	for (int ri = 0; ri < g->nregions && !e; ri++) {
		const struct gen_region *rg = &g->regions[ri];
		const struct gen_unit *ru = &g->units[rg->id];
		if (rg->level > 2 || !ru->reviewers)
			continue;
		long long reviewers[8], homes[8];
		long long home = committee >= 0 && rg->organ[committee] ? rg->organ[committee] : rg->id;
		int n = 0;
		for (int k = 0; k < ru->reviewers && n < 7; k++, n++)
			reviewers[n] = ru->reviewer0 + k, homes[n] = home;
		/* the demo reviewer sits on the panel of their own province */
		if (ri == g->reviewer_region && g->reviewer)
			reviewers[n] = g->reviewer, homes[n++] = home;
		char name[128];
		snprintf(name, sizeof(name), "%s%s评审组", ru->name, rg->level == 1 ? "省直部门" : "");
		stmt_bind_int(pan, 1, panel);
		stmt_bind_int(pan, 2, g->cycle);
		stmt_bind_text(pan, 3, name);
		e = gen_exec(g, pan);
		w.rows++;
		for (int k = 0; k < n && !e; k++) {
			stmt_bind_int(pr, 1, panel);
			stmt_bind_int(pr, 2, reviewers[k]);
			e = gen_exec(g, pr);
			w.rows++;
		}
		if (!e)
			e = panel_units(&w, panel, ri, rg->level == 2, reviewers, homes, n);
		panel++;
	}
	if (e) {
		store_rollback(st);
		return e;
	}
	return gen_stage_end(g, w.rows);
}
