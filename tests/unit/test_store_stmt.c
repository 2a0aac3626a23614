#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

static void expect(const char *sql, const char *want, int want_n)
{
	int n = -1;
	char *got = stmt_pg_translate(sql, &n);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(n, want_n);
	free(got);
}

/* Numbered parameters keep their numbers, reused ones included; bare ones count on from the
 * highest so far, as SQLite numbers them. */
static void numbers_parameters_as_sqlite_does(void **state)
{
	expect("SELECT a FROM t WHERE id = ?1 AND (?2 IS NULL OR b = ?2)",
	       "SELECT a FROM t WHERE id = $1 AND ($2 IS NULL OR b = $2)", 2);
	expect("INSERT INTO t (a, b, c) VALUES (?, ?, ?)", "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)", 3);
	expect("UPDATE t SET a = ?3 WHERE id = ? AND b = ?", "UPDATE t SET a = $3 WHERE id = $4 AND b = $5", 5);
	expect("SELECT ?12", "SELECT $12", 12);
	expect("SELECT 1", "SELECT 1", 0);
}

/* A ? inside a string, a quoted name or a comment is text, not a parameter. */
static void leaves_quotes_and_comments_alone(void **state)
{
	expect("SELECT '?', \"a?b\" FROM t WHERE x = ? -- why?\n AND y = ?",
	       "SELECT '?', \"a?b\" FROM t WHERE x = $1 -- why?\n AND y = $2", 2);
	expect("SELECT 'it''s ?' WHERE a = ?1", "SELECT 'it''s ?' WHERE a = $1", 1);
	expect("SELECT '中文？?' || ?", "SELECT '中文？?' || $1", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_parameters_as_sqlite_does),
		cmocka_unit_test(leaves_quotes_and_comments_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
