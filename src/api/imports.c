/* Imports: an uploaded list is checked and then imported by the job runner (jobs/runner.h),
 * while the uploader polls its progress: upload → check → (fix and upload again) → commit.
 * Only the uploader sees a job. */
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "api/items.h"
#include "config.h"
#include "io/files.h"
#include "io/import.h"
#include "jobs/runner.h"
#include "store/imports.h"
#include "store/store.h"

static enum lderr answer(struct req *r, int status, long long id)
{
	struct import_job j;
	enum lderr e = store_import_get(r->st, r->arena, id, &j);
	if (e)
		return e;
	long long processed = j.processed_rows, total = j.total_rows;
	import_live(id, &processed, &total);
	struct jw w;
	api_json(r, status, &w);
	jw_obj(&w);
	jw_kint(&w, "id", j.id);
	jw_kint(&w, "cycle_id", j.cycle_id);
	jw_kstr(&w, "filename", j.filename);
	jw_kstr(&w, "format", j.format);
	jw_kstr(&w, "state", j.state);
	jw_kint(&w, "total_rows", total);
	jw_kint(&w, "processed_rows", processed);
	jw_kint(&w, "valid_rows", j.valid_rows);
	jw_key(&w, "errors");
	jw_raw(&w, j.errors);
	jw_kint(&w, "created", j.created);
	jw_kint(&w, "updated", j.updated);
	jw_kstr(&w, "message", j.message);
	jw_kstr(&w, "created_at", j.created_at);
	jw_kstr(&w, "updated_at", j.updated_at);
	jw_obj_end(&w);
	return LD_OK;
}

/* The job if it is the caller's own; LD_NOT_FOUND otherwise. */
static enum lderr load(struct req *r, long long id, struct import_job *j)
{
	enum lderr e = store_import_get(r->st, r->arena, id, j);
	if (e)
		return e;
	return j->user_id == r->sess->user_id ? LD_OK : LD_NOT_FOUND;
}

static bool type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* POST /api/v1/imports?cycle_id=N&filename=NAME — the raw .xlsx or .csv (UTF-8) as the body.
 * office or unit_leader. 202 Import, being checked. 415 for another type, 413 past the upload
 * cap, 409 when the cycle's phase forbids editing lists. */
enum lderr imports_create(struct req *r)
{
	long long cycle = 0;
	const char *s = query_get(&r->query, "cycle_id");
	const char *name = query_get(&r->query, "filename");
	if (!s || !parse_int(s, 1, 1LL << 53, &cycle))
		return req_field(r, "cycle_id", "应为周期编号");
	if (r->body_len == 0)
		return req_field(r, "body", "请上传 .xlsx 或 .csv 文件");
	bool zip = r->body_len >= 4 && memcmp(r->body, "PK\x03\x04", 4) == 0;
	const char *ct = r->content_type;
	bool xlsx_type = type_is(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	bool csv_type = type_is(ct, "text/csv") || type_is(ct, "application/csv") || type_is(ct, "text/plain") ||
	                type_is(ct, "application/vnd.ms-excel");
	bool octet = type_is(ct, "application/octet-stream");
	if (!xlsx_type && !csv_type && !octet)
		return req_fail(r, LD_MEDIA_TYPE, "只接受 .xlsx 或 .csv 文件");
	bool xlsx = zip;
	if ((xlsx_type && !zip) || (!xlsx && !utf8_valid(r->body, r->body_len)))
		return req_fail(r, LD_MEDIA_TYPE, xlsx_type ? "文件不是 .xlsx 工作簿" : "CSV 文件须为 UTF-8 编码");
	enum lderr e = api_cycle_check(r, cycle, CYCLE_EDIT_ITEMS, NULL);
	if (e == LD_NOT_FOUND)
		return req_field(r, "cycle_id", "周期不存在");
	if (e)
		return e;
	char hash[FILES_HASH_HEX];
	if ((e = files_put(r->cfg->files_dir, r->body, r->body_len, hash)))
		return e;
	char shown[128];
	snprintf(shown, sizeof(shown), "%s", name && *name && utf8_valid(name, strlen(name)) ? name
	                                     : xlsx ? "清单.xlsx" : "清单.csv");
	long long id;
	if ((e = store_begin(r->st)) ||
	    (e = store_import_insert(r->st, cycle, r->sess->user_id, r->client, shown, xlsx ? "xlsx" : "csv", hash, &id)) ||
	    (e = api_audit(r, "import.upload", "import", id, NULL,
	                   api_kv(r, "filename", shown, "sha256", hash, "size", arena_printf(r->arena, "%zu", r->body_len),
	                          NULL))) ||
	    (e = store_commit(r->st)))
		return e;
	runner_wake();
	return answer(r, 202, id);
}

/* GET /api/v1/imports/ID — the job: state, progress, errors by row and column. */
enum lderr imports_get(struct req *r)
{
	struct import_job j;
	enum lderr e = load(r, r->param[0], &j);
	return e ? e : answer(r, 200, j.id);
}

/* POST /api/v1/imports/ID/commit — imports a job checked without errors. 202 Import;
 * 409 in any other state, or when the check found errors. */
enum lderr imports_commit(struct req *r)
{
	struct import_job j;
	enum lderr e = load(r, r->param[0], &j);
	if (e)
		return e;
	if (strcmp(j.state, "checked") != 0 || strcmp(j.errors, "[]") != 0)
		return req_fail(r, LD_STATE, strcmp(j.state, "checking") == 0 ? "仍在检查中，请稍候"
		                                                               : "只有检查通过、没有错误的表格可以导入");
	if ((e = api_cycle_check(r, j.cycle_id, CYCLE_EDIT_ITEMS, NULL)))
		return e;
	if ((e = store_begin(r->st)) || (e = store_import_move(r->st, j.id, "checked", "importing")) ||
	    (e = api_audit(r, "import.start", "import", j.id, NULL, NULL)) || (e = store_commit(r->st)))
		return e == LD_STATE ? req_fail(r, LD_STATE, "该表格已在导入或已导入") : e;
	runner_wake();
	return answer(r, 202, j.id);
}
