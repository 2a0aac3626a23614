#include "core/assess.h"

#include <math.h>
#include <string.h>

/* Inside this file every sum, cap and floor is done on whole hundredths (long long); doubles
 * only carry numbers in and out. A double made by pts(c) converts back to exactly c. */

/* The largest magnitude of any input, in points: keeps every sum of hundredths far from
 * overflow. */
#define MAX_POINTS 1e9

/* Below this many hundredths from a half, a value counts as the half (binary noise). */
#define HALF_TOLERANCE 1e-6

static long long round_tolerant(double hundredths)
{
	return llround(hundredths + (hundredths >= 0 ? HALF_TOLERANCE : -HALF_TOLERANCE));
}

long long assess_cents(double v)
{
	return round_tolerant(v * 100.0);
}

static double pts(long long cents)
{
	return (double)cents / 100.0;
}

double assess_round2(double v)
{
	return pts(assess_cents(v));
}

/* num / den rounded half away from zero, den > 0, in integers. */
static long long div_round(long long num, long long den)
{
	if (num >= 0)
		return (2 * num + den) / (2 * den);
	return -((-2 * num + den) / (2 * den));
}

/* ---------- 1. reviewers' scores ---------- */

/* The index of the first maximum, and of the first minimum other than `hi`. */
static void extremes(const double *s, int n, int *hi, int *lo)
{
	*hi = 0;
	for (int i = 1; i < n; i++)
		if (assess_cents(s[i]) > assess_cents(s[*hi]))
			*hi = i;
	*lo = *hi == 0 ? 1 : 0;
	for (int i = *lo + 1; i < n; i++)
		if (i != *hi && assess_cents(s[i]) < assess_cents(s[*lo]))
			*lo = i;
}

static long long trim_cents(const double *s, int n, struct assess_trim *out)
{
	memset(out, 0, sizeof(*out));
	out->dropped_high = out->dropped_low = -1;
	if (n <= 0)
		return 0;
	if (n >= 5)
		extremes(s, n, &out->dropped_high, &out->dropped_low);
	long long sum = 0;
	for (int i = 0; i < n; i++)
		if (i != out->dropped_high && i != out->dropped_low)
			sum += assess_cents(s[i]);
	out->used = n >= 5 ? n - 2 : n;
	out->has_score = true;
	long long mean = div_round(sum, out->used);
	out->mean = pts(mean);
	return mean;
}

void assess_trim(const double *scores, int n, struct assess_trim *out)
{
	trim_cents(scores, n, out);
}

/* ---------- 2. auto scores ---------- */

double assess_auto(const struct assess_indicator *ind, double rate)
{
	long long max = assess_cents(ind->max);
	if (rate >= ind->full_at)
		return pts(max);
	if (rate <= ind->zero_at)
		return 0.0;
	double share = (rate - ind->zero_at) / (ind->full_at - ind->zero_at);
	return pts(round_tolerant((double)max * share));
}

/* ---------- 3. the indicator tree ---------- */

static bool sane(double v)
{
	return isfinite(v) && fabs(v) <= MAX_POINTS;
}

static bool method_valid(int m)
{
	return m >= ASSESS_BRANCH && m <= ASSESS_VETO;
}

static bool indicator_valid(const struct assess_indicator *ind, int i)
{
	const struct assess_indicator *d = &ind[i];
	if (!method_valid((int)d->method) || !sane(d->max) || d->max < 0)
		return false;
	if (d->parent != -1 && (d->parent < 0 || d->parent >= i || ind[d->parent].method != ASSESS_BRANCH))
		return false;
	if (d->method == ASSESS_AUTO)
		return isfinite(d->full_at) && isfinite(d->zero_at) && d->zero_at < d->full_at;
	return true;
}

enum lderr assess_tree_check(const struct assess_tree *t, int *bad)
{
	*bad = -1;
	if (!sane(t->bonus_cap) || t->n < 0 || (t->n > 0 && !t->ind))
		return LD_VALIDATION;
	for (int i = 0; i < t->n; i++) {
		if (!indicator_valid(t->ind, i)) {
			*bad = i;
			return LD_VALIDATION;
		}
	}
	return LD_OK;
}

/* Keeps o->raw within [lo, hi] hundredths, recording the limit and setting the score. */
static void apply_limit(struct assess_node_score *o, long long lo, long long hi)
{
	long long raw = assess_cents(o->raw), s = raw;
	if (raw > hi) {
		s = hi;
		o->limit = ASSESS_LIMIT_CAP;
	} else if (raw < lo) {
		s = lo;
		o->limit = ASSESS_LIMIT_FLOOR;
	}
	o->limit_delta = pts(s - raw);
	o->score = pts(s);
}

static bool sane_all(const double *v, int n, bool positive)
{
	if (n < 0 || (n > 0 && !v))
		return false;
	for (int i = 0; i < n; i++)
		if (!sane(v[i]) || (positive && !(v[i] > 0)))
			return false;
	return true;
}

/* Σ of the lines in hundredths, each line rounded first. */
static long long lines_cents(const double *v, int n)
{
	long long sum = 0;
	for (int i = 0; i < n; i++)
		sum += assess_cents(v[i]);
	return sum;
}

/* BONUS: Σ lines within [0, max]; DEDUCTION: −Σ lines within [−max, 0]. */
static enum lderr score_lines(bool bonus, long long max, const struct assess_leaf *in, struct assess_node_score *o)
{
	if (!sane_all(in->points, in->n_points, true))
		return LD_VALIDATION;
	long long sum = lines_cents(in->points, in->n_points);
	o->raw = pts(bonus ? sum : -sum);
	if (bonus)
		apply_limit(o, 0, max);
	else
		apply_limit(o, -max, 0);
	return LD_OK;
}

static enum lderr score_leaf(const struct assess_indicator *d, const struct assess_leaf *in,
                             struct assess_node_score *o)
{
	long long max = assess_cents(d->max);
	memset(o, 0, sizeof(*o));
	o->has_score = true;
	o->trim.dropped_high = o->trim.dropped_low = -1;
	switch (d->method) {
	case ASSESS_BRANCH:
		return LD_OK; /* summed later, children first */
	case ASSESS_AUTO:
		if (!sane(in->rate))
			return LD_VALIDATION;
		o->raw = assess_auto(d, in->rate);
		apply_limit(o, 0, max);
		return LD_OK;
	case ASSESS_MANUAL:
		if (!sane_all(in->scores, in->n_scores, false))
			return LD_VALIDATION;
		o->raw = pts(trim_cents(in->scores, in->n_scores, &o->trim));
		o->has_score = o->trim.has_score;
		apply_limit(o, 0, max);
		return LD_OK;
	case ASSESS_BONUS:
	case ASSESS_DEDUCTION:
		return score_lines(d->method == ASSESS_BONUS, max, in, o);
	case ASSESS_VETO:
		o->vetoed = in->veto;
		apply_limit(o, 0, 0);
		return LD_OK;
	}
	return LD_VALIDATION;
}

/* The unit's bonus cap: BONUS nodes keep their points in array order until it is used up. */
static void cut_bonus(const struct assess_tree *t, struct assess_node_score *out)
{
	if (t->bonus_cap < 0)
		return;
	long long left = assess_cents(t->bonus_cap);
	for (int i = 0; i < t->n; i++) {
		if (t->ind[i].method != ASSESS_BONUS)
			continue;
		long long s = assess_cents(out[i].score), keep = s < left ? s : left;
		left -= keep;
		out[i].bonus_cut = pts(keep - s);
		out[i].score = pts(keep);
	}
}

static void add_to(double *acc, double score)
{
	*acc = pts(assess_cents(*acc) + assess_cents(score));
}

/* Branches from the last node back: every child (a later index) is final before its
 * parent is summed. */
static void sum_branches(const struct assess_tree *t, struct assess_node_score *out, struct assess_total *total)
{
	for (int i = t->n - 1; i >= 0; i--) {
		const struct assess_indicator *d = &t->ind[i];
		if (d->method == ASSESS_BRANCH)
			apply_limit(&out[i], 0, assess_cents(d->max));
		add_to(d->parent < 0 ? &total->sum : &out[d->parent].raw, out[i].score);
	}
}

enum lderr assess_score(const struct assess_tree *t, const struct assess_leaf *in,
                        struct assess_node_score *out, struct assess_total *total, int *bad)
{
	enum lderr e = assess_tree_check(t, bad);
	if (e != LD_OK)
		return e;
	memset(total, 0, sizeof(*total));
	total->veto_node = -1;
	for (int i = 0; i < t->n; i++) {
		if (score_leaf(&t->ind[i], &in[i], &out[i]) != LD_OK) {
			*bad = i;
			return LD_VALIDATION;
		}
		if (out[i].vetoed && !total->vetoed) {
			total->vetoed = true;
			total->veto_node = i;
		}
	}
	cut_bonus(t, out);
	sum_branches(t, out, total);
	long long sum = assess_cents(total->sum);
	total->floor = pts(sum < 0 ? -sum : 0);
	total->total = pts(sum < 0 ? 0 : sum);
	return LD_OK;
}

/* ---------- 4. ranks ---------- */

static int cmp_total(const struct assess_unit *a, const struct assess_unit *b)
{
	long long x = assess_cents(a->total), y = assess_cents(b->total);
	return x > y ? -1 : x < y ? 1 : 0;
}

static int cmp_keys(const struct assess_unit *a, const struct assess_unit *b, const struct assess_rank_rule *r)
{
	for (int k = 0; k < r->n_keys; k++) {
		double x = a->keys[k], y = b->keys[k];
		if (x == y)
			continue;
		bool asc = r->key_order && r->key_order[k] == ASSESS_KEY_ASC;
		return (x < y) == asc ? -1 : 1;
	}
	return 0;
}

/* The total order of rule 4: < 0 when a comes first. */
static int cmp_units(const struct assess_unit *a, const struct assess_unit *b, const struct assess_rank_rule *r)
{
	int c = cmp_total(a, b);
	if (c == 0)
		c = cmp_keys(a, b, r);
	if (c == 0)
		c = a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
	return c;
}

static bool same_rank(const struct assess_unit *a, const struct assess_unit *b, const struct assess_rank_rule *r)
{
	return cmp_total(a, b) == 0 && (r->ties == ASSESS_TIES_SHARE || cmp_keys(a, b, r) == 0);
}

/* Heap sort of the index array: no allocation; any correct sort gives the same result
 * under a total order. */
static void sift_down(const struct assess_unit *u, int *order, int root, int n, const struct assess_rank_rule *r)
{
	for (;;) {
		int big = root, left = 2 * root + 1, right = left + 1;
		if (left < n && cmp_units(&u[order[left]], &u[order[big]], r) > 0)
			big = left;
		if (right < n && cmp_units(&u[order[right]], &u[order[big]], r) > 0)
			big = right;
		if (big == root)
			return;
		int tmp = order[root];
		order[root] = order[big];
		order[big] = tmp;
		root = big;
	}
}

static void sort_units(const struct assess_unit *u, int n, int *order, const struct assess_rank_rule *r)
{
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_down(u, order, i, n, r);
	for (int end = n - 1; end > 0; end--) {
		int tmp = order[0];
		order[0] = order[end];
		order[end] = tmp;
		sift_down(u, order, 0, end, r);
	}
}

void assess_rank(struct assess_unit *u, int n, const struct assess_rank_rule *rule, int *order)
{
	sort_units(u, n, order, rule);
	for (int i = 0; i < n; i++) {
		struct assess_unit *cur = &u[order[i]];
		bool tied = i > 0 && same_rank(&u[order[i - 1]], cur, rule);
		cur->rank = tied ? u[order[i - 1]].rank : i + 1;
	}
}

/* ---------- 5. grades ---------- */

int assess_excellent_quota(double share, int n)
{
	if (!(share > 0) || n <= 0)
		return 0;
	long long bp = llround(share * 10000.0);
	if (bp > 10000)
		bp = 10000;
	return (int)(bp * n / 10000);
}

static enum assess_grade grade_by_threshold(const struct assess_unit *u, const struct assess_grade_rule *r)
{
	long long t = assess_cents(u->total);
	if (u->vetoed)
		return ASSESS_POOR;
	if (t >= assess_cents(r->good_min))
		return ASSESS_GOOD;
	if (t >= assess_cents(r->fair_min))
		return ASSESS_FAIR;
	return ASSESS_POOR;
}

static bool excellent_candidate(const struct assess_unit *u, const struct assess_grade_rule *r)
{
	return !u->vetoed && assess_cents(u->total) >= assess_cents(r->excellent_min);
}

int assess_grade(struct assess_unit *u, int n, const int *order, const struct assess_grade_rule *rule)
{
	int quota = assess_excellent_quota(rule->excellent_share, n), taken = 0;
	for (int i = 0; i < n; i++)
		u[i].grade = grade_by_threshold(&u[i], rule);
	for (int i = 0; i < n;) {
		/* one rank at a time: units sharing a rank sit together in order */
		int rank = u[order[i]].rank, end = i, cands = 0;
		for (; end < n && u[order[end]].rank == rank; end++)
			cands += excellent_candidate(&u[order[end]], rule);
		if (taken + cands > quota)
			break;
		for (; i < end; i++)
			if (excellent_candidate(&u[order[i]], rule))
				u[order[i]].grade = ASSESS_EXCELLENT;
		taken += cands;
	}
	return taken;
}

/* ---------- 6. demonstration collectives ---------- */

bool assess_nameable(const struct assess_unit *u)
{
	return u->grade == ASSESS_EXCELLENT && !u->vetoed && !u->red_open;
}

int assess_nameable_count(const struct assess_unit *u, int n)
{
	int c = 0;
	for (int i = 0; i < n; i++)
		c += assess_nameable(&u[i]);
	return c;
}

/* Whether group a goes before b for an extra seat: larger remainder, larger group, lower id. */
static bool remainder_before(const struct assess_group *a, const struct assess_group *b, long long seats, long long total)
{
	long long ra = seats * a->size % total, rb = seats * b->size % total;
	if (ra != rb)
		return ra > rb;
	if (a->size != b->size)
		return a->size > b->size;
	return a->id < b->id;
}

/* Hamilton over the groups not capped, whose sizes add up to `total` (> 0). */
static void hamilton(struct assess_group *g, int n, int seats, long long total)
{
	int given = 0;
	for (int i = 0; i < n; i++) {
		if (g[i].capped)
			continue;
		g[i].seats = (int)((long long)seats * g[i].size / total);
		given += g[i].seats;
	}
	for (; given < seats; given++) {
		int best = -1;
		for (int i = 0; i < n; i++) {
			bool has_extra = g[i].seats > (long long)seats * g[i].size / total;
			if (g[i].capped || has_extra)
				continue;
			if (best < 0 || remainder_before(&g[i], &g[best], seats, total))
				best = i;
		}
		g[best].seats++;
	}
}

/* Fixes every group given more than it can name; returns whether any was. */
static bool cap_groups(struct assess_group *g, int n)
{
	bool any = false;
	for (int i = 0; i < n; i++) {
		if (!g[i].capped && g[i].seats > g[i].nameable) {
			g[i].seats = g[i].nameable;
			g[i].capped = true;
			any = true;
		}
	}
	return any;
}

int assess_allocate(struct assess_group *g, int n, int total)
{
	int left = total > 0 ? total : 0;
	for (int i = 0; i < n; i++) {
		g[i].seats = 0;
		g[i].capped = false;
	}
	for (;;) {
		long long size = 0;
		for (int i = 0; i < n; i++)
			if (!g[i].capped)
				size += g[i].size;
		if (left == 0 || size == 0)
			return left;
		hamilton(g, n, left, size);
		if (!cap_groups(g, n))
			return 0;
		left = total;
		for (int i = 0; i < n; i++)
			if (g[i].capped)
				left -= g[i].seats;
	}
}

int assess_name(struct assess_unit *u, int n, const int *order, int seats)
{
	int named = 0;
	for (int i = 0; i < n; i++)
		u[i].named = false;
	for (int i = 0; i < n && named < seats; i++) {
		if (assess_nameable(&u[order[i]])) {
			u[order[i]].named = true;
			named++;
		}
	}
	return named;
}

/* ---------- names ---------- */

static const char *const method_names[] = {"branch", "auto", "manual", "bonus", "deduction", "veto"};
static const char *const grade_names[] = {"excellent", "good", "fair", "poor"};
static const char *const grade_names_zh[] = {"优秀", "良好", "一般", "较差"};

static int name_index(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int assess_method_from(const char *s)
{
	return name_index(method_names, 6, s);
}

const char *assess_method_name(enum assess_method m)
{
	return method_valid((int)m) ? method_names[m] : "branch";
}

int assess_grade_from(const char *s)
{
	return name_index(grade_names, 4, s);
}

const char *assess_grade_name(enum assess_grade g)
{
	return g >= ASSESS_EXCELLENT && g <= ASSESS_POOR ? grade_names[g] : "poor";
}

const char *assess_grade_name_zh(enum assess_grade g)
{
	return g >= ASSESS_EXCELLENT && g <= ASSESS_POOR ? grade_names_zh[g] : "较差";
}
