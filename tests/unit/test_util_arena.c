#include "test.h"

#include <stdbool.h>
#include <stdio.h>
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

/* What another arena holds moves to this one whole: its strings stay readable after the other
 * is emptied, the one it came from is empty and reusable, and freeing this one frees both
 * (ASan reports a leak or a double free otherwise). */
static void adopts_what_another_arena_holds(void **state)
{
	(void)state;
	struct arena a, b;
	arena_init(&a, 1 << 24);
	arena_init(&b, 1 << 24);
	char *mine = arena_strdup(&a, "本线程");
	char *theirs[300];
	for (int i = 0; i < 300; i++) { /* several blocks */
		char s[32];
		snprintf(s, sizeof(s), "单位%d", i);
		theirs[i] = arena_strdup(&b, s);
		assert_non_null(theirs[i]);
	}
	size_t used = a.used + b.used;
	arena_adopt(&a, &b);
	assert_int_equal(a.used, used);
	assert_int_equal(b.used, 0);
	assert_null(b.head);
	arena_adopt(&a, &b); /* an empty one: nothing moves */
	assert_int_equal(a.used, used);
	char *after = arena_strdup(&a, "之后");
	assert_string_equal(mine, "本线程");
	assert_string_equal(after, "之后");
	for (int i = 0; i < 300; i++) {
		char s[32];
		snprintf(s, sizeof(s), "单位%d", i);
		assert_string_equal(theirs[i], s);
	}
	assert_non_null(arena_strdup(&b, "再用"));
	arena_fini(&b);
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_keeping_what_it_holds),
		cmocka_unit_test(answers_null_at_the_cap),
		cmocka_unit_test(adopts_what_another_arena_holds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
