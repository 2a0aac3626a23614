#include "test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/internal.h"
#include "tmpdb.h"

static long long pragma_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	long long v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The group writer's connection leaves syncing to store_log_sync (synchronous=NORMAL) and
 * syncs the database's own log; every other connection syncs its commits itself (FULL). */
static void deferred_sync_is_the_writers_alone(void **state)
{
	(void)state;
	char path[64];
	tmpdb_path(path);
	struct store *writer = NULL, *other = NULL;
	struct store_options deferred = {.deferred_sync = true};
	assert_int_equal(store_open(path, &deferred, &writer), LD_OK);
	assert_int_equal(store_open(path, NULL, &other), LD_OK);
	assert_int_equal(pragma_int(writer, "PRAGMA synchronous"), 1);
	assert_int_equal(pragma_int(other, "PRAGMA synchronous"), 2);
	char wal[96];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_string_equal(writer->log_path, wal);
	assert_null(other->log_path);

	assert_int_equal(sqlite3_exec(writer->db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_log_sync(writer), LD_OK);
	assert_true(writer->log_fd >= 0);
	assert_int_equal(store_log_sync(other), LD_OK); /* nothing to do */

	/* a log that is gone cannot be synced: the caller must not acknowledge */
	unlink(wal);
	assert_int_equal(store_log_sync(writer), LD_DB);
	store_close(other);
	store_close(writer);
	tmpdb_remove(path);
}

/* Without a file (an in-memory database) there is no log to sync: commits stay as they were. */
static void no_file_no_deferred_sync(void **state)
{
	(void)state;
	struct store *st = NULL;
	struct store_options deferred = {.deferred_sync = true};
	assert_int_equal(store_open(":memory:", &deferred, &st), LD_OK);
	assert_null(st->log_path);
	assert_int_equal(pragma_int(st, "PRAGMA synchronous"), 2);
	assert_int_equal(store_log_sync(st), LD_OK);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deferred_sync_is_the_writers_alone),
		cmocka_unit_test(no_file_no_deferred_sync),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
