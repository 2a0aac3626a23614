#include "test.h"

#include <string.h>

#include "store/regions.h"
#include "store/store.h"
#include "store/units.h"
#include "tmpdb.h"

struct fixture {
	char path[64];
	struct store *st;
	struct arena a;
};

static int setup(void **state)
{
	static struct fixture f;
	tmpdb_path(f.path);
	if (store_open(f.path, NULL, &f.st) || store_migrate(f.st, NULL))
		return -1;
	arena_init(&f.a, 1 << 20);
	int created;
	store_begin(f.st);
	store_region_put(f.st, "370000", "山东省", "province", NULL, &created);
	store_region_put(f.st, "370100", "济南市", "city", "370000", &created);
	store_region_put(f.st, "370102", "历下区", "county", "370100", &created);
	store_region_put(f.st, "370103", "市中区", "county", "370100", &created);
	store_commit(f.st);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_fini(&f->a);
	store_close(f->st);
	tmpdb_remove(f->path);
	return 0;
}

static void regions_form_a_tree_with_paths(void **state)
{
	struct fixture *f = *state;
	struct unit p, c, k;
	assert_int_equal(store_unit_by_code(f->st, &f->a, "370000", &p), LD_OK);
	assert_int_equal(store_unit_by_code(f->st, &f->a, "370100", &c), LD_OK);
	assert_int_equal(store_unit_by_code(f->st, &f->a, "370102", &k), LD_OK);
	assert_int_equal(c.parent_id, p.id);
	assert_int_equal(k.parent_id, c.id);
	assert_int_equal(c.child_count, 2);
	char want[64];
	snprintf(want, sizeof(want), "/%lld/%lld/%lld/", p.id, c.id, k.id);
	assert_string_equal(k.path, want);
	assert_string_equal(k.level, "county");
	/* loading the same region again renames, it does not duplicate */
	int created = -1;
	store_begin(f->st);
	assert_int_equal(store_region_put(f->st, "370102", "历下区", "county", "370100", &created), LD_OK);
	store_commit(f->st);
	assert_int_equal(created, 0);
	/* a region whose parent is missing is refused */
	assert_int_equal(store_region_put(f->st, "380101", "无", "county", "380100", &created), LD_NOT_FOUND);
}

static int count_fn(void *ctx, const struct unit *u)
{
	(*(int *)ctx)++;
	return 0;
}

static void organs_insert_and_search_in_chinese(void **state)
{
	struct fixture *f = *state;
	struct unit k;
	assert_int_equal(store_unit_by_code(f->st, &f->a, "370102", &k), LD_OK);
	long long id, dup;
	struct unit_new organ = {.parent_id = k.id, .name = "历下区发展和改革局", .short_name = "区发改局",
	                         .kind = "organ", .level = "county", .sector = "发改"};
	store_begin(f->st);
	assert_int_equal(store_unit_insert(f->st, &organ, &id), LD_OK);
	/* the same name twice under one parent is a conflict */
	assert_int_equal(store_unit_insert(f->st, &organ, &dup), LD_CONFLICT);
	store_commit(f->st);
	int n = 0;
	assert_int_equal(store_unit_search(f->st, "发展和改革", count_fn, &n), LD_OK);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(store_unit_search(f->st, "发改局", count_fn, &n), LD_OK); /* the short name */
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(store_unit_search(f->st, "历下", count_fn, &n), LD_OK);
	assert_int_equal(n, 2);
	n = 0;
	struct unit o;
	assert_int_equal(store_unit_get(f->st, &f->a, id, &o), LD_OK);
	assert_int_equal(store_unit_chain(f->st, o.path, count_fn, &n), LD_OK);
	assert_int_equal(n, 4); /* 山东省, 济南市, 历下区, the organ */
	assert_int_equal(store_unit_update(f->st, id, "历下区发展改革局", "", NULL), LD_OK);
	assert_int_equal(store_unit_get(f->st, &f->a, id, &o), LD_OK);
	assert_string_equal(o.name, "历下区发展改革局");
	assert_null(o.short_name);
	assert_string_equal(o.sector, "发改");
	assert_int_equal(store_unit_get(f->st, &f->a, 999999, &o), LD_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regions_form_a_tree_with_paths),
		cmocka_unit_test(organs_insert_and_search_in_chinese),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
