/* Excel: the list template and list exports (.xlsx). */
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "io/columns.h"
#include "io/sheets.h"
#include "store/store.h"
#include "store/units.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define TEMPLATE_MAX_UNITS 20000
#define EXPORT_MAX_ROWS 200000

struct names {
	struct req *r;
	const char **names;
	int n;
};

static int unit_name_fn(void *ctx, const struct unit *u)
{
	struct names *c = ctx;
	if (c->n < TEMPLATE_MAX_UNITS && api_unit_allowed(c->r, ROLES_ITEM_WRITE, u))
		c->names[c->n++] = arena_strdup(c->r->arena, u->name);
	return 0;
}

static void attachment(struct req *r, const char *ascii, const char *utf8_encoded)
{
	r->status = 200;
	r->out_type = XLSX_TYPE;
	req_header(r, "Content-Disposition",
	           arena_printf(r->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, utf8_encoded));
}

/* GET /api/v1/items/template.xlsx — the import template, with drop-downs of the categories
 * and of the organs the caller may assign items to. */
enum lderr items_template(struct req *r)
{
	struct names c = {r, arena_alloc(r->arena, sizeof(char *) * TEMPLATE_MAX_UNITS), 0};
	if (!c.names)
		return LD_NOMEM;
	enum lderr e = store_unit_each(r->st, "organ", unit_name_fn, &c);
	if (e)
		return e;
	int ncat = 0;
	while (default_categories[ncat])
		ncat++;
	buf_reset(r->out);
	if ((e = sheets_template(c.names, c.n, default_categories, ncat, r->out)))
		return e;
	/* 责任清单导入模板.xlsx */
	attachment(r, "liandong-template.xlsx",
	           "%E8%B4%A3%E4%BB%BB%E6%B8%85%E5%8D%95%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
	return LD_OK;
}

struct rows {
	struct sheet_export *x;
	long long n;
};

static int export_fn(void *ctx, const struct item *it)
{
	struct rows *c = ctx;
	const char *light = !it->light ? NULL : strcmp(it->light, "red") == 0 ? "红灯"
	                    : strcmp(it->light, "yellow") == 0 ? "黄灯" : "绿灯";
	sheets_export_row(c->x, it, light ? light : "");
	c->n++;
	return 0;
}

/* GET /api/v1/items/export.xlsx?(the filters of the list) — every matching item in the
 * caller's scope (at most 200,000), one row each, header frozen, filters on. Audited. */
enum lderr items_export(struct req *r)
{
	struct item_filter f;
	if (!api_item_filter(r, &f))
		return LD_VALIDATION;
	enum lderr limited = api_rate_limit(r, "items.export", 20, 600);
	if (limited)
		return limited;
	struct rows c = {sheets_export_begin("责任清单"), 0};
	if (!c.x)
		return LD_IO;
	long long total = 0;
	enum lderr e = store_item_list(r->st, &f, 0, EXPORT_MAX_ROWS, export_fn, &c, &total);
	buf_reset(r->out);
	enum lderr e2 = sheets_export_end(c.x, r->out);
	if (e || (e = e2))
		return e;
	/* the export is a disclosure: audit it with what was asked */
	if ((e = store_begin(r->st)) ||
	    (e = api_audit(r, "items.export", "item", 0, NULL,
	                   api_kv(r, "rows", arena_printf(r->arena, "%lld", c.n), "filters",
	                          r->query.n ? arena_printf(r->arena, "%d", r->query.n) : "0", NULL))) ||
	    (e = store_commit(r->st))) {
		buf_reset(r->out);
		return e;
	}
	/* 责任清单.xlsx */
	attachment(r, "liandong-items.xlsx", "%E8%B4%A3%E4%BB%BB%E6%B8%85%E5%8D%95.xlsx");
	return LD_OK;
}
