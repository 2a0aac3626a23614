#include "test.h"

#include "core/cycle.h"
#include "core/itemcheck.h"
#include "core/rollup.h"

static void leaves_show_their_own_progress(void **state)
{
	assert_true(rollup_progress(37.5, ITEM_ACTIVE, NULL, 0) == 37.5);
	assert_true(rollup_progress(37.5, ITEM_DONE, NULL, 0) == 100.0);
}

static void weighted_mean_of_children(void **state)
{
	/* three counties, weights 1, 1, 2; 50 %, 0 %, 100 % → (50 + 0 + 200) / 4 = 62.5 */
	struct rollup_child c[] = {{1, 50, ITEM_ACTIVE, true}, {1, 0, ITEM_ACTIVE, true}, {2, 100, ITEM_ACTIVE, true}};
	assert_true(rollup_progress(0, ITEM_ACTIVE, c, 3) == 62.5);
	/* the parent's own progress does not count once it has children */
	assert_true(rollup_progress(90, ITEM_ACTIVE, c, 3) == 62.5);
}

static void unadopted_count_as_zero_cancelled_not_at_all(void **state)
{
	/* 50 % adopted, 80 % not yet adopted (counts 0), one cancelled: (50 + 0) / 2 = 25 */
	struct rollup_child c[] = {{1, 50, ITEM_ACTIVE, true}, {1, 80, ITEM_ACTIVE, false}, {1, 90, ITEM_CANCELLED, true}};
	assert_true(rollup_progress(0, ITEM_ACTIVE, c, 3) == 25.0);
	/* 50/3 rounds to two decimals */
	struct rollup_child d[] = {{1, 50, ITEM_ACTIVE, true}, {1, 0, ITEM_ACTIVE, false}, {1, 0, ITEM_ACTIVE, true}};
	assert_true(rollup_progress(0, ITEM_ACTIVE, d, 3) == 16.67);
	/* a done child counts 100 whatever it reported */
	struct rollup_child e[] = {{1, 40, ITEM_DONE, true}, {1, 0, ITEM_ACTIVE, true}};
	assert_true(rollup_progress(0, ITEM_ACTIVE, e, 2) == 50.0);
	/* every child cancelled: the item's own progress again */
	struct rollup_child f[] = {{1, 40, ITEM_CANCELLED, true}};
	assert_true(rollup_progress(12, ITEM_ACTIVE, f, 1) == 12.0);
}

static void phases_move_one_step(void **state)
{
	bool reason;
	assert_true(phase_can_move(PHASE_PLANNING, PHASE_RUNNING, &reason));
	assert_false(reason);
	assert_true(phase_can_move(PHASE_ASSESSING, PHASE_RUNNING, &reason));
	assert_true(reason);
	assert_false(phase_can_move(PHASE_PLANNING, PHASE_ASSESSING, &reason));
	assert_false(phase_can_move(PHASE_RUNNING, PHASE_RUNNING, &reason));
	assert_true(phase_allows(PHASE_PLANNING, CYCLE_EDIT_ITEMS));
	assert_false(phase_allows(PHASE_PLANNING, CYCLE_REPORT));
	assert_true(phase_allows(PHASE_RUNNING, CYCLE_REPORT));
	assert_true(phase_allows(PHASE_ASSESSING, CYCLE_REVIEW));
	assert_false(phase_allows(PHASE_ASSESSING, CYCLE_REPORT));
	assert_false(phase_allows(PHASE_CLOSED, CYCLE_REVIEW));
	assert_int_equal(phase_from("publicising"), PHASE_PUBLICISING);
	assert_int_equal(phase_from("done"), -1);
}

static void item_rules_name_each_problem(void **state)
{
	struct item_clean out;
	struct item_problem p[ITEM_PROBLEM_MAX];
	struct item_input ok = {"营商环境", "重点任务", "优化审批", "张三", "2026/1/1", "2026年12月31日", false, 0, true};
	assert_int_equal(item_check(&ok, &out, p), 0);
	assert_string_equal(out.start_date, "2026-01-01");
	assert_string_equal(out.due_date, "2026-12-31");
	assert_true(out.weight == 1.0);
	struct item_input bad = {"", "重点任务", " ", "", NULL, "2026-02-30", true, 0, true};
	int n = item_check(&bad, &out, p);
	assert_int_equal(n, 5);
	assert_string_equal(p[0].field, "project");
	assert_string_equal(p[1].field, "title");
	assert_string_equal(p[2].field, "responsible_person");
	assert_string_equal(p[3].field, "due_date");
	assert_string_equal(p[4].field, "weight");
	struct item_input backwards = {"a", "b", "c", "d", "2026-05-01", "2026-04-30", true, 100, true};
	assert_int_equal(item_check(&backwards, &out, p), 1);
	assert_string_equal(p[0].field, "due_date");
	/* children wait for their unit to name a person */
	struct item_input child = {"a", "b", "c", "", NULL, "2026-04-30", false, 0, false};
	assert_int_equal(item_check(&child, &out, p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(leaves_show_their_own_progress),
		cmocka_unit_test(weighted_mean_of_children),
		cmocka_unit_test(unadopted_count_as_zero_cancelled_not_at_all),
		cmocka_unit_test(phases_move_one_step),
		cmocka_unit_test(item_rules_name_each_problem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
