/* migrate-data — moves a deployment from a SQLite file into an empty PostgreSQL database.
 *
 * The schema on PostgreSQL comes from its own migrations (sql/pg/); this copies the rows of
 * every table, parents before children, read from one snapshot of the source and written in
 * one PostgreSQL transaction with COPY, so the target ends up with all of them or none. The
 * rows already carry what triggers would compute (the item counters, the calendar's change
 * counter), and the audit log's triggers guard records once written, so each table's own
 * triggers are off while it loads; foreign keys stay checked. Then the identities are moved
 * past the copied ids, the row counts compared, and after the commit the audit chain is
 * walked on the target as `liandong audit verify` does.
 *
 * It reaches past the store's interface to the two raw connections (as the generator does):
 * a bulk copy of whole tables is no business of the store's per-row functions. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_gen.h"
#include "store/audit.h"
#include "store/internal.h"
#include "util/buf.h"

#define MAX_TABLES 128
#define MAX_COLUMNS 128
#define MAX_PARENTS 32
#define NAME_MAX_LEN 64
/* rows are sent in chunks of about this size; one row may be as large as PostgreSQL takes */
#define CHUNK_BYTES (1u << 20)
#define ROW_MAX_BYTES (1u << 30)

struct column {
	char name[NAME_MAX_LEN];
	bool bytea; /* the target column is bytea: the value goes in hex */
};

struct table {
	char name[NAME_MAX_LEN];
	int ncols;
	struct column cols[MAX_COLUMNS];
	int nparents;
	int parents[MAX_PARENTS]; /* indexes of the tables its foreign keys reference */
};

/* Tables whose rows the target's migrations write themselves (sql/pg/003_supervision.sql
 * starts the calendar's change counter at 0, 013 the change mark's, 016 the auth mark's): a
 * fresh target holds these, so they do not make it "not empty"; those the source has too are
 * emptied before the source's rows go in (ld_changes is PostgreSQL's alone and stays). */
static const char *const seeded_tables[] = {"calendar_gen", "ld_changes", "auth_mark"};

static bool is_seeded(const char *name)
{
	for (size_t i = 0; i < sizeof(seeded_tables) / sizeof(seeded_tables[0]); i++)
		if (strcmp(seeded_tables[i], name) == 0)
			return true;
	return false;
}

/* Appends name as a quoted identifier ("a""b"), which SQLite and PostgreSQL read alike. */
static void put_ident(struct buf *b, const char *name)
{
	buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* PostgreSQL's message without its final newline, in out. */
static void pg_message(const char *msg, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", msg && *msg ? msg : "no message");
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
}

/* Runs sql on the target, which answers no rows or rows the caller does not read. 0, or 1
 * with PostgreSQL's message after what. */
static int pg_run(PGconn *pg, const char *sql, const char *what)
{
	PGresult *r = PQexec(pg, sql);
	ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	char msg[1024];
	pg_message(r ? PQresultErrorMessage(r) : PQerrorMessage(pg), msg, sizeof(msg));
	fprintf(stderr, "migrate-data: %s: %s\n", what, msg);
	PQclear(r);
	return 1;
}

/* Runs a query answering one integer (a count) on the target. 0 with *out, or 1. */
static int pg_count(PGconn *pg, const char *sql, const char *what, long long *out)
{
	PGresult *r = PQexec(pg, sql);
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		char msg[1024];
		pg_message(r ? PQresultErrorMessage(r) : PQerrorMessage(pg), msg, sizeof(msg));
		fprintf(stderr, "migrate-data: %s: %s\n", what, msg);
		PQclear(r);
		return 1;
	}
	*out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

/* ---- the source ---- */

/* Opens the SQLite file read-only and checks it is at this liandong's schema. 0 with *out
 * (the caller closes it), or an exit code with the message printed. */
static int open_source(const char *from, struct store **out)
{
	struct store_options opt = {.readonly = true};
	if (access(from, R_OK) != 0) {
		fprintf(stderr, "migrate-data: --from: cannot read %s\n", from);
		return 1;
	}
	if (store_open(from, &opt, out) != LD_OK) {
		fprintf(stderr, "migrate-data: cannot open the source %s\n", from);
		return 1;
	}
	int have = store_schema_version(*out), latest = store_latest_version();
	if (have == latest)
		return 0;
	if (have < 0)
		fprintf(stderr, "migrate-data: cannot read the schema version of %s\n", from);
	else if (have == 0)
		fprintf(stderr, "migrate-data: %s holds no liandong database\n", from);
	else if (have < latest)
		fprintf(stderr, "migrate-data: %s is at schema version %d, this liandong's is %d: stop the server, "
		                "upgrade it with `liandong init --db %s`, then run migrate-data again\n",
		        from, have, latest, from);
	else
		fprintf(stderr, "migrate-data: %s is at schema version %d, newer than this liandong (%d): use the "
		                "liandong that wrote it\n", from, have, latest);
	store_close(*out);
	*out = NULL;
	return 1;
}

/* Reads the names of t's columns, in their order (table_info: not the generated ones). */
static int read_columns(sqlite3 *db, struct table *t)
{
	sqlite3_stmt *s = NULL;
	int rc = 1;
	if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &s, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (t->ncols == MAX_COLUMNS || strlen(name) >= NAME_MAX_LEN) {
			fprintf(stderr, "migrate-data: %s: more columns, or a longer column name, than this copies (%d, %d)\n",
			        t->name, MAX_COLUMNS, NAME_MAX_LEN - 1);
			goto out;
		}
		snprintf(t->cols[t->ncols++].name, NAME_MAX_LEN, "%s", name);
	}
	rc = step == SQLITE_DONE && t->ncols > 0 ? 0 : 1;
out:
	if (rc)
		fprintf(stderr, "migrate-data: cannot read the columns of %s: %s\n", t->name, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}

/* Resolves the foreign keys of tables[i] to the tables they reference (itself left out: a
 * table referencing its own rows loads in one COPY, checked at its end). */
static int read_parents(sqlite3 *db, struct table *tables, int n, int i)
{
	struct table *t = &tables[i];
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "migrate-data: cannot read the foreign keys of %s: %s\n", t->name, sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(s, 0);
		for (int k = 0; k < n; k++) {
			if (k == i || strcmp(tables[k].name, parent) != 0)
				continue;
			if (t->nparents == MAX_PARENTS) {
				fprintf(stderr, "migrate-data: %s references more than %d tables\n", t->name, MAX_PARENTS);
				sqlite3_finalize(s);
				return 1;
			}
			t->parents[t->nparents++] = k;
		}
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		fprintf(stderr, "migrate-data: cannot read the foreign keys of %s: %s\n", t->name, sqlite3_errmsg(db));
		return 1;
	}
	return 0;
}

/* The source's tables in the order they were created (sqlite_master's), without SQLite's
 * own and schema_migrations (the target has its own), with their columns and parents. */
static int list_tables(sqlite3 *db, struct table *tables, int *n)
{
	sqlite3_stmt *s = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
	                           "ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY rowid", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "migrate-data: cannot list the source's tables: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (*n == MAX_TABLES || strlen(name) >= NAME_MAX_LEN) {
			fprintf(stderr, "migrate-data: the source has more tables, or a longer table name, than this copies "
			                "(%d, %d)\n", MAX_TABLES, NAME_MAX_LEN - 1);
			sqlite3_finalize(s);
			return 1;
		}
		snprintf(tables[(*n)++].name, NAME_MAX_LEN, "%s", name);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		fprintf(stderr, "migrate-data: cannot list the source's tables: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	for (int i = 0; i < *n; i++)
		if (read_columns(db, &tables[i]) || read_parents(db, tables, *n, i))
			return 1;
	return 0;
}

/* Fills order with the tables, parents before children: creation order where the foreign
 * keys allow it (a column added later may reference a table created later). 1 with a
 * message when the foreign keys go round in a circle. */
static int order_tables(const struct table *tables, int n, int *order)
{
	bool placed[MAX_TABLES] = {false};
	for (int count = 0; count < n; count++) {
		int pick = -1;
		for (int i = 0; i < n && pick < 0; i++) {
			bool ready = !placed[i];
			for (int p = 0; ready && p < tables[i].nparents; p++)
				ready = placed[tables[i].parents[p]];
			if (ready)
				pick = i;
		}
		if (pick < 0) {
			fprintf(stderr, "migrate-data: the foreign keys of these tables reference each other in a circle, "
			                "which one copy cannot order:");
			for (int i = 0; i < n; i++)
				if (!placed[i])
					fprintf(stderr, " %s", tables[i].name);
			fputc('\n', stderr);
			return 1;
		}
		placed[pick] = true;
		order[count] = pick;
	}
	return 0;
}

/* ---- the target ---- */

/* Checks that the target has every table and column of the source and nothing more in
 * them (the two schemas are twins: tools/pg-schema-diff.py), and marks the bytea columns.
 * Generated columns are left out on both sides: each database computes its own. */
static int match_columns(PGconn *pg, struct table *tables, int n)
{
	PGresult *r = PQexec(pg, "SELECT table_name, column_name, data_type FROM information_schema.columns"
	                         " WHERE table_schema = current_schema() AND is_generated = 'NEVER'");
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		char msg[1024];
		pg_message(r ? PQresultErrorMessage(r) : PQerrorMessage(pg), msg, sizeof(msg));
		fprintf(stderr, "migrate-data: cannot read the target's columns: %s\n", msg);
		PQclear(r);
		return 1;
	}
	int rc = 0, rows = PQntuples(r);
	for (int i = 0; i < n && !rc; i++) {
		struct table *t = &tables[i];
		int found = 0, in_target = 0;
		for (int k = 0; k < rows; k++) {
			if (strcmp(PQgetvalue(r, k, 0), t->name) != 0)
				continue;
			in_target++;
			for (int c = 0; c < t->ncols; c++) {
				if (strcmp(PQgetvalue(r, k, 1), t->cols[c].name) == 0) {
					t->cols[c].bytea = strcmp(PQgetvalue(r, k, 2), "bytea") == 0;
					found++;
				}
			}
		}
		if (in_target == 0) {
			fprintf(stderr, "migrate-data: the target has no table %s: its schema is not this liandong's\n", t->name);
			rc = 1;
		} else if (found != t->ncols || in_target != t->ncols) {
			fprintf(stderr, "migrate-data: the columns of %s differ between the source (%d) and the target (%d): "
			                "the two schemas must be twins (tools/pg-schema-diff.py shows how they differ)\n",
			        t->name, t->ncols, in_target);
			rc = 1;
		}
	}
	PQclear(r);
	return rc;
}

/* Refuses a target that holds data: every table but schema_migrations and the seeded ones
 * must be empty. 0, or 1 with the tables that are not named. */
static int check_empty(PGconn *pg)
{
	PGresult *r = PQexec(pg, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	                         " AND table_type = 'BASE TABLE' ORDER BY table_name");
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		char msg[1024];
		pg_message(r ? PQresultErrorMessage(r) : PQerrorMessage(pg), msg, sizeof(msg));
		fprintf(stderr, "migrate-data: cannot list the target's tables: %s\n", msg);
		PQclear(r);
		return 1;
	}
	struct buf sql, holding;
	buf_init(&sql, 4096);
	buf_init(&holding, 4096);
	int rc = 0, shown = 0;
	for (int k = 0; k < PQntuples(r) && !rc; k++) {
		const char *name = PQgetvalue(r, k, 0);
		if (strcmp(name, "schema_migrations") == 0 || is_seeded(name))
			continue;
		buf_reset(&sql);
		buf_puts(&sql, "SELECT count(*) FROM (SELECT 1 FROM ");
		put_ident(&sql, name);
		buf_puts(&sql, " LIMIT 1) AS any_row");
		long long any = 0;
		if (sql.failed || pg_count(pg, buf_str(&sql), name, &any)) {
			rc = 1;
		} else if (any && shown++ < 6) {
			buf_printf(&holding, "%s%s", holding.len ? ", " : "", name);
		}
	}
	if (!rc && shown) {
		fprintf(stderr, "migrate-data: the target already holds data (%s%s); migrate-data copies only into an "
		                "empty database, never into one in use: create a new database and name it in --to\n",
		        buf_str(&holding), shown > 6 ? ", …" : "");
		rc = 1;
	}
	buf_fini(&sql);
	buf_fini(&holding);
	PQclear(r);
	return rc;
}

/* Connects to the target, creates its schema with the migrations, and checks it is empty
 * and has the source's tables. 0 with *out (the caller closes it), or an exit code. */
static int open_target(const char *to, struct table *tables, int n, struct store **out)
{
	int applied = 0;
	if (store_open(to, NULL, out) != LD_OK) {
		fprintf(stderr, "migrate-data: cannot connect to the target (--to)\n");
		return 1;
	}
	if (store_migrate(*out, &applied) != LD_OK) {
		fprintf(stderr, "migrate-data: cannot create the schema on the target\n");
		goto fail;
	}
	/* the source's text is UTF-8, whatever the environment says (PGCLIENTENCODING) */
	if (PQsetClientEncoding((*out)->pg, "UTF8") != 0) {
		fprintf(stderr, "migrate-data: the target does not take UTF-8: %s", PQerrorMessage((*out)->pg));
		goto fail;
	}
	if (check_empty((*out)->pg) || match_columns((*out)->pg, tables, n))
		goto fail;
	if (applied)
		printf("target: schema created (%d migration%s)\n", applied, applied == 1 ? "" : "s");
	return 0;
fail:
	store_close(*out);
	*out = NULL;
	return 1;
}

/* ---- the copy ---- */

/* Appends text in COPY's text format: backslash, tab, newline and carriage return escaped. */
static void put_text(struct buf *b, const unsigned char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		char esc = s[i] == '\\' ? '\\' : s[i] == '\t' ? 't' : s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : 0;
		if (!esc)
			continue;
		buf_append(b, s + run, i - run);
		buf_putc(b, '\\');
		buf_putc(b, esc);
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
}

/* Appends bytes as bytea's hex input (\x0a1b), its backslash escaped for COPY. */
static void put_hex(struct buf *b, const unsigned char *s, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	buf_puts(b, "\\\\x");
	for (size_t i = 0; i < n; i++) {
		buf_putc(b, digits[s[i] >> 4]);
		buf_putc(b, digits[s[i] & 15]);
	}
}

/* Appends the current row of s as one line of COPY text. Integers and text as SQLite writes
 * them, REAL with 17 digits (which reads back as the same double), NULL as \N. */
static void put_row(struct buf *b, sqlite3_stmt *s, const struct table *t)
{
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			buf_putc(b, '\t');
		int type = sqlite3_column_type(s, c);
		if (type == SQLITE_NULL) {
			buf_puts(b, "\\N");
		} else if (type == SQLITE_FLOAT) {
			buf_printf(b, "%.17g", sqlite3_column_double(s, c));
		} else if (t->cols[c].bytea) {
			const unsigned char *p = sqlite3_column_blob(s, c);
			put_hex(b, p, (size_t)sqlite3_column_bytes(s, c));
		} else {
			const unsigned char *p = sqlite3_column_text(s, c);
			put_text(b, p, (size_t)sqlite3_column_bytes(s, c));
		}
	}
	buf_putc(b, '\n');
}

/* Ends a COPY: with why non-NULL, abandons it. 0 when PostgreSQL took it, else 1 with its
 * message (which names the line of the COPY) in msg. */
static int copy_end(PGconn *pg, const char *why, char *msg, size_t msglen)
{
	int rc = 0;
	if (PQputCopyEnd(pg, why) != 1) {
		pg_message(PQerrorMessage(pg), msg, msglen);
		rc = 1;
	}
	PGresult *r;
	while ((r = PQgetResult(pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc) {
			pg_message(PQresultErrorMessage(r), msg, msglen);
			rc = 1;
		}
		PQclear(r);
	}
	return rc || why ? 1 : 0;
}

/* Streams every row of t from the source into the target with COPY … FROM STDIN. 0 with
 * *rows, or 1 with a message naming the table. */
static int copy_rows(sqlite3 *db, PGconn *pg, const struct table *t, long long *rows)
{
	struct buf select, copy, data;
	buf_init(&select, 65536);
	buf_init(&copy, 65536);
	buf_init(&data, ROW_MAX_BYTES);
	sqlite3_stmt *s = NULL;
	char msg[2048] = "";
	int rc = 1;
	*rows = 0;
	buf_puts(&select, "SELECT ");
	buf_puts(&copy, "COPY ");
	put_ident(&copy, t->name);
	buf_puts(&copy, " (");
	for (int c = 0; c < t->ncols; c++) {
		buf_puts(&select, c ? ", " : "");
		put_ident(&select, t->cols[c].name);
		buf_puts(&copy, c ? ", " : "");
		put_ident(&copy, t->cols[c].name);
	}
	buf_puts(&select, " FROM ");
	put_ident(&select, t->name);
	buf_puts(&copy, ") FROM STDIN");
	if (select.failed || copy.failed) {
		fprintf(stderr, "migrate-data: %s: out of memory\n", t->name);
		goto out;
	}
	if (sqlite3_prepare_v2(db, buf_str(&select), -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "migrate-data: %s: cannot read the source: %s\n", t->name, sqlite3_errmsg(db));
		goto out;
	}
	PGresult *r = PQexec(pg, buf_str(&copy));
	if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
		pg_message(r ? PQresultErrorMessage(r) : PQerrorMessage(pg), msg, sizeof(msg));
		fprintf(stderr, "migrate-data: %s: %s\n", t->name, msg);
		PQclear(r);
		goto out;
	}
	PQclear(r);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		put_row(&data, s, t);
		if (data.failed)
			break;
		++*rows;
		if (data.len >= CHUNK_BYTES) {
			if (PQputCopyData(pg, data.data, (int)data.len) != 1)
				break;
			buf_reset(&data);
		}
	}
	if (data.failed) {
		copy_end(pg, "row too large", msg, sizeof(msg));
		fprintf(stderr, "migrate-data: %s: row %lld is larger than %u bytes, or memory ran out\n", t->name,
		        *rows + 1, ROW_MAX_BYTES);
		goto out;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		copy_end(pg, "the source could not be read", msg, sizeof(msg));
		fprintf(stderr, "migrate-data: %s: cannot read the source: %s\n", t->name, sqlite3_errmsg(db));
		goto out;
	}
	/* a row left unread means PQputCopyData failed: the connection is gone */
	if (step == SQLITE_ROW || (data.len && PQputCopyData(pg, data.data, (int)data.len) != 1)) {
		pg_message(PQerrorMessage(pg), msg, sizeof(msg));
		fprintf(stderr, "migrate-data: %s: the rows could not be sent: %s\n", t->name, msg);
		goto out;
	}
	if (copy_end(pg, NULL, msg, sizeof(msg))) {
		fprintf(stderr, "migrate-data: %s: PostgreSQL refused the rows: %s\n", t->name, msg);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(s);
	buf_fini(&select);
	buf_fini(&copy);
	buf_fini(&data);
	return rc;
}

/* Loads one table inside the open transaction: its triggers off, the rows the migrations
 * seeded out, the source's rows in, its triggers on again; then the target must count as
 * many rows as were sent. 0 with *rows, or 1 with a message naming the table. */
static int load_table(sqlite3 *db, PGconn *pg, const struct table *t, long long *rows)
{
	struct buf name, sql;
	buf_init(&name, 256);
	buf_init(&sql, 1024);
	put_ident(&name, t->name);
	const char *q = buf_str(&name);
	long long have = -1;
	int rc = 1;
	buf_printf(&sql, "ALTER TABLE %s DISABLE TRIGGER USER", q);
	if (name.failed || sql.failed || pg_run(pg, buf_str(&sql), t->name))
		goto out;
	if (is_seeded(t->name)) {
		buf_reset(&sql);
		buf_printf(&sql, "DELETE FROM %s", q);
		if (sql.failed || pg_run(pg, buf_str(&sql), t->name))
			goto out;
	}
	if (copy_rows(db, pg, t, rows))
		goto out;
	buf_reset(&sql);
	buf_printf(&sql, "ALTER TABLE %s ENABLE TRIGGER USER", q);
	if (sql.failed || pg_run(pg, buf_str(&sql), t->name))
		goto out;
	buf_reset(&sql);
	buf_printf(&sql, "SELECT count(*) FROM %s", q);
	if (sql.failed || pg_count(pg, buf_str(&sql), t->name, &have))
		goto out;
	if (have != *rows) {
		fprintf(stderr, "migrate-data: %s: the source has %lld rows, the target %lld\n", t->name, *rows, have);
		goto out;
	}
	rc = 0;
out:
	buf_fini(&name);
	buf_fini(&sql);
	return rc;
}

/* Walks the target's audit chain as `liandong audit verify` does, and prints the result.
 * On a break, walks the source's too, to tell whether the break came with the rows. */
static int verify_chain(struct store *dst, struct store *src, const char *from)
{
	struct audit_check c, s;
	if (store_audit_verify(dst, 0, NULL, &c) != LD_OK) {
		fprintf(stderr, "migrate-data: cannot read the target's audit log\n");
		return 1;
	}
	if (!c.broken) {
		printf("audit verify: %lld records, chain intact; head %lld:%s\n", c.checked, c.head_seq, c.head_hash);
		return 0;
	}
	fprintf(stderr, "audit verify: BROKEN at record %lld: %s\n", c.broken, c.why);
	if (store_audit_verify(src, 0, NULL, &s) == LD_OK && s.broken)
		fprintf(stderr, "migrate-data: the source's chain is broken too, at record %lld: the break was there "
		                "before the copy (liandong audit verify --db %s)\n", s.broken, from);
	else
		fprintf(stderr, "migrate-data: the source's chain is intact, so the copy changed what record %lld's hash "
		                "covers; the rows are committed on the target: drop that database before trying again\n",
		        c.broken);
	return 1;
}

int cli_migrate_data(const struct cli_args *a)
{
	struct store *src = NULL, *dst = NULL;
	struct table *tables = calloc(MAX_TABLES, sizeof(*tables));
	int order[MAX_TABLES], n = 0, rc = 1;
	bool reading = false, writing = false;
	if (!tables) {
		fprintf(stderr, "migrate-data: out of memory\n");
		return 1;
	}
	if (open_source(a->from, &src))
		goto out;
	/* one snapshot of the source for its schema and all its rows */
	if (sqlite3_exec(src->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "migrate-data: cannot read %s: %s\n", a->from, sqlite3_errmsg(src->db));
		goto out;
	}
	reading = true;
	if (list_tables(src->db, tables, &n) || order_tables(tables, n, order) || open_target(a->to, tables, n, &dst))
		goto out;
	if (pg_run(dst->pg, "BEGIN", "cannot begin a transaction on the target"))
		goto out;
	writing = true;
	printf("copying %d tables from %s\n", n, a->from);
	fflush(stdout);
	long long total = 0;
	double start = gen_clock();
	for (int k = 0; k < n; k++) {
		const struct table *t = &tables[order[k]];
		long long rows = 0;
		double began = gen_clock();
		if (load_table(src->db, dst->pg, t, &rows))
			goto out;
		double secs = gen_clock() - began;
		printf("  %-20s %10lld rows %12.0f rows/s\n", t->name, rows, secs > 0 ? (double)rows / secs : 0.0);
		fflush(stdout);
		total += rows;
	}
	if (store_sync_ids(dst) != LD_OK) {
		fprintf(stderr, "migrate-data: cannot move the target's identities past the copied ids\n");
		goto out;
	}
	if (pg_run(dst->pg, "COMMIT", "the commit on the target failed"))
		goto out;
	writing = false;
	double secs = gen_clock() - start;
	printf("copied %lld rows in %d tables in %.1f s (%.0f rows/s); committed\n", total, n, secs,
	       secs > 0 ? (double)total / secs : 0.0);
	sqlite3_exec(src->db, "COMMIT", NULL, NULL, NULL);
	reading = false;
	/* Statistics for the planner and the visibility map for index-only scans, at once rather
	 * than when autovacuum comes round: until then the list's page of ids read each row from
	 * the table (0.44 ms) instead of from its index (0.15 ms). Not a failure when refused:
	 * the rows are in, and autovacuum will get there. */
	double vacuum = gen_clock();
	if (pg_run(dst->pg, "VACUUM (ANALYZE)", "VACUUM (ANALYZE) on the target (autovacuum will do it later)") == 0)
		printf("vacuumed and analyzed in %.1f s\n", gen_clock() - vacuum);
	rc = verify_chain(dst, src, a->from);
	char files[4096];
	snprintf(files, sizeof(files), "%s.files", a->from);
	if (access(files, F_OK) == 0)
		printf("uploaded files are not in the database: serve with --files %s, or copy that directory to the "
		       "one every server shares\n", files);
out:
	if (writing) {
		PQclear(PQexec(dst->pg, "ROLLBACK"));
		fprintf(stderr, "migrate-data: rolled back: no rows were copied (the target keeps the empty schema)\n");
	}
	if (reading)
		sqlite3_exec(src->db, "COMMIT", NULL, NULL, NULL);
	store_close(dst);
	store_close(src);
	free(tables);
	return rc;
}
