#include "test.h"

#include "core/roles.h"
#include "core/scope.h"

/* 山东省 /1/, 济南市 /1/2/, 历下区 /1/2/18/, 市中区 /1/2/19/, an organ /1/2/18/355/ */
static const struct scope_grant county_filler[] = {{1, ROLE_FILLER, 18, "/1/2/18/", NULL}};
static const struct scope_grant sector_office[] = {{2, ROLE_OFFICE, 1, "/1/", "发改"}};

static void subtree_only(void **state)
{
	struct scope s = {county_filler, 1};
	struct scope_target own = {"/1/2/18/355/", false, "发改"};
	struct scope_target itself = {"/1/2/18/", true, NULL};
	struct scope_target other_county = {"/1/2/19/", true, NULL};
	struct scope_target city = {"/1/2/", true, NULL};
	/* a path that shares the digits but not the node: /1/2/180/ is not under /1/2/18/ */
	struct scope_target lookalike = {"/1/2/180/", true, NULL};
	assert_true(scope_allows(&s, ROLES_ALL, &own));
	assert_true(scope_allows(&s, ROLES_ALL, &itself));
	assert_false(scope_allows(&s, ROLES_ALL, &other_county));
	assert_false(scope_allows(&s, ROLES_ALL, &city));
	assert_false(scope_allows(&s, ROLES_ALL, &lookalike));
}

static void role_mask_matters(void **state)
{
	struct scope s = {county_filler, 1};
	struct scope_target own = {"/1/2/18/355/", false, "发改"};
	assert_false(scope_allows(&s, ROLE_BIT(ROLE_OFFICE), &own));
	assert_true(scope_allows(&s, ROLE_BIT(ROLE_FILLER), &own));
	assert_int_equal(scope_roles(&s), ROLE_BIT(ROLE_FILLER));
}

static void sector_grants_see_regions_and_their_sector(void **state)
{
	struct scope s = {sector_office, 1};
	struct scope_target region = {"/1/2/18/", true, NULL};
	struct scope_target fagai = {"/1/2/18/355/", false, "发改"};
	struct scope_target caizheng = {"/1/2/18/356/", false, "财政"};
	struct scope_target no_sector = {"/1/2/18/357/", false, NULL};
	assert_true(scope_allows(&s, ROLES_ALL, &region));
	assert_true(scope_allows(&s, ROLES_ALL, &fagai));
	assert_false(scope_allows(&s, ROLES_ALL, &caizheng));
	assert_false(scope_allows(&s, ROLES_ALL, &no_sector));
}

static void empty_scope_allows_nothing(void **state)
{
	struct scope s = {NULL, 0};
	struct scope_target t = {"/1/", true, NULL};
	assert_false(scope_allows(&s, ROLES_ALL, &t));
	struct scope_target nopath = {NULL, true, NULL};
	struct scope c = {county_filler, 1};
	assert_false(scope_allows(&c, ROLES_ALL, &nopath));
}

static void three_administrators_are_separated(void **state)
{
	assert_true(role_compatible(0, ROLE_SYSADMIN));
	assert_true(role_compatible(ROLE_BIT(ROLE_SYSADMIN), ROLE_SYSADMIN));
	assert_false(role_compatible(ROLE_BIT(ROLE_SYSADMIN), ROLE_AUDITOR));
	assert_false(role_compatible(ROLE_BIT(ROLE_AUDITOR), ROLE_SECADMIN));
	/* an administrator holds no business role, either way round */
	assert_false(role_compatible(ROLE_BIT(ROLE_SYSADMIN), ROLE_FILLER));
	assert_false(role_compatible(ROLE_BIT(ROLE_OFFICE), ROLE_AUDITOR));
	assert_true(role_compatible(ROLE_BIT(ROLE_OFFICE), ROLE_SUPERVISOR));
	assert_int_equal(role_from_code("unit_leader"), ROLE_UNIT_LEADER);
	assert_int_equal(role_from_code("root"), -1);
	assert_int_equal(role_from_code(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(subtree_only),
		cmocka_unit_test(role_mask_matters),
		cmocka_unit_test(sector_grants_see_regions_and_their_sector),
		cmocka_unit_test(empty_scope_allows_nothing),
		cmocka_unit_test(three_administrators_are_separated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
