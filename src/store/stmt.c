/* Prepared statements on SQLite and on PostgreSQL (libpq), behind stmt.h.
 *
 * SQLite's side is a thin pass-through. PostgreSQL's side is written here rather than taken
 * from a library because what it adds is small and specific: SQLite's `?NNN` parameters
 * rewritten to `$NNN`, SQLite's step/column/reset model over a PGresult, and PostgreSQL's
 * SQLSTATE classes mapped onto the error classes the store already handles. Values travel
 * as text and PostgreSQL infers each parameter's type from where it is used, as SQLite's
 * affinity does; a parameter whose type nothing determines needs a CAST in the SQL. */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pg_stmt {
	char name[24];
	int nparams;
	char **vals;     /* owned texts, NULL for SQL NULL */
	PGresult *res;   /* the answer of the last run, until reset */
	int row;         /* the current row; -1 before the first step */
	bool ran;
	bool readonly;
};

struct stmt {
	struct store *st;
	sqlite3_stmt *lite;
	struct pg_stmt *pg;
};

/* SQLite's `?NNN` and `?` outside quotes and comments become `$NNN`; *nparams receives the
 * highest number. A bare `?` is one more than the highest so far, as in SQLite. */
static char *pg_translate(const char *sql, int *nparams)
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
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->lite, NULL) != SQLITE_OK) {
			fprintf(stderr, "store: prepare failed: %s\n  in: %s\n", sqlite3_errmsg(st->db), sql);
			free(s);
			return NULL;
		}
		return s;
	}
	struct pg_stmt *p = calloc(1, sizeof(*p));
	int nparams = 0;
	char *text = p ? pg_translate(sql, &nparams) : NULL;
	if (!text) {
		free(p);
		free(s);
		return NULL;
	}
	snprintf(p->name, sizeof(p->name), "s%d", ++st->pg_prepared);
	PGresult *r = PQprepare(st->pg, p->name, text, nparams, NULL);
	bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "store: prepare failed: %s  in: %s\n", PQerrorMessage(st->pg), text);
	PQclear(r);
	free(text);
	if (!ok || (nparams && !(p->vals = calloc((size_t)nparams, sizeof(char *))))) {
		free(p);
		free(s);
		return NULL;
	}
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
	}
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
		free(s->pg->vals);
		if (s->st->pg && PQstatus(s->st->pg) == CONNECTION_OK) {
			char sql[48];
			snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->pg->name);
			PQclear(PQexec(s->st->pg, sql));
		}
		free(s->pg);
	}
	free(s);
}

const char *stmt_sql(const struct stmt *s)
{
	return s->lite ? sqlite3_sql(s->lite) : s->pg->name;
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
		p->res = PQexecPrepared(st->pg, p->name, p->nparams, (const char *const *)p->vals, NULL, NULL, 0);
		ExecStatusType status = p->res ? PQresultStatus(p->res) : PGRES_FATAL_ERROR;
		if (status == PGRES_COMMAND_OK) {
			st->pg_changes = atoll(PQcmdTuples(p->res));
			return STMT_DONE;
		}
		if (status != PGRES_TUPLES_OK) {
			snprintf(st->pg_error, sizeof(st->pg_error), "%s", PQerrorMessage(st->pg));
			return pg_error_class(p->res);
		}
		const char *n = PQcmdTuples(p->res);
		if (*n)
			st->pg_changes = atoll(n); /* INSERT … RETURNING */
	}
	if (!p->res || ++p->row >= PQntuples(p->res))
		return STMT_DONE;
	return STMT_ROW;
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

static void pg_bind(struct stmt *s, int i, char *owned)
{
	struct pg_stmt *p = s->pg;
	if (i < 1 || i > p->nparams) {
		free(owned);
		return;
	}
	free(p->vals[i - 1]);
	p->vals[i - 1] = owned;
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
	pg_bind(s, i, text ? strdup(text) : NULL);
}

void stmt_bind_int(struct stmt *s, int i, long long v)
{
	if (s->lite) {
		sqlite3_bind_int64(s->lite, i, v);
		return;
	}
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", v);
	pg_bind(s, i, strdup(buf));
}

void stmt_bind_double(struct stmt *s, int i, double v)
{
	if (s->lite) {
		sqlite3_bind_double(s->lite, i, v);
		return;
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%.17g", v);
	pg_bind(s, i, strdup(buf));
}

void stmt_bind_null(struct stmt *s, int i)
{
	if (s->lite)
		sqlite3_bind_null(s->lite, i);
	else
		pg_bind(s, i, NULL);
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
