#include "test.h"

#include <string.h>

#include "core/region.h"

static void normalises_each_level(void **state)
{
	char out[7];
	assert_int_equal(region_normalise("37", out), REGION_PROVINCE);
	assert_string_equal(out, "370000");
	assert_int_equal(region_normalise("3701", out), REGION_CITY);
	assert_string_equal(out, "370100");
	assert_int_equal(region_normalise("370102", out), REGION_COUNTY);
	assert_string_equal(out, "370102");
	assert_int_equal(region_normalise("370100", out), REGION_CITY);
	assert_int_equal(region_normalise("370000", out), REGION_PROVINCE);
}

static void refuses_malformed_codes(void **state)
{
	char out[7];
	assert_int_equal(region_normalise(NULL, out), REGION_NONE);
	assert_int_equal(region_normalise("", out), REGION_NONE);
	assert_int_equal(region_normalise("3", out), REGION_NONE);
	assert_int_equal(region_normalise("370", out), REGION_NONE);
	assert_int_equal(region_normalise("37010", out), REGION_NONE);
	assert_int_equal(region_normalise("3701021", out), REGION_NONE);
	assert_int_equal(region_normalise("37a1", out), REGION_NONE);
	assert_int_equal(region_normalise("00", out), REGION_NONE);
	assert_int_equal(region_normalise("000000", out), REGION_NONE);
	/* a four-digit code must name a city, not a province written long */
	assert_int_equal(region_normalise("3700", out), REGION_NONE);
}

static void finds_parents(void **state)
{
	char p[7];
	assert_true(region_parent("370102", p));
	assert_string_equal(p, "370100");
	assert_true(region_parent("370100", p));
	assert_string_equal(p, "370000");
	assert_false(region_parent("370000", p));
	assert_string_equal(region_level_name(REGION_COUNTY), "county");
	assert_null(region_level_name(REGION_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalises_each_level),
		cmocka_unit_test(refuses_malformed_codes),
		cmocka_unit_test(finds_parents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
