#include "io/import.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/itemcheck.h"
#include "core/scope.h"
#include "io/columns.h"
#include "io/files.h"
#include "io/table.h"
#include "store/audit.h"
#include "store/cycles.h"
#include "store/imports.h"
#include "store/items.h"
#include "store/units.h"
#include "store/users.h"
#include "util/jw.h"
#include "util/query.h"

#define ROLES_IMPORT (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_UNIT_LEADER))
#define PROGRESS_EVERY 500

/* ---- progress of the import running in this process ---- */

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	long long id, processed, total;
} live;

static void live_set(long long id, long long processed, long long total)
{
	pthread_mutex_lock(&live_lock);
	live.id = id, live.processed = processed, live.total = total;
	pthread_mutex_unlock(&live_lock);
}

bool import_live(long long id, long long *processed, long long *total)
{
	pthread_mutex_lock(&live_lock);
	bool on = live.id == id && id != 0;
	if (on)
		*processed = live.processed, *total = live.total;
	pthread_mutex_unlock(&live_lock);
	return on;
}

/* ---- unit names within scope ---- */

struct name_slot {
	const char *name;
	long long id;
	int count;             /* units sharing the name */
	const char *first[3];  /* the full names of the first few of them */
};

struct names {
	struct name_slot *slot;
	size_t cap;
	struct arena *a;
	const struct scope *scope;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct name_slot *name_find(struct names *n, const char *name)
{
	for (size_t i = hash(name) & (n->cap - 1);; i = (i + 1) & (n->cap - 1))
		if (!n->slot[i].name || strcmp(n->slot[i].name, name) == 0)
			return &n->slot[i];
}

static void name_add(struct names *n, const char *name, long long id, const char *full)
{
	if (!name || !*name)
		return;
	struct name_slot *s = name_find(n, name);
	if (!s->name) {
		s->name = arena_strdup(n->a, name);
		s->id = id;
		s->count = 1;
		s->first[0] = full;
	} else if (s->id != id) {
		if (s->count < 3)
			s->first[s->count] = full;
		s->count++;
	}
}

static int add_unit(void *ctx, const struct unit *u)
{
	struct names *n = ctx;
	struct scope_target t = {u->path, strcmp(u->kind, "region") == 0, u->sector};
	if (!scope_allows(n->scope, ROLES_IMPORT, &t))
		return 0;
	const char *full = arena_strdup(n->a, u->name);
	name_add(n, u->name, u->id, full);
	name_add(n, u->short_name, u->id, full);
	return 0;
}

/* ---- rows ---- */

struct row_item {
	int line;
	bool ok;
	long long unit_id;
	struct item_fields f;
};

struct run {
	struct store *st;
	struct arena *a;
	struct import_job job;
	struct buf errors;
	struct jw w;
	int nerrors;
	int col[COL_COUNT]; /* index of each column in the sheet, -1 when absent */
};

static void error(struct run *r, int line, const char *column, const char *message)
{
	if (r->nerrors++ >= IMPORT_MAX_ERRORS)
		return;
	jw_obj(&r->w);
	jw_kint(&r->w, "row", line);
	jw_kstr(&r->w, "column", column);
	jw_kstr(&r->w, "message", message);
	jw_obj_end(&r->w);
}

static const char *cell(const struct table_row *row, int idx)
{
	if (idx < 0 || idx >= row->n)
		return "";
	const char *s = row->cell[idx];
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Trims trailing blanks in place (cells live in the arena). */
static const char *trim(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

static int chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static bool number(const char *s, double *out)
{
	char *end;
	if (!*s)
		return false;
	*out = strtod(s, &end);
	while (*end == ' ')
		end++;
	return *end == '\0';
}

static void map_header(struct run *r, const struct table_row *h)
{
	for (int c = 0; c < COL_COUNT; c++)
		r->col[c] = -1;
	for (int i = 0; i < h->n; i++) {
		const char *name = cell(h, i);
		if (!*name || column_export_only(name))
			continue;
		int c = column_by_header(name);
		if (c < 0)
			error(r, h->line, name, arena_printf(r->a, "未知的列「%s」，请使用模板中的列名", name));
		else if (r->col[c] >= 0)
			error(r, h->line, columns[c].header, "该列重复出现");
		else
			r->col[c] = i;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (columns[c].required && r->col[c] < 0)
			error(r, h->line, columns[c].header, "缺少必填列");
}

static bool check_row(struct run *r, struct names *units, const struct table_row *row, struct row_item *out)
{
	int before = r->nerrors;
	const char *v[COL_COUNT];
	for (int c = 0; c < COL_COUNT; c++) {
		v[c] = trim(r->a, cell(row, r->col[c]));
		static const int limits[COL_COUNT] = {100, 50, 200, 100, 50, 50, 20, 20, 1000, 30, 20, 1000, 20, 4000};
		if (chars(v[c]) > limits[c])
			error(r, row->line, columns[c].header, arena_printf(r->a, "超过 %d 个字", limits[c]));
	}
	memset(out, 0, sizeof(*out));
	out->line = row->line;
	struct item_fields *f = &out->f;
	f->project = v[COL_PROJECT], f->category = v[COL_CATEGORY], f->title = v[COL_TITLE];
	f->responsible_person = v[COL_PERSON], f->lead_leader = v[COL_LEADER];
	f->target_text = v[COL_TARGET], f->target_unit = v[COL_TARGET_UNIT];
	f->evidence_required = v[COL_EVIDENCE], f->description = v[COL_DESCRIPTION];
	if (*v[COL_TARGET_VALUE]) {
		if (number(v[COL_TARGET_VALUE], &f->target_value))
			f->has_target_value = true;
		else
			error(r, row->line, columns[COL_TARGET_VALUE].header,
			      arena_printf(r->a, "「%s」不是数字", v[COL_TARGET_VALUE]));
	}
	double weight = 1;
	bool has_weight = false;
	if (*v[COL_WEIGHT] && !(has_weight = number(v[COL_WEIGHT], &weight)))
		error(r, row->line, columns[COL_WEIGHT].header, arena_printf(r->a, "「%s」不是数字", v[COL_WEIGHT]));
	struct item_input in = {f->project, f->category, f->title, f->responsible_person, v[COL_START], v[COL_DUE],
	                        has_weight, weight, true};
	struct item_clean clean;
	struct item_problem p[ITEM_PROBLEM_MAX];
	int n = item_check(&in, &clean, p);
	for (int i = 0; i < n; i++) {
		const char *column = p[i].field;
		for (int c = 0; c < COL_COUNT; c++)
			if (strcmp(columns[c].field, p[i].field) == 0)
				column = columns[c].header;
		error(r, row->line, column, arena_strdup(r->a, p[i].message));
	}
	f->start_date = clean.start_date[0] ? arena_strdup(r->a, clean.start_date) : NULL;
	f->due_date = arena_strdup(r->a, clean.due_date);
	f->weight = clean.weight;
	const char *unit = v[COL_UNIT];
	if (*unit) {
		struct name_slot *s = name_find(units, unit);
		if (!s->name)
			error(r, row->line, columns[COL_UNIT].header,
			      arena_printf(r->a, "找不到单位「%s」，或不在您的权限范围内", unit));
		else if (s->count > 1)
			error(r, row->line, columns[COL_UNIT].header,
			      arena_printf(r->a, "「%s」对应 %d 个单位（如 %s、%s%s），请填写单位全称", unit, s->count,
			                   s->first[0], s->first[1], s->count > 2 ? " 等" : ""));
		else
			out->unit_id = s->id;
	} else {
		error(r, row->line, columns[COL_UNIT].header, "责任单位不能为空");
	}
	out->ok = r->nerrors == before;
	return out->ok;
}

/* Rows that name the same item twice: the later one is an error. */
static void check_duplicates(struct run *r, struct row_item *rows, int n)
{
	struct names seen = {arena_zalloc(r->a, sizeof(struct name_slot) * 262144), 262144, r->a, NULL};
	if (!seen.slot)
		return;
	for (int i = 0; i < n; i++) {
		if (!rows[i].unit_id)
			continue;
		const char *key = arena_printf(r->a, "%lld\x1f%s\x1f%s", rows[i].unit_id, rows[i].f.project, rows[i].f.title);
		struct name_slot *s = name_find(&seen, key);
		if (s->name) {
			error(r, rows[i].line, columns[COL_TITLE].header,
			      arena_printf(r->a, "与第 %lld 行是同一事项（同一单位、工作项目和事项名称）", s->id));
			rows[i].unit_id = 0;
			rows[i].ok = false;
		} else {
			s->name = key;
			s->id = rows[i].line;
		}
	}
}

enum lderr import_run(struct store *st, const char *files_dir, long long id)
{
	struct arena a;
	arena_init(&a, 1u << 30);
	struct run r = {.st = st, .a = &a};
	buf_init(&r.errors, 16u << 20);
	jw_init(&r.w, &r.errors);
	jw_arr(&r.w);
	struct buf file;
	buf_init(&file, 64u << 20);
	struct table t = {0};
	struct row_item *rows = NULL;
	int nrows = 0, valid = 0;
	long long created = 0, updated = 0;
	const char *message = NULL, *final = "failed", *username = "unknown";
	char why[256] = "";
	enum lderr e = store_import_get(st, &a, id, &r.job);
	if (e)
		goto out;
	bool commit = strcmp(r.job.state, "importing") == 0;
	struct user u;
	struct grant *grants;
	int ngrants;
	if ((e = store_user_get(st, &a, r.job.user_id, &u)) ||
	    (e = store_grants_of(st, &a, u.id, &grants, &ngrants)))
		goto out;
	username = u.username;
	struct scope_grant *sg = arena_alloc(&a, sizeof(*sg) * (size_t)(ngrants + 1));
	for (int i = 0; sg && i < ngrants; i++)
		sg[i] = grants[i].g;
	struct scope scope = {sg, ngrants};
	struct cycle cy;
	if ((e = store_cycle_get(st, &a, r.job.cycle_id, &cy)))
		goto out;
	if (strcmp(cy.phase, "planning") != 0 && strcmp(cy.phase, "running") != 0) {
		message = arena_printf(&a, "%lld 年度已不在可编辑清单的阶段，不能导入", cy.year);
		goto finish;
	}
	if ((e = files_get(files_dir, r.job.file_sha256, &file))) {
		message = "上传的文件已不在存储中，请重新上传";
		goto finish;
	}
	if (table_read(file.data, file.len, strcmp(r.job.format, "xlsx") == 0, "清单", &a, &t, why, sizeof(why)) < 0) {
		message = arena_strdup(&a, why);
		goto finish;
	}
	if (t.nrows < 2) {
		message = "表格中没有事项（第一行应为表头，从第二行起每行一个事项）";
		goto finish;
	}
	map_header(&r, &t.row[0]);
	if (r.nerrors) {
		final = commit ? "failed" : "checked";
		message = "表头有误，请使用导入模板";
		goto finish;
	}
	struct names units = {arena_zalloc(&a, sizeof(struct name_slot) * (1u << 17)), 1u << 17, &a, &scope};
	if (!units.slot) {
		e = LD_NOMEM;
		goto out;
	}
	static const char *const kinds[] = {"region", "organ", "division"};
	for (int k = 0; k < 3; k++)
		if ((e = store_unit_each(st, kinds[k], add_unit, &units)))
			goto out;
	rows = calloc((size_t)t.nrows, sizeof(*rows));
	if (!rows) {
		e = LD_NOMEM;
		goto out;
	}
	long long total = t.nrows - 1;
	for (int i = 1; i < t.nrows; i++) {
		if (check_row(&r, &units, &t.row[i], &rows[nrows]))
			valid++;
		nrows++;
		if (i % PROGRESS_EVERY == 0 && !commit)
			store_import_progress(st, id, total, i);
		live_set(id, i, total);
	}
	check_duplicates(&r, rows, nrows);
	if (r.nerrors) {
		valid = 0;
		for (int i = 0; i < nrows; i++)
			valid += rows[i].ok;
		message = arena_printf(&a, "共 %lld 行，发现 %d 处错误，整表未导入；请修改后重新上传", total, r.nerrors);
		/* a check that found errors is finished (checked, with its errors); an import that
		 * finds them now, because the data changed since the check, failed */
		final = commit ? "failed" : "checked";
		goto finish;
	}
	if (!commit) {
		final = "checked";
		message = arena_printf(&a, "共 %lld 行，检查通过，可以导入", total);
		goto finish;
	}
	if ((e = store_begin(st)))
		goto out;
	struct audit_actor who = {r.job.user_id, username, r.job.client};
	for (int i = 0; i < nrows; i++) {
		long long item;
		e = store_item_find(st, r.job.cycle_id, rows[i].unit_id, rows[i].f.project, rows[i].f.title, &item);
		if (e == LD_OK) {
			e = store_item_update(st, item, &rows[i].f);
			if (!e)
				e = store_item_refresh(st, item);
			updated++;
		} else if (e == LD_NOT_FOUND) {
			e = store_item_insert(st, r.job.cycle_id, 0, rows[i].unit_id, &rows[i].f, true, &item);
			if (!e)
				e = store_item_refresh(st, item);
			created++;
		}
		if (!e) {
			struct audit_entry ae = {"item.import", "item", arena_printf(&a, "%lld", item), NULL,
			                         arena_printf(&a, "{\"import_id\":%lld,\"row\":%d}", id, rows[i].line), 0};
			e = store_audit(st, &who, &ae);
		}
		if (e) {
			store_rollback(st);
			message = arena_printf(&a, "第 %d 行写入失败，整表未导入", rows[i].line);
			created = updated = 0;
			goto finish;
		}
		if (i % PROGRESS_EVERY == 0)
			live_set(id, i, total);
	}
	{
		char after[128];
		snprintf(after, sizeof(after), "{\"created\":%lld,\"updated\":%lld}", created, updated);
		struct audit_entry ae = {"import.commit", "import", arena_printf(&a, "%lld", id), NULL, after, 0};
		if ((e = store_audit(st, &who, &ae)) ||
		    (e = store_import_finish(st, id, "done", total, valid, NULL, created, updated,
		                             arena_printf(&a, "已导入：新建 %lld 项，更新 %lld 项", created, updated))) ||
		    (e = store_commit(st))) {
			store_rollback(st);
			goto out;
		}
	}
	live_set(0, 0, 0);
	goto done;
finish:
	jw_arr_end(&r.w);
	if (r.nerrors > IMPORT_MAX_ERRORS && !message)
		message = arena_printf(&a, "共 %d 处错误，只列出前 %d 处", r.nerrors, IMPORT_MAX_ERRORS);
	e = store_import_finish(st, id, final, t.nrows > 0 ? t.nrows - 1 : 0, valid,
	                        r.errors.failed ? "[]" : buf_str(&r.errors), 0, 0, message);
	if (!e) {
		struct audit_actor by = {r.job.user_id, username, r.job.client};
		struct audit_entry ae = {commit ? "import.commit" : "import.check", "import", arena_printf(&a, "%lld", id),
		                         NULL, arena_printf(&a, "{\"state\":\"%s\",\"errors\":%d}", final, r.nerrors),
		                         strcmp(final, "failed") == 0};
		store_audit(st, &by, &ae);
	}
	live_set(0, 0, 0);
	goto done;
out:
	if (e && r.job.id)
		store_import_finish(st, id, "failed", 0, 0, NULL, 0, 0, "导入时发生内部错误，请联系管理员");
	live_set(0, 0, 0);
done:
	free(rows);
	buf_fini(&file);
	buf_fini(&r.errors);
	arena_fini(&a);
	return e;
}
