#include "test.h"

#include <string.h>

#include "util/query.h"

static void parses_and_decodes(void **state)
{
	struct arena a;
	arena_init(&a, 1 << 20);
	struct query q;
	assert_int_equal(query_parse(&q, &a, "q=%E5%8E%86%E4%B8%8B&page=2&flag&size=+5"), 0);
	assert_int_equal(q.n, 4);
	assert_string_equal(query_get(&q, "q"), "历下");
	assert_string_equal(query_get(&q, "page"), "2");
	assert_string_equal(query_get(&q, "flag"), "");
	assert_string_equal(query_get(&q, "size"), " 5");
	assert_null(query_get(&q, "missing"));
	assert_int_equal(query_parse(&q, &a, NULL), 0);
	assert_int_equal(q.n, 0);
	assert_int_equal(query_parse(&q, &a, "&&a=1&"), 0);
	assert_int_equal(q.n, 1);
	arena_fini(&a);
}

static void refuses_bad_escapes(void **state)
{
	struct arena a;
	arena_init(&a, 1 << 20);
	struct query q;
	assert_int_equal(query_parse(&q, &a, "q=%E5%8"), -1);
	assert_int_equal(query_parse(&q, &a, "q=%zz"), -1);
	assert_int_equal(query_parse(&q, &a, "q=%00"), -1);  /* embedded NUL */
	assert_int_equal(query_parse(&q, &a, "q=%C0%AF"), -1); /* overlong UTF-8 */
	assert_int_equal(query_parse(&q, &a, "q=%ED%A0%80"), -1); /* a surrogate */
	char many[64 * 4 + 16] = "";
	for (int i = 0; i < QUERY_MAX_PAIRS + 1; i++)
		strcat(many, "a=1&");
	assert_int_equal(query_parse(&q, &a, many), -1);
	arena_fini(&a);
}

static void parses_integers_strictly(void **state)
{
	long long v;
	assert_true(parse_int("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_true(parse_int("-3", -5, 5, &v));
	assert_false(parse_int("", 0, 100, &v));
	assert_false(parse_int("4x", 0, 100, &v));
	assert_false(parse_int(" 4", 0, 100, &v));
	assert_false(parse_int("101", 0, 100, &v));
	assert_false(parse_int("-", 0, 100, &v));
	assert_false(parse_int("99999999999999999999", 0, 1LL << 62, &v));
	assert_false(parse_int(NULL, 0, 1, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_and_decodes),
		cmocka_unit_test(refuses_bad_escapes),
		cmocka_unit_test(parses_integers_strictly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
