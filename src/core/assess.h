/* assess — every number of the year-end assessment (考责): scores, totals, ranks, grades and
 * the naming of demonstration collectives (示范集体). Pure functions: no I/O, no allocation;
 * the caller owns every array passed in or out.
 *
 * Numbers. Every score is a number of points kept to two decimals. Inputs (maxima, reviewer
 * scores, bonus and deduction lines, grade thresholds) are first rounded to two decimals; every
 * computed score (a mean, an auto score) is rounded to two decimals, half away from zero
 * (8.125 → 8.13, −8.125 → −8.13), on the decimal value a person would write: a binary
 * representation error below 1e-6 hundredths does not move it (2.675 → 2.68). Sums, caps
 * and floors are then done in whole hundredths, so every total equals, to the hundredth,
 * the sum of the parts an explanation shows. Every score returned is the double nearest to
 * a whole number of hundredths; print it with "%.2f" and the printed parts add up.
 *
 * 1. Reviewers' scores (assess_trim). With 5 or more scores the highest and the lowest are
 *    dropped — exactly one of each — and the rest averaged; among equal values the first
 *    occurrence (lowest index) of the maximum is dropped, and the first occurrence of the
 *    minimum that is not the one already dropped (so with all scores equal, indexes 0 and
 *    1 go). With 1–4 scores: the plain mean. With none: no score.
 *
 * 2. Auto score from a rate (assess_auto), e.g. items done on time / items due: rate ≥
 *    full_at → max; rate ≤ zero_at → 0; between, max × (rate − zero_at) / (full_at −
 *    zero_at), rounded. The rate is used as given, unrounded.
 *
 * 3. The indicator tree of one unit (assess_score). Indicators sit in an array, a parent
 *    before its children (parent index < own index; −1 for a 一级 indicator); any depth.
 *    Each node's score:
 *    - BRANCH: the sum of its children's scores, capped at its max, floored at 0.
 *    - AUTO: rule 2 on the unit's rate. Always in [0, max].
 *    - MANUAL: rule 1 on the reviewers' scores, then clamped to [0, max]. No score → 0.
 *    - BONUS (加分): the sum of its lines, capped at its max. Then the unit's bonus cap
 *      (all BONUS nodes together, e.g. 5): bonus nodes keep their points in array order
 *      until the cap is used up; the rest is cut from the later ones.
 *    - DEDUCTION (扣分): minus the sum of its lines, at most its max (so the node's score is
 *      in [−max, 0]). It can never take its branch below zero: the branch's floor at 0
 *      gives back what would go below, and the explanation shows it on the branch. A
 *      deduction at the top level (parent −1) reduces the unit total, which is likewise
 *      floored at 0. Deductions grouped under a branch of their own only reduce that
 *      branch, which then floors at 0 — put deductions meant to reduce a whole 一级
 *      indicator under it, or at the top level.
 *    - VETO (一票否决): contributes 0; when confirmed the unit is vetoed and graded 较差
 *      whatever its total (its total and rank are still computed and shown).
 *    The unit total is the sum of the 一级 scores, floored at 0. For every node the output
 *    says raw (before its own limit), the limit applied and by how much (limit_delta: < 0
 *    for a cap, > 0 for a floor), the bonus cut, and score = raw + limit_delta + bonus_cut;
 *    a branch's raw is the sum of its children's scores.
 *
 * 4. Ranks in a peer group (assess_rank): total descending; then the tie-break keys in
 *    order (each descending or ascending, e.g. 一级 indicator scores); then the unit id
 *    ascending. That is a total order, so the result does not depend on the input order
 *    and two runs agree. Keys are compared exactly as given (pass scores this module
 *    returned). A vetoed unit is ranked by its total like any other (rule 5 grades it).
 *    Ranks are competition ranks: units tied share a rank and the next
 *    rank skips (1, 2, 2, 4). What counts as tied is the rule's choice:
 *    - ASSESS_TIES_SHARE (the default, 0): equal totals tie; the keys only order tied units
 *      (for display, and for which of them is named first — rule 6);
 *    - ASSESS_TIES_BREAK: equal totals are told apart by the keys, which decide the rank;
 *      units equal on the total and on every key tie. The unit id never decides a rank.
 *
 * 5. Grades per group (assess_grade). The 优秀 quota is floor(share × n) over all n members
 *    (vetoed ones included), share taken to 4 decimals (0.2 × 14 → 2; a group of 4 with
 *    share 0.2 has quota 0; an empty group grades nothing). Candidates for 优秀 are the
 *    units not vetoed with total ≥ excellent_min, in rank order; they are taken rank by
 *    rank while the quota holds. When the units sharing a rank would not all fit, none of
 *    them is 优秀 (the quota is never exceeded, and equal ranks get equal grades); later
 *    ranks are not considered. Every other unit: 良好 when total ≥ good_min, 一般 when ≥
 *    fair_min, else 较差. A vetoed unit is 较差.
 *
 * 6. Demonstration collectives. A unit may be named (assess_nameable) when it is graded 优秀,
 *    not vetoed and has no unresolved red item at cycle end (an input flag). assess_allocate
 *    shares the total T across groups in proportion to their sizes n_g (members, not just
 *    the nameable) by the largest-remainder (Hamilton) method: each group gets
 *    floor(T × n_g / N), N = Σ n_g; the seats left go one each to the largest remainders
 *    (T × n_g mod N, compared exactly); equal remainders go first to the larger group, then
 *    to the lower group id. A group never gets more seats than it has nameable units: every
 *    group whose share exceeds that is fixed at its nameable count, and the seats it cannot
 *    use are shared again, by the same method, among the groups not fixed (in proportion to
 *    their sizes), until no group exceeds its count — so the surplus follows group size,
 *    not one seat per group per pass. Seats no group can take are reported as unfilled.
 *    assess_name then names, in each group, the first `seats` nameable units in rank order;
 *    when the last seat falls among units sharing a rank, the tie-break order of rule 4
 *    (keys, then id) decides. */
#ifndef LD_ASSESS_H
#define LD_ASSESS_H

#include <stdbool.h>

#include "core/err.h"

/* ---------- numbers ---------- */

/* v in whole hundredths, rounded half away from zero as described above. */
long long assess_cents(double v);
/* v rounded to two decimals the same way: assess_cents(v) / 100.0. */
double assess_round2(double v);

/* ---------- 1. reviewers' scores ---------- */

struct assess_trim {
	bool has_score;   /* false when there were no scores: mean is 0 */
	double mean;      /* rounded to two decimals */
	int used;         /* scores averaged: n, or n − 2 when n ≥ 5 */
	int dropped_high; /* index of the dropped highest score, −1 when none dropped */
	int dropped_low;  /* index of the dropped lowest score, −1 when none dropped */
};

/* The trimmed mean of n reviewers' scores (scores may be NULL when n is 0). Each score is
 * rounded to two decimals before use. */
void assess_trim(const double *scores, int n, struct assess_trim *out);

/* ---------- 3. the indicator tree ---------- */

enum assess_method {
	ASSESS_BRANCH,
	ASSESS_AUTO,
	ASSESS_MANUAL,
	ASSESS_BONUS,
	ASSESS_DEDUCTION,
	ASSESS_VETO,
};

/* One indicator. The same array serves every unit of the cycle. */
struct assess_indicator {
	int parent;               /* index of a BRANCH before this one; −1 for a 一级 indicator */
	enum assess_method method;
	double max;               /* ≥ 0: the cap (BRANCH, AUTO, MANUAL, BONUS), the most a
	                             DEDUCTION takes away; unused for VETO */
	double full_at;           /* AUTO: the rate that earns max */
	double zero_at;           /* AUTO: the rate at or below which it earns 0; < full_at */
};

struct assess_tree {
	const struct assess_indicator *ind;
	int n;
	double bonus_cap;         /* the most all BONUS nodes of a unit add together; < 0: none */
};

/* 2. The AUTO score of indicator `ind` for `rate` (a finite number; an invalid rule with
 * zero_at ≥ full_at earns max at rate ≥ full_at and 0 below). */
double assess_auto(const struct assess_indicator *ind, double rate);

/* What one unit brings to one indicator; only the fields of its method are read. */
struct assess_leaf {
	double rate;              /* AUTO */
	const double *scores;     /* MANUAL: the reviewers' scores */
	int n_scores;
	const double *points;     /* BONUS, DEDUCTION: each line's points, each > 0 */
	int n_points;
	bool veto;                /* VETO: a confirmed veto */
};

enum assess_limit {
	ASSESS_LIMIT_NONE,
	ASSESS_LIMIT_CAP,         /* lowered to the node's upper bound (max; 0 for DEDUCTION) */
	ASSESS_LIMIT_FLOOR,       /* raised to the node's lower bound (0; −max for DEDUCTION) */
};

struct assess_node_score {
	double raw;               /* BRANCH: Σ children's scores; AUTO: rule 2; MANUAL: the
	                             trimmed mean; BONUS: Σ lines; DEDUCTION: −Σ lines; VETO: 0 */
	enum assess_limit limit;
	double limit_delta;       /* what the limit changed: < 0 for a cap, > 0 for a floor */
	double bonus_cut;         /* BONUS: ≤ 0, cut by the unit's bonus cap; else 0 */
	double score;             /* raw + limit_delta + bonus_cut: what the parent adds */
	bool has_score;           /* MANUAL: false when nobody scored; true for other methods */
	struct assess_trim trim;  /* MANUAL: the reviewers' mean and the dropped scores */
	bool vetoed;              /* VETO: confirmed */
};

struct assess_total {
	double sum;               /* Σ 一级 scores */
	double floor;             /* ≥ 0: added so the total is not negative */
	double total;             /* sum + floor */
	bool vetoed;
	int veto_node;            /* index of the first confirmed VETO node, −1 when none */
};

/* Whether the tree is well formed: parents before children and of method BRANCH, maxima
 * and thresholds finite, 0 ≤ max ≤ 1e9, AUTO zero_at < full_at, |bonus_cap| ≤ 1e9. LD_OK, or
 * LD_VALIDATION with *bad set to the first bad node (−1 for the bonus cap). */
enum lderr assess_tree_check(const struct assess_tree *t, int *bad);

/* Scores one unit: in[i] is its input for indicator i, out[i] receives node i's score
 * (both arrays of t->n), *total the unit total. LD_VALIDATION with *bad set to the node
 * when the tree is malformed, an input is not a finite number within ±1e9, or a line's
 * points are not > 0; out and *total are then unspecified. */
enum lderr assess_score(const struct assess_tree *t, const struct assess_leaf *in,
                        struct assess_node_score *out, struct assess_total *total, int *bad);

/* ---------- 4–6. a peer group ---------- */

enum assess_ties {
	ASSESS_TIES_SHARE,        /* equal totals share a rank; keys only order them */
	ASSESS_TIES_BREAK,        /* keys decide ranks; equal on total and every key share */
};

enum assess_key_order { ASSESS_KEY_DESC, ASSESS_KEY_ASC };

struct assess_rank_rule {
	int n_keys;                            /* tie-break keys per unit, 0 for none */
	const enum assess_key_order *key_order; /* n_keys entries; NULL: all descending */
	enum assess_ties ties;
};

enum assess_grade { ASSESS_EXCELLENT, ASSESS_GOOD, ASSESS_FAIR, ASSESS_POOR };

struct assess_grade_rule {
	double excellent_share;   /* in [0, 1], e.g. 0.2 */
	double excellent_min;     /* e.g. 90 */
	double good_min;          /* e.g. 80 */
	double fair_min;          /* e.g. 60 */
};

/* One member of a peer group: inputs first, then what the functions below fill in. */
struct assess_unit {
	long long id;             /* unique in the group: the last ordering key, ascending */
	double total;
	const double *keys;       /* n_keys tie-break values (may be NULL when n_keys is 0) */
	bool vetoed;
	bool red_open;            /* an unresolved red item at cycle end: never named */
	int rank;                 /* set by assess_rank, from 1 */
	enum assess_grade grade;  /* set by assess_grade */
	bool named;               /* set by assess_name */
};

/* Sets u[i].rank for the n units and fills order[0..n−1] with their indexes in ranked
 * order (rule 4). n may be 0. */
void assess_rank(struct assess_unit *u, int n, const struct assess_rank_rule *rule, int *order);

/* Sets u[i].grade (rule 5); ranks and order must come from assess_rank. Returns the
 * number graded 优秀 (≤ the quota). */
int assess_grade(struct assess_unit *u, int n, const int *order, const struct assess_grade_rule *rule);

/* The 优秀 quota of a group of n: floor(share × n), share to 4 decimals. */
int assess_excellent_quota(double share, int n);

/* Whether u may be named a demonstration collective: 优秀, not vetoed, no open red item. */
bool assess_nameable(const struct assess_unit *u);
/* How many of the n units are nameable. */
int assess_nameable_count(const struct assess_unit *u, int n);

struct assess_group {
	long long id;             /* unique: breaks equal remainders after size */
	int size;                 /* member units, ≥ 0 */
	int nameable;             /* assess_nameable_count of its units, ≤ size */
	int seats;                /* set by assess_allocate */
	bool capped;              /* set: seats limited to nameable, the rest went elsewhere */
};

/* Shares `total` seats among the n groups (rule 6), setting seats and capped. Returns
 * the seats no group could take (0 unless fewer units are nameable than seats). */
int assess_allocate(struct assess_group *g, int n, int total);

/* Names the first `seats` nameable units of one group in rank order (order from
 * assess_rank), setting u[i].named; returns how many were named. */
int assess_name(struct assess_unit *u, int n, const int *order, int seats);

/* ---------- names ---------- */

/* "branch", "auto", "manual", "bonus", "deduction", "veto" ↔ the enum; −1 when unknown. */
int assess_method_from(const char *s);
const char *assess_method_name(enum assess_method m);
/* "excellent", "good", "fair", "poor" ↔ the enum; −1 when unknown. */
int assess_grade_from(const char *s);
const char *assess_grade_name(enum assess_grade g);
/* "优秀", "良好", "一般", "较差". */
const char *assess_grade_name_zh(enum assess_grade g);

#endif
