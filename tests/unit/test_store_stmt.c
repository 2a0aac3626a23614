#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/store.h"

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

static long long insert(struct store *st, const char *sql, const char *a, long long u, enum lderr want)
{
	struct stmt *s = store_stmt(st, sql);
	assert_non_null(s);
	stmt_bind_text(s, 1, a);
	stmt_bind_int(s, 2, u);
	long long id = -1;
	assert_int_equal(store_insert(st, s, &id), want);
	return id;
}

static void exec(struct store *st, const char *sql)
{
	struct stmt *s = store_stmt(st, sql);
	assert_non_null(s);
	assert_int_equal(store_exec_stmt(st, s), LD_OK);
}

/* An INSERT … RETURNING id gives the new row's id; 0 when it inserted nothing; the row a
 * trigger inserts elsewhere is not taken for it; a refused one is an error, never an id. */
static void insert_gives_the_new_rows_id(void **state)
{
	struct store *st;
	assert_int_equal(store_open(":memory:", NULL, &st), LD_OK);
	exec(st, "CREATE TABLE u (id INTEGER PRIMARY KEY)");
	exec(st, "INSERT INTO u (id) VALUES (7)");
	exec(st, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL UNIQUE, u INTEGER)");
	exec(st, "CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT)");
	exec(st, "INSERT INTO log (id, what) VALUES (100, 'start')");
	exec(st, "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (what) VALUES (NEW.a); END");
	const char *values = "INSERT INTO t (a, u) VALUES (?1, ?2) RETURNING id";
	const char *select = "INSERT INTO t (a, u) SELECT ?1, u.id FROM u WHERE u.id = ?2 RETURNING id";
	assert_int_equal(insert(st, values, "one", 0, LD_OK), 1);
	assert_int_equal(insert(st, select, "two", 7, LD_OK), 2);
	assert_int_equal(insert(st, select, "none", 8, LD_OK), 0);
	assert_int_equal(insert(st, values, "one", 0, LD_CONFLICT), 0);
	assert_int_equal(insert(st, values, "three", 0, LD_OK), 3);
	struct stmt *s = store_stmt(st, "SELECT count(*), max(id) FROM log");
	assert_int_equal(stmt_step(s), STMT_ROW);
	assert_int_equal(stmt_int64(s, 0), 4);
	assert_int_equal(stmt_int64(s, 1), 103);
	stmt_reset(s);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_parameters_as_sqlite_does),
		cmocka_unit_test(leaves_quotes_and_comments_alone),
		cmocka_unit_test(insert_gives_the_new_rows_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
