#include "test.h"

#include <string.h>

#include "core/assess.h"

/* Scores compared to the hundredth, as the rules define them; and every score returned must
 * already be a whole number of hundredths. */
#define assert_pts(v, expected)                                          \
	do {                                                             \
		assert_true((v) == assess_round2(v));                    \
		assert_int_equal(assess_cents(v), assess_cents(expected)); \
	} while (0)

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---------- numbers ---------- */

static void rounding_is_half_away_from_zero_on_the_decimal(void **state)
{
	(void)state;
	assert_int_equal(assess_cents(8.125), 813);
	assert_int_equal(assess_cents(-8.125), -813);
	assert_int_equal(assess_cents(2.675), 268); /* 2.67499999… in binary */
	assert_int_equal(assess_cents(1.005), 101);
	assert_int_equal(assess_cents(8.124), 812);
	assert_int_equal(assess_cents(0), 0);
	assert_true(assess_round2(1.0 / 3.0) == 0.33);
}

/* ---------- 1. trimmed means ---------- */

static void fewer_than_five_scores_are_a_plain_mean(void **state)
{
	(void)state;
	struct assess_trim t;
	const double four[] = {8, 9, 10, 7.5}; /* 34.5 / 4 = 8.625 → 8.63 */
	assess_trim(four, 4, &t);
	assert_true(t.has_score);
	assert_pts(t.mean, 8.63);
	assert_int_equal(t.used, 4);
	assert_int_equal(t.dropped_high, -1);
	assert_int_equal(t.dropped_low, -1);
	const double three[] = {1, 1, 2}; /* 4 / 3 → 1.33 */
	assess_trim(three, 3, &t);
	assert_pts(t.mean, 1.33);
	const double one[] = {6.5};
	assess_trim(one, 1, &t);
	assert_pts(t.mean, 6.5);
	/* a half hundredth rounds away from zero on either side */
	const double up[] = {0.01, 0.02}, down[] = {-0.01, -0.02};
	assess_trim(up, 2, &t);
	assert_pts(t.mean, 0.02);
	assess_trim(down, 2, &t);
	assert_pts(t.mean, -0.02);
}

static void five_or_more_drop_one_highest_and_one_lowest(void **state)
{
	(void)state;
	struct assess_trim t;
	const double five[] = {9, 6, 8, 10, 7}; /* drop 10 (3) and 6 (1): 24 / 3 = 8 */
	assess_trim(five, 5, &t);
	assert_int_equal(t.dropped_high, 3);
	assert_int_equal(t.dropped_low, 1);
	assert_int_equal(t.used, 3);
	assert_pts(t.mean, 8.0);
	/* 9.5 and 6 each appear twice: the first of each goes (2 and 3);
	 * 8.5 + 9 + 9.5 + 6 + 7.1 = 40.1, / 5 = 8.02 */
	const double seven[] = {8.5, 9, 9.5, 6, 9.5, 6, 7.1};
	assess_trim(seven, 7, &t);
	assert_int_equal(t.dropped_high, 2);
	assert_int_equal(t.dropped_low, 3);
	assert_int_equal(t.used, 5);
	assert_pts(t.mean, 8.02);
	/* six: 14 + 13 + 15 + 14 = 56 / 4 = 14 */
	const double six[] = {14, 15, 13, 12, 15, 14};
	assess_trim(six, 6, &t);
	assert_int_equal(t.dropped_high, 1);
	assert_int_equal(t.dropped_low, 3);
	assert_pts(t.mean, 14.0);
}

static void equal_extremes_drop_the_first_occurrence(void **state)
{
	(void)state;
	struct assess_trim t;
	const double ties[] = {7, 10, 7, 10, 9}; /* drop 10 at 1, 7 at 0: 7 + 10 + 9 = 26 / 3 → 8.67 */
	assess_trim(ties, 5, &t);
	assert_int_equal(t.dropped_high, 1);
	assert_int_equal(t.dropped_low, 0);
	assert_pts(t.mean, 8.67);
	const double same[] = {8, 8, 8, 8, 8}; /* one maximum and one other minimum: 0 and 1 */
	assess_trim(same, 5, &t);
	assert_int_equal(t.dropped_high, 0);
	assert_int_equal(t.dropped_low, 1);
	assert_int_equal(t.used, 3);
	assert_pts(t.mean, 8.0);
	const double top[] = {10, 10, 10, 10, 9}; /* the lowest is last */
	assess_trim(top, 5, &t);
	assert_int_equal(t.dropped_high, 0);
	assert_int_equal(t.dropped_low, 4);
	assert_pts(t.mean, 10.0);
}

static void no_scores_is_no_score(void **state)
{
	(void)state;
	struct assess_trim t;
	assess_trim(NULL, 0, &t);
	assert_false(t.has_score);
	assert_int_equal(t.used, 0);
	assert_pts(t.mean, 0);
	assert_int_equal(t.dropped_high, -1);
	assert_int_equal(t.dropped_low, -1);
}

/* ---------- 2. auto scores ---------- */

static void auto_scores_follow_the_thresholds(void **state)
{
	(void)state;
	struct assess_indicator d = {.parent = -1, .method = ASSESS_AUTO, .max = 10, .full_at = 0.95, .zero_at = 0.6};
	assert_pts(assess_auto(&d, 1.0), 10);
	assert_pts(assess_auto(&d, 0.95), 10);  /* at full_at: full */
	assert_pts(assess_auto(&d, 0.6), 0);    /* at zero_at: nothing */
	assert_pts(assess_auto(&d, 0.5), 0);
	assert_pts(assess_auto(&d, 0.8), 5.71); /* 10 × 0.2 / 0.35 = 5.714… */
	assert_pts(assess_auto(&d, 0.7), 2.86); /* 10 × 0.1 / 0.35 = 2.857… */
	struct assess_indicator linear = {.parent = -1, .method = ASSESS_AUTO, .max = 10, .full_at = 1, .zero_at = 0};
	assert_pts(assess_auto(&linear, 13.0 / 16.0), 8.13); /* 8.125 rounds away from zero */
	assert_pts(assess_auto(&linear, 2.0 / 3.0), 6.67);
	assert_pts(assess_auto(&linear, 17.0 / 20.0), 8.5);
	struct assess_indicator fifteen = {.parent = -1, .method = ASSESS_AUTO, .max = 15, .full_at = 1, .zero_at = 0};
	assert_pts(assess_auto(&fifteen, 0.85), 12.75);
}

/* ---------- 3. the indicator tree ---------- */

/* Every node's parts give its score, every branch's raw is the sum of its children, the
 * 一级 scores give the sum, and sum + floor is the total — all to the hundredth. */
static void assert_explanation_adds_up(const struct assess_tree *t, const struct assess_node_score *o,
                                       const struct assess_total *total)
{
	long long top = 0;
	for (int i = 0; i < t->n; i++) {
		long long parts = assess_cents(o[i].raw) + assess_cents(o[i].limit_delta) + assess_cents(o[i].bonus_cut);
		assert_int_equal(parts, assess_cents(o[i].score));
		assert_true(o[i].raw == assess_round2(o[i].raw));
		assert_true(o[i].limit_delta == assess_round2(o[i].limit_delta));
		assert_true(o[i].bonus_cut == assess_round2(o[i].bonus_cut));
		assert_true(o[i].score == assess_round2(o[i].score));
		if (t->ind[i].parent < 0)
			top += assess_cents(o[i].score);
		if (t->ind[i].method != ASSESS_BRANCH)
			continue;
		long long children = 0;
		for (int j = i + 1; j < t->n; j++)
			if (t->ind[j].parent == i)
				children += assess_cents(o[j].score);
		assert_int_equal(children, assess_cents(o[i].raw));
	}
	assert_int_equal(top, assess_cents(total->sum));
	assert_int_equal(assess_cents(total->sum) + assess_cents(total->floor), assess_cents(total->total));
}

/* A 3-level tree (一级 A, B and top-level bonus, deduction, veto):
 *  0 A  branch 60
 *  1   A1 branch 30
 *  2     auto 20 (0.6 → 0.95), rate 0.8          → 11.43
 *  3     manual 15, six reviewers                → 14 (drop 15 and 12)
 *                                     A1: 25.43
 *  4   A2 branch 20
 *  5     manual 20: 18, 19, 20                   → 19
 *  6     bonus 3: 2 + 2.5 = 4.5                  → 3 (cap −1.5)
 *                                     A2: 22 → 20 (cap −2)
 *  7   A3 branch 10
 *  8     manual 10: 4, 5                         → 4.5
 *  9     deduction 8: 3 + 4                      → −7
 *                                     A3: −2.5 → 0 (floor +2.5)
 *                                     A: 25.43 + 20 + 0 = 45.43
 * 10 B  branch 40
 * 11   manual 40: 41, 42 (over the max)          → 41.5 → 40 (cap −1.5)
 * 12   deduction 5: 3 + 4                        → −7 → −5 (floor +2)
 *                                     B: 35
 * 13 bonus 4: 3; unit bonus cap 5, node 6 took 3 → 2 (cut −1)
 * 14 deduction 10: 1.25                          → −1.25
 * 15 veto                                        → 0
 * total 45.43 + 35 + 2 − 1.25 + 0 = 81.18 */
static const struct assess_indicator tree_ind[] = {
	{-1, ASSESS_BRANCH, 60, 0, 0},   {0, ASSESS_BRANCH, 30, 0, 0},    {1, ASSESS_AUTO, 20, 0.95, 0.6},
	{1, ASSESS_MANUAL, 15, 0, 0},    {0, ASSESS_BRANCH, 20, 0, 0},    {4, ASSESS_MANUAL, 20, 0, 0},
	{4, ASSESS_BONUS, 3, 0, 0},      {0, ASSESS_BRANCH, 10, 0, 0},    {7, ASSESS_MANUAL, 10, 0, 0},
	{7, ASSESS_DEDUCTION, 8, 0, 0},  {-1, ASSESS_BRANCH, 40, 0, 0},   {10, ASSESS_MANUAL, 40, 0, 0},
	{10, ASSESS_DEDUCTION, 5, 0, 0}, {-1, ASSESS_BONUS, 4, 0, 0},     {-1, ASSESS_DEDUCTION, 10, 0, 0},
	{-1, ASSESS_VETO, 0, 0, 0},
};
static const double s3[] = {14, 15, 13, 12, 15, 14}, s5[] = {18, 19, 20}, p6[] = {2, 2.5};
static const double s8[] = {4, 5}, p9[] = {3, 4}, s11[] = {41, 42}, p12[] = {3, 4}, p13[] = {3}, p14[] = {1.25};

static void fill_tree_inputs(struct assess_leaf *in, bool veto)
{
	memset(in, 0, sizeof(*in) * N_OF(tree_ind));
	in[2].rate = 0.8;
	in[3] = (struct assess_leaf){.scores = s3, .n_scores = 6};
	in[5] = (struct assess_leaf){.scores = s5, .n_scores = 3};
	in[6] = (struct assess_leaf){.points = p6, .n_points = 2};
	in[8] = (struct assess_leaf){.scores = s8, .n_scores = 2};
	in[9] = (struct assess_leaf){.points = p9, .n_points = 2};
	in[11] = (struct assess_leaf){.scores = s11, .n_scores = 2};
	in[12] = (struct assess_leaf){.points = p12, .n_points = 2};
	in[13] = (struct assess_leaf){.points = p13, .n_points = 1};
	in[14] = (struct assess_leaf){.points = p14, .n_points = 1};
	in[15].veto = veto;
}

static void a_tree_with_caps_floors_bonus_and_deductions(void **state)
{
	(void)state;
	struct assess_tree t = {tree_ind, N_OF(tree_ind), 5};
	struct assess_leaf in[N_OF(tree_ind)];
	struct assess_node_score o[N_OF(tree_ind)];
	struct assess_total total;
	int bad = 99;
	fill_tree_inputs(in, false);
	assert_int_equal(assess_score(&t, in, o, &total, &bad), LD_OK);
	assert_pts(o[2].score, 11.43); /* 20 × 0.2 / 0.35 = 11.428… */
	assert_pts(o[3].score, 14);
	assert_int_equal(o[3].trim.dropped_high, 1);
	assert_int_equal(o[3].trim.dropped_low, 3);
	assert_pts(o[1].raw, 25.43);
	assert_int_equal(o[1].limit, ASSESS_LIMIT_NONE);
	/* the bonus beyond its own cap */
	assert_pts(o[6].raw, 4.5);
	assert_int_equal(o[6].limit, ASSESS_LIMIT_CAP);
	assert_pts(o[6].limit_delta, -1.5);
	assert_pts(o[6].bonus_cut, 0);
	assert_pts(o[6].score, 3);
	/* the branch over its max */
	assert_pts(o[4].raw, 22);
	assert_int_equal(o[4].limit, ASSESS_LIMIT_CAP);
	assert_pts(o[4].limit_delta, -2);
	assert_pts(o[4].score, 20);
	/* the deduction that would take its branch below zero */
	assert_pts(o[9].score, -7);
	assert_int_equal(o[9].limit, ASSESS_LIMIT_NONE);
	assert_pts(o[7].raw, -2.5);
	assert_int_equal(o[7].limit, ASSESS_LIMIT_FLOOR);
	assert_pts(o[7].limit_delta, 2.5);
	assert_pts(o[7].score, 0);
	assert_pts(o[0].score, 45.43);
	/* a reviewers' mean over the max, deductions over theirs */
	assert_int_equal(o[11].limit, ASSESS_LIMIT_CAP);
	assert_pts(o[11].raw, 41.5);
	assert_pts(o[11].score, 40);
	assert_pts(o[12].raw, -7);
	assert_int_equal(o[12].limit, ASSESS_LIMIT_FLOOR);
	assert_pts(o[12].limit_delta, 2);
	assert_pts(o[12].score, -5);
	assert_pts(o[10].score, 35);
	/* the unit's bonus cap of 5: node 6 keeps 3, node 13 only 2 */
	assert_pts(o[13].raw, 3);
	assert_int_equal(o[13].limit, ASSESS_LIMIT_NONE);
	assert_pts(o[13].bonus_cut, -1);
	assert_pts(o[13].score, 2);
	assert_pts(o[14].score, -1.25);
	assert_pts(o[15].score, 0);
	assert_false(o[15].vetoed);
	assert_pts(total.sum, 81.18);
	assert_pts(total.floor, 0);
	assert_pts(total.total, 81.18);
	assert_false(total.vetoed);
	assert_int_equal(total.veto_node, -1);
	assert_explanation_adds_up(&t, o, &total);
}

static void a_veto_keeps_the_score_and_marks_the_unit(void **state)
{
	(void)state;
	struct assess_tree t = {tree_ind, N_OF(tree_ind), 5};
	struct assess_leaf in[N_OF(tree_ind)];
	struct assess_node_score o[N_OF(tree_ind)];
	struct assess_total total;
	int bad;
	fill_tree_inputs(in, true);
	assert_int_equal(assess_score(&t, in, o, &total, &bad), LD_OK);
	assert_true(o[15].vetoed);
	assert_pts(o[15].score, 0);
	assert_true(total.vetoed);
	assert_int_equal(total.veto_node, 15);
	assert_pts(total.total, 81.18);
	assert_explanation_adds_up(&t, o, &total);
	/* and graded 较差 whatever the total */
	struct assess_unit u[] = {{.id = 1, .total = total.total, .vetoed = total.vetoed}};
	struct assess_rank_rule rr = {0};
	struct assess_grade_rule gr = {1.0, 80, 70, 60};
	int order[1];
	assess_rank(u, 1, &rr, order);
	assert_int_equal(assess_grade(u, 1, order, &gr), 0);
	assert_int_equal(u[0].grade, ASSESS_POOR);
	assert_false(assess_nameable(&u[0]));
}

static void no_bonus_cap_and_nobody_scored(void **state)
{
	(void)state;
	struct assess_tree t = {tree_ind, N_OF(tree_ind), -1};
	struct assess_leaf in[N_OF(tree_ind)];
	struct assess_node_score o[N_OF(tree_ind)];
	struct assess_total total;
	int bad;
	fill_tree_inputs(in, false);
	in[3] = (struct assess_leaf){0}; /* no reviewer scored A1's manual indicator */
	assert_int_equal(assess_score(&t, in, o, &total, &bad), LD_OK);
	assert_false(o[3].has_score);
	assert_pts(o[3].score, 0);
	assert_true(o[2].has_score);
	assert_pts(o[13].score, 3); /* no unit cap: 3 + 3 of bonus */
	assert_pts(o[13].bonus_cut, 0);
	/* 11.43 + 0 + 20 + 0 = 31.43; + 35 + 3 − 1.25 = 68.18 */
	assert_pts(total.total, 68.18);
	assert_explanation_adds_up(&t, o, &total);
}

static void the_unit_total_is_floored_at_zero(void **state)
{
	(void)state;
	const struct assess_indicator ind[] = {{-1, ASSESS_MANUAL, 10, 0, 0}, {-1, ASSESS_DEDUCTION, 10, 0, 0}};
	const double s[] = {2}, p[] = {5};
	const struct assess_leaf in[] = {{.scores = s, .n_scores = 1}, {.points = p, .n_points = 1}};
	struct assess_tree t = {ind, 2, 5};
	struct assess_node_score o[2];
	struct assess_total total;
	int bad;
	assert_int_equal(assess_score(&t, in, o, &total, &bad), LD_OK);
	assert_pts(total.sum, -3);
	assert_pts(total.floor, 3);
	assert_pts(total.total, 0);
	assert_explanation_adds_up(&t, o, &total);
	/* an empty tree scores 0 */
	struct assess_tree empty = {NULL, 0, 5};
	assert_int_equal(assess_score(&empty, NULL, NULL, &total, &bad), LD_OK);
	assert_pts(total.total, 0);
}

static void malformed_trees_and_inputs_are_refused(void **state)
{
	(void)state;
	struct assess_node_score o[3];
	struct assess_total total;
	int bad;
	const struct assess_leaf none[3] = {{0}};
	/* a child before its parent */
	const struct assess_indicator late[] = {{1, ASSESS_MANUAL, 10, 0, 0}, {-1, ASSESS_BRANCH, 10, 0, 0}};
	struct assess_tree t = {late, 2, 5};
	assert_int_equal(assess_tree_check(&t, &bad), LD_VALIDATION);
	assert_int_equal(bad, 0);
	assert_int_equal(assess_score(&t, none, o, &total, &bad), LD_VALIDATION);
	/* a parent that is not a branch */
	const struct assess_indicator leafy[] = {{-1, ASSESS_MANUAL, 10, 0, 0}, {0, ASSESS_MANUAL, 10, 0, 0}};
	t = (struct assess_tree){leafy, 2, 5};
	assert_int_equal(assess_tree_check(&t, &bad), LD_VALIDATION);
	assert_int_equal(bad, 1);
	/* thresholds the wrong way round, a negative max */
	const struct assess_indicator odd[] = {{-1, ASSESS_BRANCH, 10, 0, 0}, {0, ASSESS_AUTO, 10, 0.5, 0.5}};
	t = (struct assess_tree){odd, 2, 5};
	assert_int_equal(assess_tree_check(&t, &bad), LD_VALIDATION);
	assert_int_equal(bad, 1);
	const struct assess_indicator neg[] = {{-1, ASSESS_BONUS, -1, 0, 0}};
	t = (struct assess_tree){neg, 1, 5};
	assert_int_equal(assess_tree_check(&t, &bad), LD_VALIDATION);
	assert_int_equal(bad, 0);
	/* a line of zero points */
	const struct assess_indicator ok[] = {{-1, ASSESS_BRANCH, 10, 0, 0}, {0, ASSESS_MANUAL, 10, 0, 0}, {0, ASSESS_DEDUCTION, 5, 0, 0}};
	const double zero[] = {0};
	struct assess_leaf in[3] = {{0}};
	in[2] = (struct assess_leaf){.points = zero, .n_points = 1};
	t = (struct assess_tree){ok, 3, 5};
	assert_int_equal(assess_tree_check(&t, &bad), LD_OK);
	assert_int_equal(assess_score(&t, in, o, &total, &bad), LD_VALIDATION);
	assert_int_equal(bad, 2);
}

/* ---------- 4. ranks ---------- */

static void ties_share_a_rank_and_the_next_skips(void **state)
{
	(void)state;
	struct assess_unit u[] = {
		{.id = 7, .total = 95}, {.id = 5, .total = 88}, {.id = 3, .total = 88}, {.id = 1, .total = 80},
	};
	struct assess_rank_rule r = {0};
	int order[4];
	assess_rank(u, 4, &r, order);
	assert_int_equal(u[0].rank, 1);
	assert_int_equal(u[1].rank, 2);
	assert_int_equal(u[2].rank, 2);
	assert_int_equal(u[3].rank, 4);
	/* the tied units in id order */
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
	assert_int_equal(order[3], 3);
}

static void tie_break_keys_order_but_do_not_rank_by_default(void **state)
{
	(void)state;
	const double k7[] = {50, 1}, k5[] = {45, 9}, k3[] = {40, 9}, k1[] = {40, 2};
	struct assess_unit u[] = {
		{.id = 7, .total = 95, .keys = k7}, {.id = 3, .total = 88, .keys = k3},
		{.id = 5, .total = 88, .keys = k5}, {.id = 1, .total = 80, .keys = k1},
	};
	struct assess_rank_rule r = {.n_keys = 2, .key_order = NULL, .ties = ASSESS_TIES_SHARE};
	int order[4];
	assess_rank(u, 4, &r, order);
	/* 88 and 88 share rank 2; the higher first key (45, id 5) comes first */
	assert_int_equal(u[1].rank, 2);
	assert_int_equal(u[2].rank, 2);
	assert_int_equal(u[3].rank, 4);
	assert_int_equal(u[order[1]].id, 5);
	assert_int_equal(u[order[2]].id, 3);
	/* the keys deciding ranks */
	r.ties = ASSESS_TIES_BREAK;
	assess_rank(u, 4, &r, order);
	assert_int_equal(u[2].rank, 2); /* id 5 */
	assert_int_equal(u[1].rank, 3); /* id 3 */
	assert_int_equal(u[3].rank, 4);
	/* an ascending key reverses them */
	const enum assess_key_order asc[] = {ASSESS_KEY_ASC, ASSESS_KEY_DESC};
	r.key_order = asc;
	assess_rank(u, 4, &r, order);
	assert_int_equal(u[1].rank, 2); /* id 3, key 40 */
	assert_int_equal(u[2].rank, 3);
}

static void units_equal_on_every_key_still_share_when_keys_decide(void **state)
{
	(void)state;
	const double a[] = {30}, b[] = {30}, c[] = {20};
	struct assess_unit u[] = {
		{.id = 9, .total = 70, .keys = a}, {.id = 2, .total = 70, .keys = b}, {.id = 4, .total = 70, .keys = c},
	};
	struct assess_rank_rule r = {.n_keys = 1, .ties = ASSESS_TIES_BREAK};
	int order[3];
	assess_rank(u, 3, &r, order);
	assert_int_equal(u[0].rank, 1);
	assert_int_equal(u[1].rank, 1);
	assert_int_equal(u[2].rank, 3);
	assert_int_equal(u[order[0]].id, 2); /* the id orders, never ranks */
	assert_int_equal(u[order[1]].id, 9);
}

static void ranking_ignores_input_order(void **state)
{
	(void)state;
	/* 12 units, with ties, fed in two different orders: the same ranks and the same ids in
	 * the same places */
	const double totals[] = {70, 85.5, 85.5, 60, 92, 85.5, 70, 99.99, 10, 85.49, 70, 0};
	struct assess_unit a[12], b[12];
	for (int i = 0; i < 12; i++) {
		a[i] = (struct assess_unit){.id = 100 + i, .total = totals[i]};
		b[11 - i] = a[i];
	}
	struct assess_rank_rule r = {0};
	int oa[12], ob[12];
	assess_rank(a, 12, &r, oa);
	assess_rank(b, 12, &r, ob);
	for (int i = 0; i < 12; i++) {
		assert_int_equal(a[i].rank, b[11 - i].rank);
		assert_int_equal(a[oa[i]].id, b[ob[i]].id);
	}
	/* 99.99 first, 92 second, three at 85.5 share 3, 85.49 is 6th */
	assert_int_equal(a[7].rank, 1);
	assert_int_equal(a[4].rank, 2);
	assert_int_equal(a[1].rank, 3);
	assert_int_equal(a[5].rank, 3);
	assert_int_equal(a[9].rank, 6);
	assert_int_equal(a[0].rank, 7);
	assert_int_equal(a[10].rank, 7);
	assert_int_equal(a[11].rank, 12);
	/* and an empty group */
	assess_rank(NULL, 0, &r, NULL);
}

/* ---------- 5. grades ---------- */

static void make_group_of_ten(struct assess_unit *u)
{
	const double totals[] = {99, 96, 94, 94, 91, 85, 80, 79.99, 60, 59.99};
	for (int i = 0; i < 10; i++)
		u[i] = (struct assess_unit){.id = i + 1, .total = totals[i]};
	u[0].vetoed = true;
}

static void a_tie_straddling_the_quota_is_left_out(void **state)
{
	(void)state;
	struct assess_unit u[10];
	struct assess_rank_rule r = {0};
	struct assess_grade_rule g = {0.2, 90, 80, 60};
	int order[10];
	make_group_of_ten(u);
	assess_rank(u, 10, &r, order);
	/* quota floor(0.2 × 10) = 2; the vetoed 99 takes none; 96 is in; the two at 94 share
	 * rank 3 and would make 3 > 2, so neither is 优秀 — and 91 after them is not either */
	assert_int_equal(u[0].rank, 1);
	assert_int_equal(u[2].rank, 3);
	assert_int_equal(u[3].rank, 3);
	assert_int_equal(assess_grade(u, 10, order, &g), 1);
	const enum assess_grade want[] = {ASSESS_POOR, ASSESS_EXCELLENT, ASSESS_GOOD, ASSESS_GOOD, ASSESS_GOOD,
	                                  ASSESS_GOOD, ASSESS_GOOD, ASSESS_FAIR, ASSESS_FAIR, ASSESS_POOR};
	for (int i = 0; i < 10; i++)
		assert_int_equal(u[i].grade, want[i]);
	/* quota 3: the tie fits, 91 does not */
	g.excellent_share = 0.3;
	assert_int_equal(assess_grade(u, 10, order, &g), 3);
	assert_int_equal(u[2].grade, ASSESS_EXCELLENT);
	assert_int_equal(u[3].grade, ASSESS_EXCELLENT);
	assert_int_equal(u[4].grade, ASSESS_GOOD);
	/* quota 5: only four reach the threshold of 90 */
	g.excellent_share = 0.5;
	assert_int_equal(assess_grade(u, 10, order, &g), 4);
	assert_int_equal(u[4].grade, ASSESS_EXCELLENT);
	assert_int_equal(u[5].grade, ASSESS_GOOD);
	assert_int_equal(u[0].grade, ASSESS_POOR);
}

static void small_and_empty_groups(void **state)
{
	(void)state;
	struct assess_unit u[] = {{.id = 1, .total = 99}, {.id = 2, .total = 98}, {.id = 3, .total = 97}};
	struct assess_rank_rule r = {0};
	struct assess_grade_rule g = {0.2, 90, 80, 60};
	int order[3];
	assess_rank(u, 3, &r, order);
	/* floor(0.2 × 3) = 0: nobody is 优秀, all are 良好 */
	assert_int_equal(assess_grade(u, 3, order, &g), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(u[i].grade, ASSESS_GOOD);
	assert_int_equal(assess_nameable_count(u, 3), 0);
	assert_int_equal(assess_name(u, 3, order, 2), 0);
	/* empty */
	assert_int_equal(assess_grade(NULL, 0, NULL, &g), 0);
	assert_int_equal(assess_nameable_count(NULL, 0), 0);
	assert_int_equal(assess_name(NULL, 0, NULL, 3), 0);
	/* quotas */
	assert_int_equal(assess_excellent_quota(0.2, 4), 0);
	assert_int_equal(assess_excellent_quota(0.2, 5), 1);
	assert_int_equal(assess_excellent_quota(0.2, 14), 2);
	assert_int_equal(assess_excellent_quota(0.29, 100), 29); /* 28.999… in binary */
	assert_int_equal(assess_excellent_quota(0.2, 0), 0);
	assert_int_equal(assess_excellent_quota(1.0, 7), 7);
	assert_int_equal(assess_excellent_quota(0, 7), 0);
}

/* ---------- 6. demonstration collectives ---------- */

static void seats_by_largest_remainder(void **state)
{
	(void)state;
	/* 10 seats over 7, 5, 3: quotas 4.67, 3.33, 2 → 4, 3, 2 and the one left to 0.67 */
	struct assess_group g[] = {{.id = 1, .size = 7, .nameable = 7}, {.id = 2, .size = 5, .nameable = 5}, {.id = 3, .size = 3, .nameable = 3}};
	assert_int_equal(assess_allocate(g, 3, 10), 0);
	assert_int_equal(g[0].seats, 5);
	assert_int_equal(g[1].seats, 3);
	assert_int_equal(g[2].seats, 2);
	assert_false(g[0].capped);
	/* an empty group gets nothing: 5 over 0, 6, 4 → 0, 3, 2 */
	struct assess_group e[] = {{.id = 1, .size = 0}, {.id = 2, .size = 6, .nameable = 6}, {.id = 3, .size = 4, .nameable = 4}};
	assert_int_equal(assess_allocate(e, 3, 5), 0);
	assert_int_equal(e[0].seats, 0);
	assert_int_equal(e[1].seats, 3);
	assert_int_equal(e[2].seats, 2);
	/* nothing to share, nobody to share with */
	assert_int_equal(assess_allocate(g, 3, 0), 0);
	assert_int_equal(g[0].seats + g[1].seats + g[2].seats, 0);
	struct assess_group z[] = {{.id = 1, .size = 0}};
	assert_int_equal(assess_allocate(z, 1, 4), 4);
	assert_int_equal(assess_allocate(NULL, 0, 4), 4);
}

static void equal_remainders_go_to_the_larger_then_the_lower_id(void **state)
{
	(void)state;
	/* 3 over 3, 1, 2: quotas 1.5, 0.5, 1 → the half goes to the group of 3 */
	struct assess_group g[] = {{.id = 1, .size = 1, .nameable = 1}, {.id = 2, .size = 3, .nameable = 3}, {.id = 3, .size = 2, .nameable = 2}};
	assert_int_equal(assess_allocate(g, 3, 3), 0);
	assert_int_equal(g[0].seats, 0);
	assert_int_equal(g[1].seats, 2);
	assert_int_equal(g[2].seats, 1);
	/* 10 over 5, 5, 5: 3.33 each; the last seat to the lowest id, wherever it sits */
	struct assess_group h[] = {{.id = 30, .size = 5, .nameable = 5}, {.id = 10, .size = 5, .nameable = 5}, {.id = 20, .size = 5, .nameable = 5}};
	assert_int_equal(assess_allocate(h, 3, 10), 0);
	assert_int_equal(h[0].seats, 3);
	assert_int_equal(h[1].seats, 4);
	assert_int_equal(h[2].seats, 3);
}

static void seats_a_group_cannot_use_go_to_the_others(void **state)
{
	(void)state;
	/* 10 over 7, 5, 3 with only 3 nameable in the first: it keeps 3; the other 7 are shared
	 * over 5 and 3: 4.375, 2.625 → 4, 3 */
	struct assess_group g[] = {{.id = 1, .size = 7, .nameable = 3}, {.id = 2, .size = 5, .nameable = 5}, {.id = 3, .size = 3, .nameable = 3}};
	assert_int_equal(assess_allocate(g, 3, 10), 0);
	assert_int_equal(g[0].seats, 3);
	assert_true(g[0].capped);
	assert_int_equal(g[1].seats, 4);
	assert_int_equal(g[2].seats, 3);
	assert_false(g[1].capped);
	/* the surplus follows size: 50 over 100, 100, 10 with none nameable in the first →
	 * 50 over 100 and 10: 45.45, 4.55 → 45, 5 (not one seat each by turns) */
	struct assess_group s[] = {{.id = 1, .size = 100, .nameable = 0}, {.id = 2, .size = 100, .nameable = 60}, {.id = 3, .size = 10, .nameable = 10}};
	assert_int_equal(assess_allocate(s, 3, 50), 0);
	assert_int_equal(s[0].seats, 0);
	assert_int_equal(s[1].seats, 45);
	assert_int_equal(s[2].seats, 5);
	/* fewer nameable than seats in all: 5 over 4 and 4 with 1 and 2 nameable → 1, 2, 2 unfilled */
	struct assess_group f[] = {{.id = 1, .size = 4, .nameable = 1}, {.id = 2, .size = 4, .nameable = 2}};
	assert_int_equal(assess_allocate(f, 2, 5), 2);
	assert_int_equal(f[0].seats, 1);
	assert_int_equal(f[1].seats, 2);
	assert_true(f[0].capped);
	assert_true(f[1].capped);
}

static void naming_follows_rank_among_the_nameable(void **state)
{
	(void)state;
	const double k[][1] = {{0}, {40}, {45}, {0}, {0}, {0}};
	struct assess_unit u[] = {
		{.id = 1, .total = 98, .keys = k[0], .red_open = true}, /* an open red item */
		{.id = 2, .total = 95, .keys = k[1]},
		{.id = 3, .total = 95, .keys = k[2]},
		{.id = 4, .total = 93, .keys = k[3]},
		{.id = 5, .total = 70, .keys = k[4]},
		{.id = 6, .total = 99, .keys = k[5], .vetoed = true},
	};
	struct assess_rank_rule r = {.n_keys = 1};
	struct assess_grade_rule g = {0.8, 90, 80, 60};
	int order[6];
	assess_rank(u, 6, &r, order);
	/* quota floor(0.8 × 6) = 4: 98, 95, 95, 93 are 优秀; 99 is vetoed */
	assert_int_equal(assess_grade(u, 6, order, &g), 4);
	assert_int_equal(assess_nameable_count(u, 6), 3);
	/* one seat: 98 has a red item; 95 and 95 share rank 3, the key (45) gives it to id 3 */
	assert_int_equal(assess_name(u, 6, order, 1), 1);
	assert_true(u[2].named);
	assert_false(u[0].named);
	assert_false(u[1].named);
	/* five seats: only three can be named */
	assert_int_equal(assess_name(u, 6, order, 5), 3);
	assert_true(u[1].named && u[2].named && u[3].named);
	assert_false(u[0].named || u[4].named || u[5].named);
}

static void a_whole_cycle_across_two_groups(void **state)
{
	(void)state;
	/* cities (5) and counties (10), share 0.2, 3 collectives: quotas 1 and 2 */
	struct assess_unit city[] = {{.id = 11, .total = 95}, {.id = 12, .total = 91}, {.id = 13, .total = 85},
	                             {.id = 14, .total = 70}, {.id = 15, .total = 50}};
	struct assess_unit county[10];
	for (int i = 0; i < 10; i++)
		county[i] = (struct assess_unit){.id = 100 + i, .total = 99 - i};
	county[0].red_open = true; /* 99 is 优秀 but has an open red item */
	struct assess_rank_rule r = {0};
	struct assess_grade_rule g = {0.2, 90, 80, 60};
	int oc[5], ok[10];
	assess_rank(city, 5, &r, oc);
	assess_rank(county, 10, &r, ok);
	assert_int_equal(assess_grade(city, 5, oc, &g), 1);
	assert_int_equal(assess_grade(county, 10, ok, &g), 2);
	struct assess_group groups[] = {
		{.id = 1, .size = 5, .nameable = assess_nameable_count(city, 5)},
		{.id = 2, .size = 10, .nameable = assess_nameable_count(county, 10)},
	};
	assert_int_equal(groups[1].nameable, 1);
	/* 3 over 5 and 10 → 1 and 2; the counties can name only one, the cities only one:
	 * one seat goes unfilled */
	assert_int_equal(assess_allocate(groups, 2, 3), 1);
	assert_int_equal(groups[0].seats, 1);
	assert_int_equal(groups[1].seats, 1);
	assert_int_equal(assess_name(city, 5, oc, groups[0].seats), 1);
	assert_int_equal(assess_name(county, 10, ok, groups[1].seats), 1);
	assert_true(city[0].named);
	assert_false(county[0].named);
	assert_true(county[1].named);
}

/* ---------- names ---------- */

static void names_round_trip(void **state)
{
	(void)state;
	for (int m = ASSESS_BRANCH; m <= ASSESS_VETO; m++)
		assert_int_equal(assess_method_from(assess_method_name((enum assess_method)m)), m);
	for (int g = ASSESS_EXCELLENT; g <= ASSESS_POOR; g++)
		assert_int_equal(assess_grade_from(assess_grade_name((enum assess_grade)g)), g);
	assert_int_equal(assess_method_from("points"), -1);
	assert_int_equal(assess_grade_from(NULL), -1);
	assert_string_equal(assess_grade_name_zh(ASSESS_EXCELLENT), "优秀");
	assert_string_equal(assess_grade_name_zh(ASSESS_POOR), "较差");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rounding_is_half_away_from_zero_on_the_decimal),
		cmocka_unit_test(fewer_than_five_scores_are_a_plain_mean),
		cmocka_unit_test(five_or_more_drop_one_highest_and_one_lowest),
		cmocka_unit_test(equal_extremes_drop_the_first_occurrence),
		cmocka_unit_test(no_scores_is_no_score),
		cmocka_unit_test(auto_scores_follow_the_thresholds),
		cmocka_unit_test(a_tree_with_caps_floors_bonus_and_deductions),
		cmocka_unit_test(a_veto_keeps_the_score_and_marks_the_unit),
		cmocka_unit_test(no_bonus_cap_and_nobody_scored),
		cmocka_unit_test(the_unit_total_is_floored_at_zero),
		cmocka_unit_test(malformed_trees_and_inputs_are_refused),
		cmocka_unit_test(ties_share_a_rank_and_the_next_skips),
		cmocka_unit_test(tie_break_keys_order_but_do_not_rank_by_default),
		cmocka_unit_test(units_equal_on_every_key_still_share_when_keys_decide),
		cmocka_unit_test(ranking_ignores_input_order),
		cmocka_unit_test(a_tie_straddling_the_quota_is_left_out),
		cmocka_unit_test(small_and_empty_groups),
		cmocka_unit_test(seats_by_largest_remainder),
		cmocka_unit_test(equal_remainders_go_to_the_larger_then_the_lower_id),
		cmocka_unit_test(seats_a_group_cannot_use_go_to_the_others),
		cmocka_unit_test(naming_follows_rank_among_the_nameable),
		cmocka_unit_test(a_whole_cycle_across_two_groups),
		cmocka_unit_test(names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
