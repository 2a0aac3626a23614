#include "test.h"

#include <string.h>

#include "store/cycles.h"
#include "store/imports.h"
#include "store/store.h"
#include "store/users.h"
#include "tmpdb.h"

/* Several servers share the import queue: a job goes to one worker, and a job whose worker
 * stopped showing progress (its server died) is taken over by another. */
static void a_dead_workers_job_is_taken_over(void **state)
{
	char path[64];
	struct store *st;
	tmpdb_path(path);
	assert_int_equal(store_open(path, NULL, &st), LD_OK);
	assert_int_equal(store_migrate(st, NULL), LD_OK);
	store_set_clock(st, 1775000000);
	long long cycle, user, job, got;
	assert_int_equal(store_cycle_insert(st, 2026, "主题", NULL, &cycle), LD_OK);
	assert_int_equal(store_user_insert(st, "importer", "导入员", 0, "x", &user), LD_OK);
	assert_int_equal(store_import_insert(st, cycle, user, "127.0.0.1", "a.xlsx", "xlsx", "00", &job), LD_OK);

	assert_int_equal(store_import_claim(st, "host-a:1", &got), LD_OK);
	assert_int_equal(got, job);
	/* held and alive: nobody else takes it */
	store_set_clock(st, 1775000000 + 5 * 60);
	assert_int_equal(store_import_progress(st, job, 100, 50), LD_OK);
	store_set_clock(st, 1775000000 + 14 * 60);
	assert_int_equal(store_import_claim(st, "host-b:2", &got), LD_OK);
	assert_int_equal(got, 0);
	/* no sign of life for more than ten minutes: taken over */
	store_set_clock(st, 1775000000 + 16 * 60);
	assert_int_equal(store_import_claim(st, "host-b:2", &got), LD_OK);
	assert_int_equal(got, job);
	/* and now it is host-b's */
	assert_int_equal(store_import_claim(st, "host-c:3", &got), LD_OK);
	assert_int_equal(got, 0);

	store_close(st);
	tmpdb_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_dead_workers_job_is_taken_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
