/* The supervision dashboard (督查看板): light counts of a unit and of each unit below it, by
 * sector, the longest-overdue items, and the daily trend — read from the counts kept per unit
 * (light_agg, see store/items.c), never by scanning items.
 *
 * GET /api/v1/dashboard?cycle_id=&unit_id= — unit_id defaults to the root of the caller's
 * scope; cycle_id to the newest cycle. 404 for a unit out of scope. */
#include <string.h>

#include "api/handlers.h"
#include "api/items.h"
#include "core/date.h"
#include "store/lights.h"
#include "store/store.h"
#include "store/units.h"

#define MAX_CHILDREN 512
#define MAX_SECTORS 64

static void rate(struct jw *w, const struct light_counts *c)
{
	jw_key(w, "on_time_rate");
	long long base = c->done + c->red;
	if (base)
		jw_double(w, (double)c->done_on_time / (double)base);
	else
		jw_null(w);
}

static void counts_json(struct jw *w, const struct light_counts *c)
{
	jw_kint(w, "green", c->green);
	jw_kint(w, "yellow", c->yellow);
	jw_kint(w, "red", c->red);
	jw_kint(w, "done", c->done);
	jw_kint(w, "total", c->total);
	rate(w, c);
	jw_kint(w, "overdue_days", c->overdue_days);
}

struct child {
	long long id;
	const char *name, *kind;
	struct light_counts all;
	struct light_counts by_sector[MAX_SECTORS];
};

struct board {
	struct req *r;
	struct child *child;
	int nchild;
	const char *sector[MAX_SECTORS];
	int nsector;
	int at; /* the child the last counts were for: they come in the children's order */
};

static int sector_index(struct board *b, const char *sector)
{
	for (int i = 0; i < b->nsector; i++)
		if (strcmp(b->sector[i], sector) == 0)
			return i;
	if (b->nsector == MAX_SECTORS)
		return -1;
	b->sector[b->nsector] = arena_strdup(b->r->arena, sector);
	return b->nsector++;
}

static void add(struct light_counts *to, const struct light_counts *c)
{
	to->green += c->green, to->yellow += c->yellow, to->red += c->red, to->done += c->done;
	to->done_on_time += c->done_on_time, to->total += c->total, to->overdue_days += c->overdue_days;
}

static int child_unit_fn(void *ctx, const struct unit *u)
{
	struct board *b = ctx;
	if (b->nchild < MAX_CHILDREN && api_unit_allowed(b->r, ROLES_ITEM_READ, u)) {
		struct child *c = &b->child[b->nchild++];
		memset(c, 0, sizeof(*c));
		c->id = u->id;
		c->name = arena_strdup(b->r->arena, u->name);
		c->kind = arena_strdup(b->r->arena, u->kind);
	}
	return 0;
}

static int child_counts_fn(void *ctx, long long child, const char *sector, const struct light_counts *c)
{
	struct board *b = ctx;
	for (int n = 0; n < b->nchild; n++) {
		int i = (b->at + n) % b->nchild;
		if (b->child[i].id != child)
			continue;
		b->at = i;
		add(&b->child[i].all, c);
		int k = sector_index(b, sector);
		if (k >= 0)
			add(&b->child[i].by_sector[k], c);
		break;
	}
	return 0;
}

static int sector_fn(void *ctx, const char *sector, const struct light_counts *c)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kstr(w, "sector", *sector ? sector : "（无系统）");
	jw_kint(w, "green", c->green);
	jw_kint(w, "yellow", c->yellow);
	jw_kint(w, "red", c->red);
	jw_kint(w, "total", c->total);
	jw_obj_end(w);
	return 0;
}

static int overdue_fn(void *ctx, const struct item *it)
{
	struct jw *w = ctx;
	jw_obj(w);
	api_item_json(w, it);
	jw_obj_end(w);
	return 0;
}

static int trend_fn(void *ctx, const char *day, long long g, long long y, long long r)
{
	struct jw *w = ctx;
	jw_obj(w);
	jw_kstr(w, "day", day);
	jw_kint(w, "green", g);
	jw_kint(w, "yellow", y);
	jw_kint(w, "red", r);
	jw_obj_end(w);
	return 0;
}

static int newest_fn(void *ctx, const struct cycle *c)
{
	*(long long *)ctx = c->id;
	return 1;
}

/* The caller's scope root: the shallowest unit granted to them. */
static long long scope_root(const struct req *r)
{
	long long best = 0;
	size_t depth = 0;
	for (int i = 0; i < r->sess->ngrants; i++) {
		const struct scope_grant *g = &r->sess->grants[i].g;
		if (!(ROLE_BIT(g->role) & ROLES_ITEM_READ))
			continue;
		size_t d = strlen(g->path);
		if (!best || d < depth)
			best = g->unit_id, depth = d;
	}
	return best;
}

static void matrix_of(struct jw *w, struct board *b, const char *key, int which)
{
	jw_key(w, key);
	jw_arr(w);
	for (int i = 0; i < b->nchild; i++) {
		jw_arr(w);
		for (int k = 0; k < b->nsector; k++) {
			const struct light_counts *c = &b->child[i].by_sector[k];
			jw_int(w, which == 0 ? c->red : which == 1 ? c->yellow : c->total);
		}
		jw_arr_end(w);
	}
	jw_arr_end(w);
}

enum lderr dashboard_get(struct req *r)
{
	long long cycle = 0, unit_id = 0;
	const char *s;
	if ((s = query_get(&r->query, "cycle_id")) && !parse_int(s, 1, 1LL << 53, &cycle))
		return req_field(r, "cycle_id", "应为周期编号");
	if ((s = query_get(&r->query, "unit_id")) && !parse_int(s, 1, 1LL << 53, &unit_id))
		return req_field(r, "unit_id", "应为单位编号");
	enum lderr e;
	if (!cycle && (e = store_cycle_list(r->st, newest_fn, &cycle)))
		return e;
	if (!cycle)
		return req_fail(r, LD_NOT_FOUND, "尚无考核周期");
	if (!unit_id)
		unit_id = scope_root(r);
	struct unit u;
	if ((e = api_unit_load(r, ROLES_ITEM_READ, unit_id, &u)))
		return e;
	char today[11];
	date_today(store_now(r->st), today);
	/* the same board for the same scope is kept until anything is committed (store.h) */
	const char *key = api_answer_key(r, arena_printf(r->arena, "dashboard %lld %lld %s", cycle, u.id, today));
	unsigned long long mark;
	if (api_answer_kept(r, key, &mark))
		return LD_OK;
	struct jw w;
	struct light_counts totals;
	if ((e = store_light_counts(r->st, cycle, u.id, &totals)))
		return e;
	struct board b = {.r = r, .child = arena_alloc(r->arena, sizeof(struct child) * MAX_CHILDREN)};
	if (!b.child)
		return LD_NOMEM;
	if ((e = store_unit_children(r->st, u.id, child_unit_fn, &b)) ||
	    (e = store_light_children(r->st, cycle, u.id, child_counts_fn, &b)))
		return e;

	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kint(&w, "cycle_id", cycle);
	jw_key(&w, "unit");
	jw_obj(&w);
	jw_kint(&w, "id", u.id);
	jw_kstr(&w, "name", u.name);
	jw_kstr(&w, "level", u.level);
	jw_kstr(&w, "kind", u.kind);
	jw_obj_end(&w);
	jw_kstr(&w, "as_of", today);
	jw_key(&w, "totals");
	jw_obj(&w);
	counts_json(&w, &totals);
	jw_obj_end(&w);
	jw_key(&w, "children");
	jw_arr(&w);
	for (int i = 0; i < b.nchild; i++) {
		if (b.child[i].all.total == 0 && b.child[i].all.done == 0 && strcmp(b.child[i].kind, "region") != 0)
			continue; /* organs without items would only add noise */
		jw_obj(&w);
		jw_kint(&w, "unit_id", b.child[i].id);
		jw_kstr(&w, "name", b.child[i].name);
		jw_kstr(&w, "kind", b.child[i].kind);
		counts_json(&w, &b.child[i].all);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "sectors");
	jw_arr(&w);
	if ((e = store_light_sectors(r->st, cycle, u.id, sector_fn, &w)))
		return e;
	jw_arr_end(&w);
	jw_key(&w, "matrix");
	jw_obj(&w);
	jw_key(&w, "rows");
	jw_arr(&w);
	for (int i = 0; i < b.nchild; i++)
		jw_str(&w, b.child[i].name);
	jw_arr_end(&w);
	jw_key(&w, "row_ids");
	jw_arr(&w);
	for (int i = 0; i < b.nchild; i++)
		jw_int(&w, b.child[i].id);
	jw_arr_end(&w);
	jw_key(&w, "cols");
	jw_arr(&w);
	for (int k = 0; k < b.nsector; k++)
		jw_str(&w, *b.sector[k] ? b.sector[k] : "（无系统）");
	jw_arr_end(&w);
	matrix_of(&w, &b, "red", 0);
	matrix_of(&w, &b, "yellow", 1);
	matrix_of(&w, &b, "total", 2);
	jw_obj_end(&w);
	jw_key(&w, "longest_overdue");
	jw_arr(&w);
	struct item_filter f = {.cycle_id = cycle, .unit_id = u.id, .unit_path = u.path, .light = "red", .state = "active",
	                        .sort = "overdue", .scope = &r->sess->scope, .roles = ROLES_ITEM_READ};
	if ((e = store_item_list(r->st, &f, 0, 10, overdue_fn, &w, NULL)))
		return e;
	jw_arr_end(&w);
	jw_key(&w, "trend");
	jw_arr(&w);
	if ((e = store_lights_trend(r->st, cycle, u.id, trend_fn, &w)))
		return e;
	jw_arr_end(&w);
	jw_obj_end(&w);
	api_answer_keep(r, key, mark);
	return LD_OK;
}
