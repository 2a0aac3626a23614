#include "test.h"

#include <sqlite3.h>
#include <string.h>

#include "store/store.h"
#include "tmpdb.h"

static void migrates_once_and_records_it(void **state)
{
	char path[64];
	tmpdb_path(path);
	struct store *st;
	assert_int_equal(store_open(path, NULL, &st), LD_OK);
	assert_int_equal(store_schema_version(st), 0);
	int applied = -1;
	assert_int_equal(store_migrate(st, &applied), LD_OK);
	assert_true(applied >= 1);
	assert_int_equal(store_schema_version(st), store_latest_version());
	assert_int_equal(store_migrate(st, &applied), LD_OK);
	assert_int_equal(applied, 0);
	store_close(st);
	tmpdb_remove(path);
}

/* A new database file at path, migrated to the latest version, opened with SQLite itself. */
static sqlite3 *migrated(char path[64])
{
	tmpdb_path(path);
	struct store *st;
	assert_int_equal(store_open(path, NULL, &st), LD_OK);
	assert_int_equal(store_migrate(st, NULL), LD_OK);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	return db;
}

/* The CHECKs migration 017 rewrote: no table keeps an IN list of three or more values (SQLite
 * builds a b-tree of it at every write), and the comparisons still refuse what it refused. */
static void checks_list_no_values_with_in(void **state)
{
	char path[64];
	sqlite3 *db = migrated(path);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table'", -1, &s, NULL),
	                 SQLITE_OK);
	int tables = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(s, 1);
		tables++;
		for (const char *in = sql; (in = strstr(in, " IN (")); in++) {
			int commas = 0;
			for (const char *c = in; *c && *c != ')'; c++)
				commas += *c == ',';
			if (commas >= 2)
				fail_msg("%s: %.60s", (const char *)sqlite3_column_text(s, 0), in);
		}
	}
	sqlite3_finalize(s);
	assert_true(tables > 40);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO cycles (year, theme, goals, phase, created_at, updated_at)"
	                                  " VALUES (2031, 't', 'g', 'running', 'x', 'x')", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE cycles SET phase = 'finished' WHERE year = 2031", NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "UPDATE cycles SET phase = 'closed' WHERE year = 2031", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA integrity_check", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	tmpdb_remove(path);
}

static void refuses_a_newer_database(void **state)
{
	char path[64];
	sqlite3 *db = migrated(path);
	char sql[160];
	snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations VALUES (%d, 'from_the_future', 'x')",
	         store_latest_version() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	struct store *st;
	assert_int_equal(store_open(path, NULL, &st), LD_OK);
	assert_int_equal(store_migrate(st, NULL), LD_CONFLICT);
	store_close(st);
	tmpdb_remove(path);
}

static void refuses_a_file_that_is_not_a_database(void **state)
{
	char path[64];
	tmpdb_path(path);
	FILE *f = fopen(path, "w");
	fputs("this is not SQLite, just text that is long enough to have a header page of its own......"
	      "................................................................................", f);
	fclose(f);
	struct store *st = NULL;
	enum lderr e = store_open(path, NULL, &st);
	if (e == LD_OK) {
		assert_int_not_equal(store_migrate(st, NULL), LD_OK);
		store_close(st);
	}
	tmpdb_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrates_once_and_records_it),
		cmocka_unit_test(checks_list_no_values_with_in),
		cmocka_unit_test(refuses_a_newer_database),
		cmocka_unit_test(refuses_a_file_that_is_not_a_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
