#include "test.h"

#include <string.h>

#include "core/orgnames.h"

static const struct sector_def *sector(const char *name)
{
	for (int i = 0; i < orgnames_sector_count; i++)
		if (strcmp(orgnames_sectors[i].sector, name) == 0)
			return &orgnames_sectors[i];
	return NULL;
}

static void names_organs_as_written(void **state)
{
	const struct sector_def *fg = sector("发改");
	assert_non_null(fg);
	char out[256];
	struct org_place prov = {REGION_PROVINCE, "山东省", NULL};
	struct org_place city = {REGION_CITY, "济南市", NULL};
	struct org_place county = {REGION_COUNTY, "历下区", "济南市"};
	orgnames_expand(fg->name[0], &prov, out, sizeof(out));
	assert_string_equal(out, "山东省发展和改革委员会");
	orgnames_expand(fg->name[1], &city, out, sizeof(out));
	assert_string_equal(out, "济南市发展和改革委员会");
	orgnames_expand(fg->name[2], &county, out, sizeof(out));
	assert_string_equal(out, "历下区发展和改革局");
	orgnames_expand(fg->alias[2], &county, out, sizeof(out));
	assert_string_equal(out, "区发改局");
	orgnames_expand(sector("组织")->name[1], &city, out, sizeof(out));
	assert_string_equal(out, "中共济南市委组织部");
	orgnames_expand(sector("生态环境")->name[2], &county, out, sizeof(out));
	assert_string_equal(out, "济南市生态环境局历下分局");
	struct org_place xian = {REGION_COUNTY, "平阴县", "济南市"};
	orgnames_expand(sector("组织")->alias[2], &xian, out, sizeof(out));
	assert_string_equal(out, "县委组织部");
}

static void refuses_what_does_not_fit(void **state)
{
	char small[8];
	struct org_place prov = {REGION_PROVINCE, "山东省", NULL};
	assert_int_equal(orgnames_expand("{R}发展和改革委员会", &prov, small, sizeof(small)), -1);
	char out[64];
	assert_int_equal(orgnames_expand("{X}", &prov, out, sizeof(out)), -1);
	assert_string_equal(orgnames_division_suffix(REGION_COUNTY), "股");
}

static void the_office_comes_first(void **state)
{
	/* the generator takes the first sectors at every level: the work-committee office must be
	 * among them, so every region has the organ that runs the cycle */
	assert_string_equal(orgnames_sectors[0].sector, "机关工委");
	for (int i = 0; i < orgnames_sector_count; i++)
		for (int k = 0; k < 3; k++)
			assert_non_null(orgnames_sectors[i].name[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_organs_as_written),
		cmocka_unit_test(refuses_what_does_not_fit),
		cmocka_unit_test(the_office_comes_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
