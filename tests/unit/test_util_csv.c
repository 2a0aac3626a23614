#include "test.h"

#include <string.h>

#include "util/csv.h"

static void reads_quoted_fields_and_line_endings(void **state)
{
	const char *text = "\xEF\xBB\xBF" "code,name\r\n37,\"山东省\"\r\n\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x";
	struct arena a;
	arena_init(&a, 1 << 20);
	struct csv c;
	csv_init(&c, text, strlen(text));
	char *f[CSV_MAX_FIELDS];
	int n;
	assert_int_equal(csv_row(&c, &a, f, &n), 1);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "code"); /* the BOM is gone */
	assert_int_equal(csv_row(&c, &a, f, &n), 1);
	assert_string_equal(f[1], "山东省");
	assert_int_equal(csv_row(&c, &a, f, &n), 1);
	assert_int_equal(c.row_line, 4); /* the empty line 3 was skipped */
	assert_string_equal(f[0], "a,b");
	assert_string_equal(f[1], "say \"hi\"");
	assert_int_equal(csv_row(&c, &a, f, &n), 1);
	assert_string_equal(f[0], "two\nlines");
	assert_string_equal(f[1], "x");
	assert_int_equal(csv_row(&c, &a, f, &n), 0);
	arena_fini(&a);
}

static void reports_errors_with_their_line(void **state)
{
	static const char *bad[] = {"a,b\n\"open", "a,b\nx\"y\n", "ok\n\"a\"b\n", "\xff\xfe,x\n"};
	static const int lines[] = {2, 2, 2, 1};
	for (int i = 0; i < 4; i++) {
		struct arena a;
		arena_init(&a, 1 << 20);
		struct csv c;
		csv_init(&c, bad[i], strlen(bad[i]));
		char *f[CSV_MAX_FIELDS];
		int n, rc;
		while ((rc = csv_row(&c, &a, f, &n)) == 1)
			;
		assert_int_equal(rc, -1);
		assert_non_null(c.error);
		assert_int_equal(c.row_line, lines[i]);
		arena_fini(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_quoted_fields_and_line_endings),
		cmocka_unit_test(reports_errors_with_their_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
