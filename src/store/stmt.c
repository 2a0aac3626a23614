/* Prepared statements on SQLite and on PostgreSQL (libpq), behind stmt.h.
 *
 * SQLite's side is a thin pass-through. PostgreSQL's side is written here rather than taken
 * from a library because what it adds is small and specific: SQLite's `?NNN` parameters
 * rewritten to `$NNN`, SQLite's step/column/reset model over a PGresult, and PostgreSQL's
 * SQLSTATE classes mapped onto the error classes the store already handles. Values travel
 * as text. A statement is prepared at its first run, declaring the parameters bound as
 * numbers as bigint or double precision and leaving text to PostgreSQL to infer from where
 * it is used (as SQLite's affinity would); a later run binding a number of another kind
 * prepares it again. */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pg_stmt {
	char name[24];
	char *text;      /* the SQL with $NNN parameters */
	bool prepared;
	int nparams;
	char **vals;     /* owned texts, NULL for SQL NULL */
	Oid *types;      /* what each value is: INT8OID, FLOAT8OID or 0 (text, NULL: inferred) */
	Oid *prepared_types;
	PGresult *res;   /* the answer of the last run, until reset */
	int row;         /* the current row; -1 before the first step */
	bool ran;
	bool readonly;
};

struct stmt {
	struct store *st;
	sqlite3_stmt *lite;
	struct pg_stmt *pg;
	bool rowid; /* SQLite: an INSERT … RETURNING id prepared without its RETURNING (stmt_step_insert) */
};

#define RETURNING_ID " RETURNING id"

/* An INSERT whose text ends with RETURNING id: on SQLite it is prepared without that clause,
 * which would have SQLite collect the one row in a temporary b-tree, opening a pager for it
 * at every run (seen in perf under the report load); the id is the connection's last
 * inserted rowid instead. */
static bool returns_rowid(const char *sql)
{
	size_t n = strlen(sql), k = strlen(RETURNING_ID);
	return strncasecmp(sql, "INSERT INTO ", 12) == 0 && n > k && strcmp(sql + n - k, RETURNING_ID) == 0;
}

/* SQLite's `?NNN` and `?` outside quotes and comments become `$NNN`; *nparams receives the
 * highest number. A bare `?` is one more than the highest so far, as in SQLite. */
char *stmt_pg_translate(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 2 + 16), *o = out;
	if (!out)
		return NULL;
	int max = 0;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p && *p != q)
				*o++ = *p++;
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			p++;
			int k = 0;
			if (*p >= '0' && *p <= '9') {
				while (*p >= '0' && *p <= '9')
					k = k * 10 + (*p++ - '0');
			} else {
				k = max + 1;
			}
			if (k > max)
				max = k;
			o += sprintf(o, "$%d", k);
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*nparams = max;
	return out;
}

static bool starts_readonly(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0 || strncasecmp(sql, "VALUES", 6) == 0 ||
	       (strncasecmp(sql, "WITH", 4) == 0 && !strstr(sql, "INSERT") && !strstr(sql, "UPDATE") &&
	        !strstr(sql, "DELETE"));
}

struct stmt *stmt_prepare(struct store *st, const char *sql)
{
	struct stmt *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->st = st;
	if (!st->pg) {
		s->rowid = returns_rowid(sql);
		int len = s->rowid ? (int)(strlen(sql) - strlen(RETURNING_ID)) : -1;
		if (sqlite3_prepare_v3(st->db, sql, len, SQLITE_PREPARE_PERSISTENT, &s->lite, NULL) != SQLITE_OK) {
			fprintf(stderr, "store: prepare failed: %s\n  in: %s\n", sqlite3_errmsg(st->db), sql);
			free(s);
			return NULL;
		}
		return s;
	}
	struct pg_stmt *p = calloc(1, sizeof(*p));
	int nparams = 0;
	char *text = p ? stmt_pg_translate(sql, &nparams) : NULL;
	if (!text) {
		free(p);
		free(s);
		return NULL;
	}
	size_t np = (size_t)nparams + 1;
	p->vals = calloc(np, sizeof(char *));
	p->types = calloc(np, sizeof(Oid));
	p->prepared_types = calloc(np, sizeof(Oid));
	if (!p->vals || !p->types || !p->prepared_types) {
		free(p->vals);
		free(p->types);
		free(p->prepared_types);
		free(text);
		free(p);
		free(s);
		return NULL;
	}
	p->text = text;
	p->nparams = nparams;
	p->row = -1;
	p->readonly = starts_readonly(sql);
	s->pg = p;
	return s;
}

static void pg_clear_bindings(struct pg_stmt *p)
{
	for (int i = 0; i < p->nparams; i++) {
		free(p->vals[i]);
		p->vals[i] = NULL;
		p->types[i] = 0;
	}
}

static void pg_deallocate(struct stmt *s)
{
	if (s->pg->prepared && s->st->pg && PQstatus(s->st->pg) == CONNECTION_OK) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->pg->name);
		PQclear(PQexec(s->st->pg, sql));
	}
	s->pg->prepared = false;
}

static bool pg_try_prepare(struct stmt *s, const Oid *types)
{
	PGresult *r = PQprepare(s->st->pg, s->pg->name, s->pg->text, s->pg->nparams, types);
	bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		snprintf(s->st->pg_error, sizeof(s->st->pg_error), "%s", PQerrorMessage(s->st->pg));
	PQclear(r);
	return ok;
}

static void pg_quiet(struct store *st, const char *sql)
{
	PQclear(PQexec(st->pg, sql));
}

/* Prepares the statement for the kinds of values bound now, unless it already is. Text and
 * NULL are first left for PostgreSQL to infer; where nothing in the statement tells their
 * type (`?2 IS NULL`, `?2 = ''`), they are declared text. A failed PREPARE would end an open
 * transaction, so there it runs inside a savepoint. */
static bool pg_ready(struct stmt *s)
{
	struct pg_stmt *p = s->pg;
	if (p->prepared) {
		bool same = true;
		for (int i = 0; i < p->nparams && same; i++)
			same = !p->types[i] || p->types[i] == p->prepared_types[i];
		if (same)
			return true;
		pg_deallocate(s);
	}
	snprintf(p->name, sizeof(p->name), "s%d", ++s->st->pg_prepared);
	bool in_tx = PQtransactionStatus(s->st->pg) == PQTRANS_INTRANS;
	if (in_tx)
		pg_quiet(s->st, "SAVEPOINT ld_prepare");
	bool ok = pg_try_prepare(s, p->types);
	/* each parameter PostgreSQL names as undeterminable is declared text, one at a time */
	for (int tries = 0; !ok && tries < p->nparams; tries++) {
		int n = 0;
		const char *m = strstr(s->st->pg_error, "could not determine data type of parameter $");
		if (!m || sscanf(m + strlen("could not determine data type of parameter $"), "%d", &n) != 1 || n < 1 ||
		    n > p->nparams || p->types[n - 1])
			break;
		if (in_tx)
			pg_quiet(s->st, "ROLLBACK TO SAVEPOINT ld_prepare");
		p->types[n - 1] = 25; /* TEXTOID */
		ok = pg_try_prepare(s, p->types);
	}
	if (in_tx)
		pg_quiet(s->st, ok ? "RELEASE SAVEPOINT ld_prepare" : "ROLLBACK TO SAVEPOINT ld_prepare");
	if (!ok)
		fprintf(stderr, "store: prepare failed: %s  in: %s\n", s->st->pg_error, p->text);
	if (ok) {
		memcpy(p->prepared_types, p->types, (size_t)p->nparams * sizeof(Oid));
		p->prepared = true;
	}
	return ok;
}

void stmt_clear(struct stmt *s)
{
	stmt_reset(s);
	if (s->lite)
		sqlite3_clear_bindings(s->lite);
	else
		pg_clear_bindings(s->pg);
}

void stmt_finalize(struct stmt *s)
{
	if (!s)
		return;
	if (s->lite) {
		sqlite3_finalize(s->lite);
	} else {
		stmt_reset(s);
		pg_clear_bindings(s->pg);
		pg_deallocate(s);
		free(s->pg->vals);
		free(s->pg->types);
		free(s->pg->prepared_types);
		free(s->pg->text);
		free(s->pg);
	}
	free(s);
}

void stmt_forget(struct stmt *s)
{
	if (s && s->pg) {
		stmt_reset(s);
		s->pg->prepared = false;
	}
}

/* SQLSTATE classes to the error classes of stmt.h. */
static int pg_error_class(const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return STMT_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return STMT_CONSTRAINT;
	/* a trigger's RAISE EXCEPTION (P0001) is SQLite's RAISE(ABORT): a refused change */
	if (strcmp(state, "P0001") == 0)
		return STMT_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		return STMT_BUSY;
	if (strncmp(state, "53", 2) == 0)
		return STMT_NOMEM;
	return STMT_ERROR;
}

int stmt_step(struct stmt *s)
{
	if (s->lite)
		return sqlite3_step(s->lite);
	struct pg_stmt *p = s->pg;
	struct store *st = s->st;
	if (!p->ran) {
		p->ran = true;
		p->row = -1;
		if (!pg_ready(s)) {
			store_pg_recover(st);
			return STMT_ERROR;
		}
		p->res = PQexecPrepared(st->pg, p->name, p->nparams, (const char *const *)p->vals, NULL, NULL, 0);
		ExecStatusType status = p->res ? PQresultStatus(p->res) : PGRES_FATAL_ERROR;
		if (status == PGRES_COMMAND_OK) {
			st->pg_changes = atoll(PQcmdTuples(p->res));
			return STMT_DONE;
		}
		if (status != PGRES_TUPLES_OK) {
			snprintf(st->pg_error, sizeof(st->pg_error), "%s", PQerrorMessage(st->pg));
			int rc = pg_error_class(p->res);
			store_pg_recover(st);
			return rc;
		}
		/* INSERT … RETURNING changed rows; a SELECT (also counted by PQcmdTuples) did not */
		if (strncmp(PQcmdStatus(p->res), "SELECT", 6) != 0)
			st->pg_changes = atoll(PQcmdTuples(p->res));
	}
	if (!p->res || ++p->row >= PQntuples(p->res))
		return STMT_DONE;
	return STMT_ROW;
}

int stmt_step_insert(struct stmt *s, long long *id)
{
	*id = 0;
	if (s->rowid) {
		int rc = sqlite3_step(s->lite);
		if (rc == SQLITE_DONE && sqlite3_changes64(s->st->db) > 0)
			*id = sqlite3_last_insert_rowid(s->st->db);
		return rc;
	}
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*id = stmt_int64(s, 0);
		rc = STMT_DONE;
	}
	return rc;
}

void stmt_reset(struct stmt *s)
{
	if (s->lite) {
		sqlite3_reset(s->lite);
		return;
	}
	PQclear(s->pg->res);
	s->pg->res = NULL;
	s->pg->ran = false;
	s->pg->row = -1;
}

static void pg_bind(struct stmt *s, int i, char *owned, Oid type)
{
	struct pg_stmt *p = s->pg;
	if (i < 1 || i > p->nparams) {
		free(owned);
		return;
	}
	free(p->vals[i - 1]);
	p->vals[i - 1] = owned;
	p->types[i - 1] = owned ? type : 0;
}

void stmt_bind_text(struct stmt *s, int i, const char *text)
{
	if (s->lite) {
		if (text)
			sqlite3_bind_text(s->lite, i, text, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(s->lite, i);
		return;
	}
	pg_bind(s, i, text ? strdup(text) : NULL, 0);
}

void stmt_bind_int(struct stmt *s, int i, long long v)
{
	if (s->lite) {
		sqlite3_bind_int64(s->lite, i, v);
		return;
	}
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", v);
	pg_bind(s, i, strdup(buf), 20 /* INT8OID */);
}

void stmt_bind_double(struct stmt *s, int i, double v)
{
	if (s->lite) {
		sqlite3_bind_double(s->lite, i, v);
		return;
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%.17g", v);
	pg_bind(s, i, strdup(buf), 701 /* FLOAT8OID */);
}

void stmt_bind_null(struct stmt *s, int i)
{
	if (s->lite)
		sqlite3_bind_null(s->lite, i);
	else
		pg_bind(s, i, NULL, 0);
}

static const char *pg_value(struct stmt *s, int i)
{
	struct pg_stmt *p = s->pg;
	if (!p->res || p->row < 0 || p->row >= PQntuples(p->res) || i >= PQnfields(p->res) ||
	    PQgetisnull(p->res, p->row, i))
		return NULL;
	return PQgetvalue(p->res, p->row, i);
}

const char *stmt_text(struct stmt *s, int i)
{
	return s->lite ? (const char *)sqlite3_column_text(s->lite, i) : pg_value(s, i);
}

long long stmt_int64(struct stmt *s, int i)
{
	if (s->lite)
		return sqlite3_column_int64(s->lite, i);
	const char *v = pg_value(s, i);
	if (!v)
		return 0;
	if (*v == 't')
		return 1;
	if (strchr(v, '.') || strchr(v, 'e'))
		return (long long)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

int stmt_int(struct stmt *s, int i)
{
	return s->lite ? sqlite3_column_int(s->lite, i) : (int)stmt_int64(s, i);
}

double stmt_double(struct stmt *s, int i)
{
	if (s->lite)
		return sqlite3_column_double(s->lite, i);
	const char *v = pg_value(s, i);
	return v ? (*v == 't' ? 1.0 : strtod(v, NULL)) : 0.0;
}

bool stmt_null(struct stmt *s, int i)
{
	return s->lite ? sqlite3_column_type(s->lite, i) == SQLITE_NULL : pg_value(s, i) == NULL;
}

bool stmt_readonly(const struct stmt *s)
{
	return s->lite ? sqlite3_stmt_readonly(s->lite) != 0 : s->pg->readonly;
}
