#include "test.h"

#include <stdbool.h>
#include <string.h>

#include "util/arena.h"

/* An array grown one element at a time keeps every element, doubles from its first size,
 * and reports the cap instead of truncating. */
static void grows_keeping_what_it_holds(void **state)
{
	struct arena a;
	arena_init(&a, 1 << 20);
	long long *v = NULL;
	int n = 0, cap = 0;
	for (int i = 0; i < 1000; i++) {
		long long *room = arena_grow(&a, v, n, &cap, sizeof(*v), 8);
		assert_non_null(room);
		v = room;
		v[n++] = i * 7LL;
	}
	assert_int_equal(cap, 1024); /* 8, 16, … 1024 */
	for (int i = 0; i < n; i++)
		assert_int_equal(v[i], i * 7LL);
	/* with room left, the same array comes back */
	assert_ptr_equal(arena_grow(&a, v, n, &cap, sizeof(*v), 8), v);
	arena_fini(&a);
}

static void answers_null_at_the_cap(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	char *v = NULL;
	int n = 0, cap = 0;
	bool ran_out = false;
	for (int i = 0; i < 100000 && !ran_out; i++) {
		char *room = arena_grow(&a, v, n, &cap, 1, 16);
		if (!room) {
			ran_out = true;
			break;
		}
		v = room;
		v[n++] = 'x';
	}
	assert_true(ran_out);
	assert_true(n > 0 && n <= 4096);
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_keeping_what_it_holds),
		cmocka_unit_test(answers_null_at_the_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
