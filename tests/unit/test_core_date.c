#include "test.h"

#include <string.h>

#include "core/date.h"

static void parses_the_ways_people_write_dates(void **state)
{
	char d[11];
	assert_true(date_parse("2025-03-31", d));
	assert_string_equal(d, "2025-03-31");
	assert_true(date_parse("2025/3/31", d));
	assert_string_equal(d, "2025-03-31");
	assert_true(date_parse("2025年3月31日", d));
	assert_string_equal(d, "2025-03-31");
	assert_true(date_parse(" 2025.3.1 ", d));
	assert_string_equal(d, "2025-03-01");
	assert_true(date_parse("2024-02-29", d)); /* a leap year */
}

static void refuses_what_is_not_a_day(void **state)
{
	char d[11];
	assert_false(date_parse(NULL, d));
	assert_false(date_parse("", d));
	assert_false(date_parse("2025-02-29", d)); /* not a leap year */
	assert_false(date_parse("1900-02-29", d)); /* divisible by 100 */
	assert_true(date_parse("2000-02-29", d));  /* but by 400 */
	assert_false(date_parse("2025-13-01", d));
	assert_false(date_parse("2025-04-31", d));
	assert_false(date_parse("2025/3-31", d));  /* mixed separators */
	assert_false(date_parse("2025年3-31", d));
	assert_false(date_parse("25-3-31", d));
	assert_false(date_parse("2025-03-31x", d));
	assert_false(date_parse("45382", d));      /* an Excel serial is not text for a date */
}

static void counts_days(void **state)
{
	char d[11];
	assert_int_equal(date_days("1970-01-01"), 0);
	assert_int_equal(date_days("2026-10-01") - date_days("2026-09-28"), 3);
	assert_int_equal(date_days("2025-03-01") - date_days("2025-02-28"), 1);
	assert_int_equal(date_days("2024-03-01") - date_days("2024-02-28"), 2);
	date_from_days(date_days("2024-12-31") + 1, d);
	assert_string_equal(d, "2025-01-01");
	assert_int_equal(date_weekday(date_days("2026-11-27")), 4); /* a Friday */
	assert_int_equal(date_weekday(date_days("1969-12-29")), 0); /* a Monday, before the epoch */
	/* China's day: 2026-11-27 16:30 UTC is already the 28th in Beijing */
	date_today(1795737600LL + 16 * 3600 + 1800, d);
	assert_string_equal(d, "2026-11-28");
	char p[8];
	date_period(1795737600LL, p);
	assert_string_equal(p, "2026-11");
	assert_true(date_period_valid("2026-03"));
	assert_false(date_period_valid("2026-13"));
	assert_false(date_period_valid("2026-3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_the_ways_people_write_dates),
		cmocka_unit_test(refuses_what_is_not_a_day),
		cmocka_unit_test(counts_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
