/* Results (考核结果): computing totals, ranks, grades and demonstration collectives with the
 * rules of core/assess.h; the explanation of every total (得分说明); the results sheet; the
 * public notice (公示) with its objections (异议); final results and reopening.
 *
 * Computing is deterministic: the same data gives the same rows and the same digest (SHA-256
 * of every row, explanation included), which is stored so two runs can be compared. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/assess.h"
#include "api/handlers.h"
#include "core/assess.h"
#include "core/calendar.h"
#include "core/date.h"
#include "io/sheets.h"
#include "store/lights.h"
#include "store/store.h"
#include "store/units.h"
#include "util/digest.h"

#define MAX_INDICATORS 512
/* Room for a province's explanations (6,000 units, a few KB each) kept until the rows are
 * written: more than a request's arena allows. */
#define COMPUTE_ARENA_MAX (1u << 30)
#define MAX_GROUPS 128
#define OBJECTIONS_PER_WINDOW 5
#define OBJECTION_WINDOW_SECONDS 600

static const char *const metric_zh[][2] = {
	{"items_on_time", "事项按时完成率"}, {"milestones_on_time", "节点按时完成率"},
	{"report_timeliness", "进展填报及时率"}, {"rectification_closure", "整改办结率"},
	{"notices_on_time", "督办按时回复率"},
};

/* numerator and denominator of a metric */
static void metric_counts(const struct unit_rates *r, const char *metric, long long *num, long long *den)
{
	*num = *den = 0;
	if (!metric)
		return;
	if (strcmp(metric, "items_on_time") == 0)
		*num = r->items_on_time, *den = r->items_due;
	else if (strcmp(metric, "milestones_on_time") == 0)
		*num = r->milestones_on_time, *den = r->milestones_due;
	else if (strcmp(metric, "report_timeliness") == 0)
		*num = r->reports_on_time, *den = r->reports_due;
	else if (strcmp(metric, "rectification_closure") == 0)
		*num = r->rect_closed, *den = r->rect_total;
	else if (strcmp(metric, "notices_on_time") == 0)
		*num = r->notices_on_time, *den = r->notices_total;
}

/* Everything computed for one unit. */
struct unit_calc {
	long long unit_id, group_id;
	const char *name, *path;
	struct assess_node_score *node;
	struct assess_total total;
	struct unit_rates rates;
	double *keys;
	char *explanation;
	struct assess_unit au;
};

struct calc {
	struct req *r;
	long long cycle;
	struct indicator *ind;
	int n;
	struct assess_indicator *ai;
	struct assess_tree tree;
	char cycle_end[11];
	struct rates_table *rates; /* every subtree's rates, for the automatic indicators */
	struct preload *pre;       /* every unit's scores, lines and vetoes */
	int first_level[MAX_INDICATORS];
	int nfirst;
	struct unit_calc *units;
	int nunits, cap_units;
	bool units_failed; /* the arena ran out while adding members */
	struct assess_group groups[MAX_GROUPS];
	struct group ginfo[MAX_GROUPS];
	int ngroups;
};

struct cell {
	double score[256];
	const char *who[256];
	int n;
};

struct lines {
	struct adjustment *a;
	int n;
};

struct vetoes {
	long long ind[64];
	const char *reason[64];
	int n;
};

/* What the units' scores read besides their rates, loaded once for all of them and found by
 * unit (binary search): read per unit it was seven statements each, 42,000 at province scale. */
struct score_row {
	long long unit, indicator;
	const char *text; /* the reviewer's username, the veto's reason */
	double score;
};

struct preload {
	struct arena a; /* the strings */
	struct score_row *cells, *vetoes;
	size_t ncells, nvetoes, capcells, capvetoes;
	struct adjustment *adj;
	size_t nadj, capadj;
	bool failed;
};

static struct score_row *add_row(struct preload *p, struct score_row **rows, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		struct score_row *m = realloc(*rows, c * sizeof(*m));
		if (!m)
			return p->failed = true, NULL;
		*rows = m;
		*cap = c;
	}
	return &(*rows)[(*n)++];
}

static int pre_cell(void *ctx, long long unit, long long indicator, const char *username, double score)
{
	struct preload *p = ctx;
	struct score_row *row = add_row(p, &p->cells, &p->ncells, &p->capcells);
	if (!row)
		return 1;
	*row = (struct score_row){unit, indicator, arena_strdup(&p->a, username), score};
	return 0;
}

static int pre_veto(void *ctx, long long id, long long unit, long long indicator, const char *reason)
{
	struct preload *p = ctx;
	(void)id;
	struct score_row *row = add_row(p, &p->vetoes, &p->nvetoes, &p->capvetoes);
	if (!row)
		return 1;
	*row = (struct score_row){unit, indicator, arena_strdup(&p->a, reason), 0};
	return 0;
}

static int pre_line(void *ctx, const struct adjustment *a)
{
	struct preload *p = ctx;
	if (p->nadj == p->capadj) {
		size_t c = p->capadj ? p->capadj * 2 : 256;
		struct adjustment *m = realloc(p->adj, c * sizeof(*m));
		if (!m)
			return p->failed = true, 1;
		p->adj = m;
		p->capadj = c;
	}
	struct adjustment *l = &p->adj[p->nadj++];
	*l = *a;
	l->reason = arena_strdup(&p->a, a->reason);
	l->kind = arena_strdup(&p->a, a->kind);
	l->created_at = NULL;
	return 0;
}

static void preload_free(struct preload *p)
{
	if (!p)
		return;
	arena_fini(&p->a);
	free(p->cells);
	free(p->vetoes);
	free(p->adj);
	free(p);
}

/* The reviewers' cells of the units from ≤ id < to, on a connection of its own. */
struct cells_side {
	const char *file;
	long long cycle, from, to;
	struct preload p;
	enum lderr e;
};

static void *cells_side_main(void *arg)
{
	struct cells_side *cs = arg;
	struct store *st;
	struct store_options ro = {.readonly = true};
	cs->e = store_open(cs->file, &ro, &st);
	if (!cs->e) {
		cs->e = store_review_cells(st, cs->cycle, cs->from, cs->to, pre_cell, &cs->p);
		store_close(st);
	}
	if (!cs->e && cs->p.failed)
		cs->e = LD_NOMEM;
	return NULL;
}

/* Loads what scoring reads besides the counts. On a database file the reviewers' cells of the
 * units from split on (150,000 cells at province scale, a quarter of the computation) are read
 * by a second connection on the other core. Each connection reads a snapshot of its own, as
 * any two statements do: a unit's cells come whole from one of them. */
static enum lderr preload_load(struct store *st, long long cycle, long long split, struct preload **out)
{
	struct preload *p = calloc(1, sizeof(*p));
	if (!(*out = p))
		return LD_NOMEM;
	arena_init(&p->a, 512u << 20);
	struct cells_side cs = {.file = store_file(st), .cycle = cycle, .from = split};
	arena_init(&cs.p.a, 512u << 20);
	pthread_t th;
	bool side = cs.file && split > 0 && pthread_create(&th, NULL, cells_side_main, &cs) == 0;
	enum lderr e = store_review_cells(st, cycle, 0, side ? split : 0, pre_cell, p);
	if (side) {
		pthread_join(th, NULL);
		if (cs.e == LD_OK && !e && !p->failed) { /* the cells of the units after split, after */
			struct score_row *m = cs.p.ncells ? realloc(p->cells, (p->ncells + cs.p.ncells) * sizeof(*m)) : p->cells;
			if (m) {
				memcpy(m + p->ncells, cs.p.cells, cs.p.ncells * sizeof(*m));
				p->cells = m;
				p->ncells += cs.p.ncells;
				p->capcells = p->ncells;
				arena_adopt(&p->a, &cs.p.a);
			} else {
				p->failed = true;
			}
		} else if (!e && cs.e != LD_OK) {
			e = store_review_cells(st, cycle, split, 0, pre_cell, p); /* could not: this one reads them */
		}
		free(cs.p.cells);
	}
	arena_fini(&cs.p.a);
	if (!e)
		e = store_vetoes(st, cycle, 0, pre_veto, p);
	if (!e)
		e = store_adjustments(st, cycle, 0, pre_line, p);
	return e ? e : p->failed ? LD_NOMEM : LD_OK;
}

/* The rows of unit (and indicator, unless 0) in rows ordered by unit then indicator:
 * [*from, return value). */
static size_t rows_of(const struct score_row *rows, size_t n, long long unit, long long indicator, size_t *from)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rows[mid].unit < unit || (indicator && rows[mid].unit == unit && rows[mid].indicator < indicator))
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && rows[end].unit == unit && (!indicator || rows[end].indicator == indicator))
		end++;
	*from = lo;
	return end;
}

static void node_json(struct calc *c, struct unit_calc *u, struct jw *w, int k, struct cell *cells, struct lines *lines,
                      struct vetoes *vetoes)
{
	const struct indicator *in = &c->ind[k];
	const struct assess_node_score *ns = &u->node[k];
	jw_obj(w);
	jw_kint(w, "indicator_id", in->id);
	jw_kstr(w, "name", in->name);
	jw_kstr(w, "method", in->method);
	jw_key(w, "max_score");
	jw_double(w, in->max_score);
	jw_key(w, "score");
	jw_double(w, ns->score);
	jw_key(w, "raw");
	jw_double(w, ns->raw);
	jw_key(w, "capped_by");
	ns->limit == ASSESS_LIMIT_CAP ? jw_double(w, -ns->limit_delta) : jw_null(w);
	jw_key(w, "floored_by");
	ns->limit == ASSESS_LIMIT_FLOOR ? jw_double(w, ns->limit_delta) : jw_null(w);
	if (ns->bonus_cut < 0) {
		jw_key(w, "bonus_cap_cut");
		jw_double(w, -ns->bonus_cut);
	}
	jw_key(w, "source");
	if (c->ai[k].method == ASSESS_MANUAL) {
		jw_obj(w);
		jw_key(w, "reviews");
		jw_arr(w);
		for (int i = 0; i < cells[k].n; i++) {
			jw_obj(w);
			jw_kstr(w, "reviewer", cells[k].who[i]);
			jw_key(w, "score");
			jw_double(w, cells[k].score[i]);
			jw_kbool(w, "dropped", i == ns->trim.dropped_high || i == ns->trim.dropped_low);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_key(w, "mean");
		jw_double(w, ns->trim.mean);
		jw_kint(w, "used", ns->trim.used);
		jw_obj_end(w);
	} else if (c->ai[k].method == ASSESS_AUTO) {
		long long num, den;
		metric_counts(&u->rates, in->metric, &num, &den);
		const char *zh = in->metric;
		for (size_t m = 0; m < sizeof(metric_zh) / sizeof(metric_zh[0]); m++)
			if (in->metric && strcmp(metric_zh[m][0], in->metric) == 0)
				zh = metric_zh[m][1];
		jw_obj(w);
		jw_kstr(w, "metric", in->metric);
		jw_kstr(w, "metric_name", zh);
		jw_kint(w, "numerator", num);
		jw_kint(w, "denominator", den);
		jw_key(w, "rate");
		jw_double(w, den ? (double)num / (double)den : 1.0);
		jw_key(w, "full_at");
		jw_double(w, in->full_at);
		jw_key(w, "zero_at");
		jw_double(w, in->zero_at);
		jw_kstr(w, "formula", den ? "率 ≥ full_at 得满分，≤ zero_at 得 0 分，其间按比例"
		                          : "无应计事项，按完成率 100% 计");
		jw_obj_end(w);
	} else if (c->ai[k].method == ASSESS_BONUS || c->ai[k].method == ASSESS_DEDUCTION) {
		jw_obj(w);
		jw_key(w, "lines");
		jw_arr(w);
		for (int i = 0; i < lines->n; i++) {
			if (lines->a[i].indicator_id != in->id)
				continue;
			jw_obj(w);
			jw_key(w, "points");
			jw_double(w, lines->a[i].points);
			jw_kstr(w, "reason", lines->a[i].reason);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	} else if (c->ai[k].method == ASSESS_VETO) {
		jw_obj(w);
		jw_kbool(w, "vetoed", ns->vetoed);
		for (int i = 0; i < vetoes->n; i++)
			if (vetoes->ind[i] == in->id)
				jw_kstr(w, "reason", vetoes->reason[i]);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_key(w, "children");
	jw_arr(w);
	for (int ch = 0; ch < c->n; ch++)
		if (c->ai[ch].parent == k)
			node_json(c, u, w, ch, cells, lines, vetoes);
	jw_arr_end(w);
	jw_obj_end(w);
}

/* Scores one unit and writes its explanation; what it keeps goes in keep. On LD_VALIDATION,
 * *bad is the indicator whose settings stop it. */
static enum lderr score_unit_in(struct calc *c, struct unit_calc *u, struct arena *keep, struct arena *scratch,
                                int *bad);

static enum lderr score_unit(struct calc *c, struct unit_calc *u, struct arena *keep, int *bad)
{
	store_rates_of(c->rates, u->path, &u->rates);
	/* what only this unit's explanation needs lives in a scratch arena, freed at the end: the
	 * reviewers' cells alone are 4 KB per indicator, too much to keep for 6,000 units */
	struct arena scratch;
	arena_init(&scratch, 256u << 20);
	enum lderr e = score_unit_in(c, u, keep, &scratch, bad);
	arena_fini(&scratch);
	return e;
}

/* The digest of a computation's rows: SHA-256 over one line per row,
 * "group|unit|total|rank|grade|named|vetoed|explanation\n" (total with two decimals). */
struct rows_digest {
	const struct result_row *rows;
	int n;
	bool ok;
	char hex[DIGEST_HEX];
};

static void *rows_digest_main(void *arg)
{
	struct rows_digest *d = arg;
	/* OpenSSL's SHA-256 uses the processor's SHA instructions: 28 MB of explanations at
	 * province scale in a third of libsodium's time */
	struct digest *sha = digest_begin("sha256");
	if (!sha)
		return NULL;
	bool ok = true;
	for (int i = 0; i < d->n && ok; i++) {
		const struct result_row *w = &d->rows[i];
		char head[160]; /* hashed apart from the explanation, which is not copied */
		int len = snprintf(head, sizeof(head), "%lld|%lld|%.2f|%d|%s|%d|%d|", w->group, w->unit, w->total, w->rank,
		                   w->grade, w->named, w->vetoed);
		ok = len >= 0 && (size_t)len < sizeof(head);
		if (ok) {
			digest_update(sha, head, (size_t)len);
			digest_update(sha, w->explanation, strlen(w->explanation));
			digest_update(sha, "\n", 1);
		}
	}
	d->ok = digest_end(sha, d->hex) && ok;
	return NULL;
}

/* Units [from, to) of a computation, on a thread of their own: they read what the computation
 * loaded, write their own unit_calc, and keep what they make in their own arena. */
struct score_range {
	struct calc *c;
	int from, to;
	struct arena keep;
	enum lderr e;
	int bad;
};

static void *score_range_main(void *arg)
{
	struct score_range *sr = arg;
	for (int i = sr->from; i < sr->to && !sr->e; i++)
		sr->e = score_unit(sr->c, &sr->c->units[i], &sr->keep, &sr->bad);
	return NULL;
}

/* Scores every unit: the second half on another core while this thread does the first (the
 * explanations, 5 KB of JSON per unit, were a third of the computation). */
static enum lderr score_units(struct calc *c)
{
	struct req *r = c->r;
	struct score_range half = {c, c->nunits / 2, c->nunits, .bad = -1};
	arena_init(&half.keep, COMPUTE_ARENA_MAX);
	pthread_t th;
	bool side = half.from < half.to && pthread_create(&th, NULL, score_range_main, &half) == 0;
	int bad = -1;
	enum lderr e = LD_OK;
	for (int i = 0; i < (side ? half.from : c->nunits) && !e; i++)
		e = score_unit(c, &c->units[i], r->arena, &bad);
	if (side) {
		pthread_join(th, NULL);
		if (!e && half.e)
			e = half.e, bad = half.bad;
	}
	arena_adopt(r->arena, &half.keep);
	if (e == LD_VALIDATION)
		return req_fail(r, LD_VALIDATION, arena_printf(r->arena, "指标「%s」设置有误，无法计算",
		                                               bad >= 0 ? c->ind[bad].name : "?"));
	return e;
}

static enum lderr score_unit_in(struct calc *c, struct unit_calc *u, struct arena *keep, struct arena *scratch,
                                int *bad)
{
	enum lderr e;
	struct cell *cells = arena_alloc(scratch, sizeof(struct cell) * (size_t)c->n); /* 4 KB each: only n zeroed */
	struct assess_leaf *leaf = arena_zalloc(scratch, sizeof(struct assess_leaf) * (size_t)c->n);
	struct lines lines = {NULL, 0};
	struct vetoes vetoes = {.n = 0};
	u->node = arena_zalloc(keep, sizeof(struct assess_node_score) * (size_t)c->n);
	if (!cells || !leaf || !u->node)
		return LD_NOMEM;
	for (int k = 0; k < c->n; k++)
		cells[k].n = 0;
	const struct preload *pre = c->pre;
	/* the unit's lines: adjustments come by unit, then id */
	size_t lo = 0, hi = pre->nadj;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pre->adj[mid].unit_id < u->unit_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	lines.a = pre->adj + lo;
	while (lo + (size_t)lines.n < pre->nadj && lines.a[lines.n].unit_id == u->unit_id)
		lines.n++;
	size_t v0, v1 = rows_of(pre->vetoes, pre->nvetoes, u->unit_id, 0, &v0);
	for (size_t i = v0; i < v1 && vetoes.n < 64; i++, vetoes.n++) {
		vetoes.ind[vetoes.n] = pre->vetoes[i].indicator;
		vetoes.reason[vetoes.n] = pre->vetoes[i].text;
	}
	for (int k = 0; k < c->n; k++) {
		switch (c->ai[k].method) {
		case ASSESS_MANUAL: {
			size_t c0, c1 = rows_of(pre->cells, pre->ncells, u->unit_id, c->ind[k].id, &c0);
			for (size_t i = c0; i < c1 && cells[k].n < 256; i++, cells[k].n++) {
				cells[k].score[cells[k].n] = pre->cells[i].score;
				cells[k].who[cells[k].n] = pre->cells[i].text;
			}
			leaf[k].scores = cells[k].score;
			leaf[k].n_scores = cells[k].n;
			break;
		}
		case ASSESS_AUTO: {
			long long num, den;
			metric_counts(&u->rates, c->ind[k].metric, &num, &den);
			leaf[k].rate = den ? (double)num / (double)den : 1.0;
			break;
		}
		case ASSESS_BONUS:
		case ASSESS_DEDUCTION: {
			double *pts = arena_alloc(scratch, sizeof(double) * (size_t)(lines.n + 1));
			int np = 0;
			for (int i = 0; pts && i < lines.n; i++)
				if (lines.a[i].indicator_id == c->ind[k].id)
					pts[np++] = lines.a[i].points;
			leaf[k].points = pts;
			leaf[k].n_points = np;
			break;
		}
		case ASSESS_VETO:
			for (int i = 0; i < vetoes.n; i++)
				leaf[k].veto = leaf[k].veto || vetoes.ind[i] == c->ind[k].id;
			break;
		default:
			break;
		}
	}
	if ((e = assess_score(&c->tree, leaf, u->node, &u->total, bad)))
		return LD_VALIDATION;
	u->keys = arena_alloc(keep, sizeof(double) * (size_t)(c->nfirst + 1));
	if (!u->keys)
		return LD_NOMEM;
	for (int i = 0; i < c->nfirst; i++)
		u->keys[i] = u->node[c->first_level[i]].score;
	u->au = (struct assess_unit){.id = u->unit_id, .total = u->total.total, .keys = u->keys,
	                             .vetoed = u->total.vetoed, .red_open = u->rates.red_items > 0};
	struct buf b;
	buf_init(&b, 4u << 20);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "sum");
	jw_double(&w, u->total.sum);
	jw_key(&w, "floor_added");
	jw_double(&w, u->total.floor);
	jw_key(&w, "total");
	jw_double(&w, u->total.total);
	jw_kbool(&w, "vetoed", u->total.vetoed);
	jw_kint(&w, "unresolved_red_items", u->rates.red_items);
	double cut = 0;
	for (int k = 0; k < c->n; k++)
		cut -= u->node[k].bonus_cut;
	jw_key(&w, "bonus_cap_applied");
	cut > 0 ? jw_double(&w, assess_round2(cut)) : jw_null(&w);
	jw_key(&w, "tree");
	jw_arr(&w);
	for (int k = 0; k < c->n; k++)
		if (c->ai[k].parent < 0)
			node_json(c, u, &w, k, cells, &lines, &vetoes);
	jw_arr_end(&w);
	jw_key(&w, "lines");
	jw_arr(&w);
	for (int i = 0; i < lines.n; i++) {
		jw_obj(&w);
		jw_kstr(&w, "kind", lines.a[i].kind);
		jw_kint(&w, "indicator_id", lines.a[i].indicator_id);
		jw_key(&w, "points");
		jw_double(&w, lines.a[i].points);
		jw_kstr(&w, "reason", lines.a[i].reason);
		jw_obj_end(&w);
	}
	for (int i = 0; i < vetoes.n; i++) {
		jw_obj(&w);
		jw_kstr(&w, "kind", "veto");
		jw_kint(&w, "indicator_id", vetoes.ind[i]);
		jw_knull(&w, "points");
		jw_kstr(&w, "reason", vetoes.reason[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	u->explanation = b.failed ? NULL : arena_strdup(keep, buf_str(&b));
	buf_fini(&b);
	return u->explanation ? LD_OK : LD_NOMEM;
}

struct members_ctx {
	struct calc *c;
	long long group;
};

static int member_fn(void *ctx, long long unit, const char *name, const char *path)
{
	struct members_ctx *m = ctx;
	struct calc *c = m->c;
	struct unit_calc *room = arena_grow(c->r->arena, c->units, c->nunits, &c->cap_units, sizeof(*c->units), 256);
	if (!room)
		return c->units_failed = true, 1; /* every member is assessed */
	c->units = room;
	struct unit_calc *u = &c->units[c->nunits++];
	memset(u, 0, sizeof(*u));
	u->unit_id = unit;
	u->group_id = m->group;
	u->name = arena_strdup(c->r->arena, name);
	u->path = arena_strdup(c->r->arena, path);
	return 0;
}

static int group_fn(void *ctx, const struct group *g)
{
	struct calc *c = ctx;
	if (c->ngroups == MAX_GROUPS)
		return 1;
	c->ginfo[c->ngroups] = *g;
	c->ginfo[c->ngroups].name = arena_strdup(c->r->arena, g->name);
	c->ngroups++;
	return 0;
}

static const char *grade_code(enum assess_grade g)
{
	return assess_grade_name(g);
}

/* POST /api/v1/cycles/ID/compute — office, phase assessing. */
static enum lderr compute(struct req *r);

enum lderr results_compute(struct req *r)
{
	struct arena *own = r->arena, big;
	arena_init(&big, COMPUTE_ARENA_MAX);
	r->arena = &big;
	enum lderr e = compute(r);
	r->arena = own;
	/* what the router still reads after the handler moves to the request's arena */
	if (r->err_message)
		r->err_message = arena_strdup(own, r->err_message);
	for (int i = 0; i < r->nferr; i++) {
		r->ferr[i].field = arena_strdup(own, r->ferr[i].field);
		r->ferr[i].message = arena_strdup(own, r->ferr[i].message);
	}
	for (int i = 0; i < r->nheaders; i++)
		r->header[i].value = arena_strdup(own, r->header[i].value);
	arena_fini(&big);
	return e;
}

static int by_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* The middle of the assessed units' ids: the reviewers' cells are read in two halves. 0 for
 * a single unit. */
static long long median_unit(struct calc *c)
{
	if (c->nunits < 2)
		return 0;
	long long *ids = arena_alloc(c->r->arena, sizeof(*ids) * (size_t)c->nunits);
	if (!ids)
		return 0;
	for (int i = 0; i < c->nunits; i++)
		ids[i] = c->units[i].unit_id;
	qsort(ids, (size_t)c->nunits, sizeof(*ids), by_id);
	return ids[c->nunits / 2];
}

static enum lderr compute(struct req *r)
{
	struct cycle cy;
	enum lderr e = api_assess_cycle(r, r->param[0], false, &cy);
	if (e)
		return e;
	if (strcmp(cy.phase, "assessing") != 0)
		return req_fail(r, LD_PHASE, "只能在「考责评估」阶段计算结果");
	struct calc *c = arena_zalloc(r->arena, sizeof(*c));
	if (!c)
		return LD_NOMEM;
	c->r = r;
	c->cycle = cy.id;
	snprintf(c->cycle_end, sizeof(c->cycle_end), "%04lld-12-31", cy.year);
	if ((e = api_indicator_tree(r, cy.id, &c->ind, &c->n)))
		return e;
	if (c->n == 0 || c->n > MAX_INDICATORS)
		return req_fail(r, LD_STATE, "请先建立考核指标体系");
	c->ai = arena_zalloc(r->arena, sizeof(struct assess_indicator) * (size_t)c->n);
	if (!c->ai)
		return LD_NOMEM;
	for (int k = 0; k < c->n; k++) {
		c->ai[k].parent = -1;
		for (int p = 0; p < k; p++)
			if (c->ind[p].id == c->ind[k].parent_id)
				c->ai[k].parent = p;
		c->ai[k].method = (enum assess_method)assess_method_from(c->ind[k].method);
		c->ai[k].max = c->ind[k].max_score;
		c->ai[k].full_at = c->ind[k].full_at;
		c->ai[k].zero_at = c->ind[k].zero_at;
		if (c->ai[k].parent < 0)
			c->first_level[c->nfirst++] = k;
	}
	struct assess_settings set;
	if ((e = store_assess_settings(r->st, cy.id, &set)))
		return e;
	c->tree = (struct assess_tree){c->ai, c->n, set.bonus_cap};
	int bad = -1;
	if (assess_tree_check(&c->tree, &bad) != LD_OK)
		return req_fail(r, LD_VALIDATION, arena_printf(r->arena, "指标「%s」设置有误", bad >= 0 ? c->ind[bad].name : "?"));
	if ((e = store_groups(r->st, cy.id, group_fn, c)))
		return e;
	if (c->ngroups == 0)
		return req_fail(r, LD_STATE, "请先设置考核类别及其成员单位");
	int first[MAX_GROUPS + 1];
	for (int g = 0; g < c->ngroups; g++) {
		first[g] = c->nunits;
		struct members_ctx m = {c, c->ginfo[g].id};
		if ((e = store_group_members(r->st, c->ginfo[g].id, member_fn, &m)))
			return e;
		if (c->units_failed)
			return LD_NOMEM;
	}
	first[c->ngroups] = c->nunits;
	e = store_rates_load(r->st, c->cycle, c->cycle_end, &c->rates);
	if (!e)
		e = preload_load(r->st, c->cycle, median_unit(c), &c->pre);
	if (!e)
		e = score_units(c);
	store_rates_free(c->rates);
	preload_free(c->pre);
	c->rates = NULL;
	c->pre = NULL;
	if (e)
		return e;

	/* rank and grade within each group; then seats across groups; then names */
	struct assess_unit *au = arena_alloc(r->arena, sizeof(struct assess_unit) * (size_t)(c->nunits + 1));
	int *order = arena_alloc(r->arena, sizeof(int) * (size_t)(c->nunits + 1));
	if (!au || !order)
		return LD_NOMEM;
	for (int i = 0; i < c->nunits; i++)
		au[i] = c->units[i].au;
	struct assess_rank_rule rule = {c->nfirst, NULL, ASSESS_TIES_SHARE};
	for (int g = 0; g < c->ngroups; g++) {
		int n = first[g + 1] - first[g];
		struct assess_grade_rule gr = {c->ginfo[g].excellent_share, c->ginfo[g].excellent_min, c->ginfo[g].good_min,
		                               c->ginfo[g].fair_min};
		assess_rank(au + first[g], n, &rule, order + first[g]);
		assess_grade(au + first[g], n, order + first[g], &gr);
		c->groups[g] = (struct assess_group){c->ginfo[g].id, n, assess_nameable_count(au + first[g], n), 0, false};
	}
	int unfilled = assess_allocate(c->groups, c->ngroups, (int)set.demo_total);
	for (int g = 0; g < c->ngroups; g++)
		assess_name(au + first[g], first[g + 1] - first[g], order + first[g], c->groups[g].seats);

	/* write the rows while another thread hashes them */
	struct result_row *rows = arena_alloc(r->arena, sizeof(*rows) * (size_t)(c->nunits + 1));
	if (!rows)
		return LD_NOMEM;
	for (int i = 0; i < c->nunits; i++) {
		struct unit_calc *u = &c->units[i];
		rows[i] = (struct result_row){u->group_id, u->unit_id, au[i].total, au[i].rank, grade_code(au[i].grade),
		                              au[i].named, au[i].vetoed, u->explanation};
	}
	struct rows_digest d = {rows, c->nunits, false, ""};
	pthread_t th;
	bool side = pthread_create(&th, NULL, rows_digest_main, &d) == 0;
	if (!side)
		rows_digest_main(&d);
	e = store_begin(r->st);
	if (!e && !(e = store_results_clear(r->st, cy.id)))
		e = store_results_put(r->st, cy.id, rows, (size_t)c->nunits);
	if (side)
		pthread_join(th, NULL);
	if (!e && !d.ok)
		e = LD_INTERNAL;
	if (e)
		return e;
	const char *digest = d.hex;
	if ((e = store_result_run(r->st, cy.id, r->sess->user_id, digest)) ||
	    (e = api_audit(r, "results.compute", "cycle", cy.id, NULL,
	                   api_kv(r, "digest", digest, "units", arena_printf(r->arena, "%d", c->nunits), NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	char now[21];
	store_now_iso(r->st, now);
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kstr(&w, "computed_at", now);
	jw_kstr(&w, "digest", digest);
	jw_kint(&w, "demo_total", set.demo_total);
	/* seats no group could fill: fewer units were 优秀 without a veto or an open red item */
	jw_kint(&w, "demo_unfilled", unfilled);
	jw_key(&w, "groups");
	jw_arr(&w);
	for (int g = 0; g < c->ngroups; g++) {
		int excellent = 0, named = 0;
		for (int i = first[g]; i < first[g + 1]; i++)
			excellent += au[i].grade == ASSESS_EXCELLENT, named += au[i].named;
		jw_obj(&w);
		jw_kint(&w, "group_id", c->ginfo[g].id);
		jw_kstr(&w, "name", c->ginfo[g].name);
		jw_kint(&w, "units", first[g + 1] - first[g]);
		jw_kint(&w, "excellent", excellent);
		jw_kint(&w, "seats", c->groups[g].seats);
		jw_kint(&w, "named", named);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

/* Whether the caller may see results: the office always; others once published. */
static enum lderr may_see_results(struct req *r, long long cycle)
{
	if (r->sess && (scope_roles(&r->sess->scope) & ROLE_BIT(ROLE_OFFICE)))
		return LD_OK;
	struct publicity p;
	enum lderr e = store_publicity_get(r->st, r->arena, cycle, &p);
	if (e == LD_NOT_FOUND)
		return req_fail(r, LD_FORBIDDEN, "考核结果公示前不对外提供");
	return e;
}

struct rows {
	struct req *r;
	struct jw *w;
	bool brief;
	int count;
};

/* The first-level scores of an explanation, re-read from its JSON. */
static void first_level_json(struct jw *w, const char *explanation)
{
	json_t *root = json_loads(explanation, 0, NULL);
	json_t *tree = root ? json_object_get(root, "tree") : NULL;
	jw_key(w, "first_level");
	jw_arr(w);
	size_t i;
	json_t *n;
	json_array_foreach(tree, i, n) {
		jw_obj(w);
		jw_kint(w, "indicator_id", json_integer_value(json_object_get(n, "indicator_id")));
		jw_kstr(w, "name", json_string_value(json_object_get(n, "name")));
		jw_key(w, "score");
		jw_double(w, json_number_value(json_object_get(n, "score")));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	json_decref(root);
}

static int row_fn(void *ctx, const struct result *res)
{
	struct rows *c = ctx;
	struct jw *w = c->w;
	int g = assess_grade_from(res->grade);
	jw_obj(w);
	jw_kint(w, "unit_id", res->unit_id);
	jw_kstr(w, "unit_name", res->unit_name);
	jw_kint(w, "group_id", res->group_id);
	jw_kstr(w, "group_name", res->group_name);
	if (!c->brief) {
		jw_key(w, "total");
		jw_double(w, res->total);
		jw_kint(w, "rank", res->rank);
		jw_kbool(w, "vetoed", res->vetoed);
	}
	jw_kstr(w, "grade", res->grade);
	jw_kstr(w, "grade_name", g >= 0 ? assess_grade_name_zh((enum assess_grade)g) : res->grade);
	jw_kbool(w, "named", res->named);
	if (!c->brief)
		first_level_json(w, res->explanation);
	jw_obj_end(w);
	c->count++;
	return 0;
}

static enum lderr write_results(struct req *r, long long cycle, long long group, bool brief)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "cycle_id", cycle);
	jw_key(&w, "items");
	jw_arr(&w);
	struct rows c = {r, &w, brief, 0};
	enum lderr e = store_results(r->st, cycle, group, row_fn, &c);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_kint(&w, "total", c.count);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/cycles/ID/results?group_id= — office; others once published (403 before). */
enum lderr results_list(struct req *r)
{
	long long group = 0;
	const char *s = query_get(&r->query, "group_id");
	if (s && !parse_int(s, 1, 1LL << 53, &group))
		return req_field(r, "group_id", "应为考核类别编号");
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	if (e || (e = may_see_results(r, r->param[0])))
		return e;
	return write_results(r, r->param[0], group, false);
}

/* GET /api/v1/cycles/ID/results/UNIT_ID/explain — 得分说明: the tree of indicators with every
 * score and where it came from, adding up to the total. */
enum lderr results_explain(struct req *r)
{
	struct result res;
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	if (e || (e = may_see_results(r, r->param[0])) ||
	    (e = store_result_get(r->st, r->arena, r->param[0], r->param[1], &res)))
		return e;
	int g = assess_grade_from(res.grade);
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "unit_id", res.unit_id);
	jw_kstr(&w, "unit_name", res.unit_name);
	jw_kstr(&w, "group_name", res.group_name);
	jw_key(&w, "total");
	jw_double(&w, res.total);
	jw_kint(&w, "rank", res.rank);
	jw_kstr(&w, "grade", res.grade);
	jw_kstr(&w, "grade_name", g >= 0 ? assess_grade_name_zh((enum assess_grade)g) : res.grade);
	jw_kbool(&w, "named", res.named);
	jw_kbool(&w, "vetoed", res.vetoed);
	jw_key(&w, "explanation");
	jw_raw(&w, res.explanation);
	/* the explanation's tree and lines, also at the top level as the contract names them */
	json_t *x = json_loads(res.explanation, 0, NULL);
	char *tree = x ? json_dumps(json_object_get(x, "tree"), JSON_COMPACT) : NULL;
	char *lines = x ? json_dumps(json_object_get(x, "lines"), JSON_COMPACT) : NULL;
	char *cap = x ? json_dumps(json_object_get(x, "bonus_cap_applied"), JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	jw_key(&w, "tree");
	jw_raw(&w, tree ? tree : "[]");
	jw_key(&w, "lines");
	jw_raw(&w, lines ? lines : "[]");
	jw_key(&w, "bonus_cap_applied");
	jw_raw(&w, cap ? cap : "null");
	free(tree);
	free(lines);
	free(cap);
	json_decref(x);
	jw_obj_end(&w);
	return LD_OK;
}

struct export_ctx {
	struct req *r;
	struct sheet_book *book;
	long long group;
	int nfirst;
	const char *first[64];
};

static int export_fn(void *ctx, const struct result *res)
{
	struct export_ctx *x = ctx;
	if (res->group_id != x->group) {
		/* a new group: a new sheet, headed with the first-level indicators of its explanation */
		json_t *root = json_loads(res->explanation, 0, NULL);
		json_t *tree = root ? json_object_get(root, "tree") : NULL;
		const char *headers[70] = {"排名", "单位", "总分"};
		int n = 3;
		size_t i;
		json_t *node;
		json_array_foreach(tree, i, node) {
			if (n < 66)
				headers[n++] = arena_strdup(x->r->arena, json_string_value(json_object_get(node, "name")));
		}
		headers[n++] = "等次";
		headers[n++] = "示范集体";
		json_decref(root);
		sheets_book_sheet(x->book, res->group_name, headers, n);
		x->group = res->group_id;
		x->nfirst = n - 5;
	}
	int g = assess_grade_from(res->grade);
	sheets_book_number(x->book, 0, (double)res->rank);
	sheets_book_text(x->book, 1, res->unit_name);
	sheets_book_number(x->book, 2, res->total);
	json_t *root = json_loads(res->explanation, 0, NULL);
	json_t *tree = root ? json_object_get(root, "tree") : NULL;
	for (int k = 0; k < x->nfirst; k++)
		sheets_book_number(x->book, 3 + k, json_number_value(json_object_get(json_array_get(tree, (size_t)k), "score")));
	json_decref(root);
	sheets_book_text(x->book, 3 + x->nfirst, g >= 0 ? assess_grade_name_zh((enum assess_grade)g) : res->grade);
	sheets_book_text(x->book, 4 + x->nfirst, res->named ? "是" : "否");
	sheets_book_next_row(x->book);
	return 0;
}

/* GET /api/v1/cycles/ID/results.xlsx?group_id= — a sheet per group: 排名, 单位, 总分, each
 * first-level indicator, 等次, 示范集体. Audited as an export. */
enum lderr results_export(struct req *r)
{
	long long group = 0;
	const char *s = query_get(&r->query, "group_id");
	if (s && !parse_int(s, 1, 1LL << 53, &group))
		return req_field(r, "group_id", "应为考核类别编号");
	enum lderr e = api_assess_cycle(r, r->param[0], false, NULL);
	if (e || (e = may_see_results(r, r->param[0])))
		return e;
	struct export_ctx x = {r, sheets_book_new(), 0, 0, {0}};
	if (!x.book)
		return LD_IO;
	e = store_results(r->st, r->param[0], group, export_fn, &x);
	if (!e && x.group == 0) {
		static const char *const empty[] = {"排名", "单位", "总分", "等次", "示范集体"};
		sheets_book_sheet(x.book, "考核结果", empty, 5);
	}
	buf_reset(r->out);
	enum lderr e2 = sheets_book_end(x.book, r->out);
	if (e || (e = e2))
		return e;
	if ((e = store_begin(r->st)) || (e = api_audit(r, "results.export", "cycle", r->param[0], NULL, NULL)) ||
	    (e = store_commit(r->st))) {
		buf_reset(r->out);
		return e;
	}
	r->status = 200;
	r->out_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	/* 考核结果.xlsx */
	req_header(r, "Content-Disposition", "attachment; filename=\"liandong-results.xlsx\"; "
	                                     "filename*=UTF-8''%E8%80%83%E6%A0%B8%E7%BB%93%E6%9E%9C.xlsx");
	return LD_OK;
}

/* ---- 公示, 异议, final results ---- */

/* POST /api/v1/cycles/ID/publish — office; computed results; assessing → publicising for
 * publicity_workdays working days of China's calendar. */
enum lderr results_publish(struct req *r)
{
	struct cycle cy;
	struct assess_settings set;
	const char *digest, *at;
	enum lderr e = api_assess_cycle(r, r->param[0], false, &cy);
	if (e || (e = store_assess_settings(r->st, cy.id, &set)))
		return e;
	if (strcmp(cy.phase, "assessing") != 0)
		return req_fail(r, LD_PHASE, "只能在「考责评估」阶段发布公示");
	if (store_result_digest(r->st, cy.id, r->arena, &digest, &at) != LD_OK)
		return req_fail(r, LD_STATE, "请先计算考核结果");
	const struct calendar *cal = store_calendar(r->st);
	if (!cal)
		return LD_DB;
	char start[11], end[11];
	date_today(store_now(r->st), start);
	/* the notice runs for N working days counted from the day it is published */
	long day = date_days(start), last = day;
	for (int left = (int)set.publicity_workdays; left > 0; last++)
		if (calendar_is_workday(cal, last, NULL))
			left--;
	date_from_days(last - 1, end);
	if ((e = store_begin(r->st)) || (e = store_publicity_set(r->st, cy.id, start, end, "public", r->sess->user_id)) ||
	    (e = store_cycle_update(r->st, cy.id, NULL, NULL, "publicising")) ||
	    (e = api_audit(r, "results.publish", "cycle", cy.id, NULL, api_kv(r, "start_day", start, "end_day", end,
	                                                                     "digest", digest, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kstr(&w, "start_day", start);
	jw_kstr(&w, "end_day", end);
	jw_kint(&w, "workdays", set.publicity_workdays);
	jw_obj_end(&w);
	return LD_OK;
}

/* GET /api/v1/public/cycles/ID/results — no login: the grades and named collectives while the
 * results are public or final; 404 otherwise. */
enum lderr public_results(struct req *r)
{
	struct publicity p;
	enum lderr e = store_publicity_get(r->st, r->arena, r->param[0], &p);
	if (e)
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "cycle_id", r->param[0]);
	jw_kstr(&w, "state", p.state);
	jw_kstr(&w, "start_day", p.start_day);
	jw_kstr(&w, "end_day", p.end_day);
	jw_key(&w, "items");
	jw_arr(&w);
	struct rows c = {r, &w, true, 0};
	if ((e = store_results(r->st, r->param[0], 0, row_fn, &c)))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	req_header(r, "Cache-Control", "no-store");
	return LD_OK;
}

static const char *const objection_fields[] = {"name", "contact", "text", "unit_id", NULL};

/* POST /api/v1/public/cycles/ID/objections {"name","contact","text","unit_id"?} — no login;
 * while the notice runs; at most 5 per client address in 10 minutes (429, Retry-After). */
enum lderr public_objection(struct req *r)
{
	struct publicity p;
	const char *name = NULL, *contact = NULL, *text = NULL;
	long long unit = 0, id, recent;
	enum lderr e = store_publicity_get(r->st, r->arena, r->param[0], &p);
	if (e == LD_NOT_FOUND)
		return req_fail(r, LD_STATE, "考核结果尚未公示，暂不受理异议");
	if (e)
		return e;
	char today[11], since[21];
	date_today(store_now(r->st), today);
	if (strcmp(p.state, "public") != 0 || strcmp(today, p.end_day) > 0)
		return req_fail(r, LD_STATE, "公示期已结束，不再受理异议");
	store_iso_before(r->st, OBJECTION_WINDOW_SECONDS, since);
	if ((e = store_objections_recent(r->st, r->client, since, &recent)))
		return e;
	if (recent >= OBJECTIONS_PER_WINDOW) {
		req_header(r, "Retry-After", "600");
		return req_fail(r, LD_RATE_LIMITED, "提交过于频繁，请十分钟后再试");
	}
	api_only(r, objection_fields);
	api_str(r, "name", true, 50, &name);
	api_str(r, "contact", true, 100, &contact);
	api_str(r, "text", true, 4000, &text);
	api_int(r, "unit_id", false, &unit);
	if (unit) {
		struct result res;
		if (store_result_get(r->st, r->arena, r->param[0], unit, &res) != LD_OK)
			req_field(r, "unit_id", "不是本次公示的单位");
	}
	if (r->nferr)
		return LD_VALIDATION;
	if ((e = store_begin(r->st)) ||
	    (e = store_objection_insert(r->st, r->param[0], unit, name, contact, text, r->client, &id)) ||
	    (e = api_audit(r, "objection.create", "objection", id, NULL, api_kv(r, "name", name, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 201, &w);
	jw_obj(&w);
	jw_kint(&w, "id", id);
	jw_kstr(&w, "message", "异议已收到，工委将核实并答复");
	jw_obj_end(&w);
	return LD_OK;
}

static int objection_fn(void *ctx, const struct objection *o)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kint(w, "id", o->id);
	jw_key(w, "unit_id");
	o->unit_id ? jw_int(w, o->unit_id) : jw_null(w);
	jw_kstr(w, "name", o->name);
	jw_kstr(w, "contact", o->contact);
	jw_kstr(w, "text", o->text);
	jw_kstr(w, "created_at", o->created_at);
	jw_kstr(w, "answer", o->answer);
	jw_kstr(w, "answered_at", o->answered_at);
	jw_obj_end(w);
	return 0;
}

/* GET /api/v1/cycles/ID/objections — office. */
enum lderr objections_list(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	enum lderr e = store_objections(r->st, r->param[0], objection_fn, &w);
	if (e)
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	return LD_OK;
}

static const char *const answer_fields[] = {"answer", NULL};

/* POST /api/v1/objections/ID/answer {"answer"} — office records how it was handled. */
enum lderr objections_answer(struct req *r)
{
	const char *answer = NULL;
	long long cycle;
	api_only(r, answer_fields);
	api_str(r, "answer", true, 4000, &answer);
	if (r->nferr)
		return LD_VALIDATION;
	enum lderr e;
	if ((e = store_begin(r->st)) || (e = store_objection_answer(r->st, r->param[0], answer, r->sess->user_id, &cycle)) ||
	    (e = api_audit(r, "objection.answer", "objection", r->param[0], NULL, api_kv(r, "answer", answer, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	return api_no_content(r);
}

/* POST /api/v1/cycles/ID/finalize — office: after the notice ran its days with every
 * objection answered, the results become final and the cycle closes. */
enum lderr results_finalize(struct req *r)
{
	struct cycle cy;
	struct publicity p;
	long long open;
	enum lderr e = api_assess_cycle(r, r->param[0], false, &cy);
	if (e)
		return e;
	if (strcmp(cy.phase, "publicising") != 0 || store_publicity_get(r->st, r->arena, cy.id, &p) != LD_OK)
		return req_fail(r, LD_PHASE, "考核结果尚未公示");
	char today[11];
	date_today(store_now(r->st), today);
	if (strcmp(today, p.end_day) <= 0)
		return req_fail(r, LD_STATE, arena_printf(r->arena, "公示期到 %s 结束，之后才能确定最终结果", p.end_day));
	if ((e = store_objections_open(r->st, cy.id, &open)))
		return e;
	if (open)
		return req_fail(r, LD_STATE, arena_printf(r->arena, "还有 %lld 条异议未答复", open));
	if ((e = store_begin(r->st)) || (e = store_publicity_set(r->st, cy.id, NULL, NULL, "final", r->sess->user_id)) ||
	    (e = store_cycle_update(r->st, cy.id, NULL, NULL, "closed")) ||
	    (e = api_audit(r, "results.finalize", "cycle", cy.id, NULL, NULL)) || (e = store_commit(r->st)))
		return e;
	return write_results(r, cy.id, 0, false);
}

static const char *const reopen_fields[] = {"reason", NULL};

/* POST /api/v1/cycles/ID/reopen {"reason"} — office: publicising or closed → assessing; the
 * notice is withdrawn; audited with the reason. */
enum lderr results_reopen(struct req *r)
{
	struct cycle cy;
	const char *reason = NULL;
	enum lderr e = api_assess_cycle(r, r->param[0], false, &cy);
	if (e)
		return e;
	api_only(r, reopen_fields);
	api_str(r, "reason", true, 1000, &reason);
	if (r->nferr)
		return LD_VALIDATION;
	if (strcmp(cy.phase, "publicising") != 0 && strcmp(cy.phase, "closed") != 0)
		return req_fail(r, LD_PHASE, "只有已公示或已归档的结果可以重新打开");
	if ((e = store_begin(r->st)) || (e = store_publicity_delete(r->st, cy.id)) ||
	    (e = store_cycle_update(r->st, cy.id, NULL, NULL, "assessing")) ||
	    (e = api_audit(r, "results.reopen", "cycle", cy.id, api_kv(r, "phase", cy.phase, NULL),
	                   api_kv(r, "phase", "assessing", "reason", reason, NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kstr(&w, "phase", "assessing");
	jw_kstr(&w, "reason", reason);
	jw_obj_end(&w);
	return LD_OK;
}
