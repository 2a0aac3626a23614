#include "store/items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/light.h"
#include "core/rollup.h"
#include "store/internal.h"
#include "store/lights.h"
#include "util/buf.h"

#define ITEM_COLS                                                                                           \
	"i.id, i.cycle_id, coalesce(i.parent_id, 0), i.kind, i.unit_id, u.name, i.unit_path, i.sector,"     \
	" i.project, i.category, i.title, i.description, i.responsible_person, i.lead_leader, i.start_date," \
	" i.due_date, i.target_text, i.target_value, i.target_unit, i.evidence_required, i.weight,"         \
	" i.progress, i.rollup_progress, i.state, i.adopted, i.child_count, i.children_pending,"            \
	" i.created_at, i.updated_at, i.light, i.light_reason, i.red_since, i.calendar_warning, i.overdue_days," \
	" coalesce(i.inspection_id, 0), i.verified_at, i.verify_opinion," \
	" (SELECT v.username FROM users v WHERE v.id = i.verified_by)"
#define ITEM_FROM " FROM items i JOIN units u ON u.id = i.unit_id"
/* the fields of item_filter.table (items.h), in this order */
#define ITEM_TABLE_COLS                                                                                      \
	"i.id, i.cycle_id, coalesce(i.parent_id, 0), i.kind, i.unit_id, u.name, i.project, i.category, i.title," \
	" i.responsible_person, i.due_date, i.progress, i.rollup_progress, i.state, i.child_count,"            \
	" i.children_pending, i.updated_at, i.light, i.light_reason, i.overdue_days"

static void from_table_row(struct stmt *s, struct item *it)
{
	*it = (struct item){
		.id = stmt_int64(s, 0),
		.cycle_id = stmt_int64(s, 1),
		.parent_id = stmt_int64(s, 2),
		.kind = stmt_text(s, 3),
		.unit_id = stmt_int64(s, 4),
		.unit_name = stmt_text(s, 5),
		.project = stmt_text(s, 6),
		.category = stmt_text(s, 7),
		.title = stmt_text(s, 8),
		.responsible_person = stmt_text(s, 9),
		.due_date = stmt_text(s, 10),
		.progress = stmt_double(s, 11),
		.rollup = stmt_double(s, 12),
		.state = stmt_text(s, 13),
		.child_count = stmt_int64(s, 14),
		.children_pending = stmt_int64(s, 15),
		.updated_at = stmt_text(s, 16),
		.light = stmt_text(s, 17),
		.light_reason = stmt_text(s, 18),
		.overdue_days = stmt_int64(s, 19),
	};
}

static void from_row(struct stmt *s, struct item *it)
{
	it->id = stmt_int64(s, 0);
	it->cycle_id = stmt_int64(s, 1);
	it->parent_id = stmt_int64(s, 2);
	it->kind = stmt_text(s, 3);
	it->unit_id = stmt_int64(s, 4);
	it->unit_name = stmt_text(s, 5);
	it->unit_path = stmt_text(s, 6);
	it->sector = stmt_text(s, 7);
	it->project = stmt_text(s, 8);
	it->category = stmt_text(s, 9);
	it->title = stmt_text(s, 10);
	it->description = stmt_text(s, 11);
	it->responsible_person = stmt_text(s, 12);
	it->lead_leader = stmt_text(s, 13);
	it->start_date = stmt_text(s, 14);
	it->due_date = stmt_text(s, 15);
	it->target_text = stmt_text(s, 16);
	it->has_target_value = !stmt_null(s, 17);
	it->target_value = stmt_double(s, 17);
	it->target_unit = stmt_text(s, 18);
	it->evidence_required = stmt_text(s, 19);
	it->weight = stmt_double(s, 20);
	it->progress = stmt_double(s, 21);
	it->rollup = stmt_double(s, 22);
	it->state = stmt_text(s, 23);
	it->adopted = stmt_int(s, 24) != 0;
	it->child_count = stmt_int64(s, 25);
	it->children_pending = stmt_int64(s, 26);
	it->created_at = stmt_text(s, 27);
	it->updated_at = stmt_text(s, 28);
	it->light = stmt_text(s, 29);
	it->light_reason = stmt_text(s, 30);
	it->red_since = stmt_text(s, 31);
	it->calendar_warning = stmt_int(s, 32) != 0;
	it->overdue_days = stmt_int64(s, 33);
	it->inspection_id = stmt_int64(s, 34);
	it->verified_at = stmt_text(s, 35);
	it->verify_opinion = stmt_text(s, 36);
	it->verified_by = stmt_text(s, 37);
}

enum lderr store_item_get(struct store *st, struct arena *a, long long id, struct item *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT " ITEM_COLS ITEM_FROM " WHERE i.id = ?", id, &s);
	if (found)
		return found;
	struct item it;
	from_row(s, &it);
	*out = it;
	const char **const fields[] = {&out->kind, &out->unit_name, &out->unit_path, &out->sector, &out->project,
	                               &out->category, &out->title, &out->description, &out->responsible_person,
	                               &out->lead_leader, &out->start_date, &out->due_date, &out->target_text,
	                               &out->target_unit, &out->evidence_required, &out->state, &out->created_at,
	                               &out->updated_at, &out->light, &out->light_reason, &out->red_since,
	                               &out->verified_at, &out->verify_opinion, &out->verified_by};
	bool kept = store_keep(a, fields, sizeof(fields) / sizeof(fields[0]));
	stmt_reset(s);
	return kept ? LD_OK : LD_NOMEM;
}

enum lderr store_item_brief(struct store *st, struct arena *a, long long id, struct item *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, "SELECT i.id, i.cycle_id, i.kind, i.unit_id, u.name, i.unit_path, i.sector,"
	                                       " i.title, i.state, i.adopted" ITEM_FROM " WHERE i.id = ?", id, &s);
	if (found)
		return found;
	*out = (struct item){.id = stmt_int64(s, 0), .cycle_id = stmt_int64(s, 1), .kind = stmt_text(s, 2),
	                     .unit_id = stmt_int64(s, 3), .unit_name = stmt_text(s, 4), .unit_path = stmt_text(s, 5),
	                     .sector = stmt_text(s, 6), .title = stmt_text(s, 7), .state = stmt_text(s, 8),
	                     .adopted = stmt_int(s, 9)};
	const char **const f[] = {&out->kind, &out->unit_name, &out->unit_path, &out->sector, &out->title, &out->state};
	bool kept = store_keep(a, f, sizeof(f) / sizeof(f[0]));
	stmt_reset(s);
	return kept ? LD_OK : LD_NOMEM;
}

static enum lderr each_read(struct store *st, struct stmt *s, void (*read)(struct stmt *s, struct item *it),
                           item_fn fn, void *ctx)
{
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct item it;
		read(s, &it);
		if (fn(ctx, &it))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

static enum lderr each(struct store *st, struct stmt *s, item_fn fn, void *ctx)
{
	return each_read(st, s, from_row, fn, ctx);
}

enum lderr store_item_children(struct store *st, long long id, item_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT " ITEM_COLS ITEM_FROM " WHERE i.parent_id = ? ORDER BY i.unit_path, i.id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, id);
	return each(st, s, fn, ctx);
}

/* Values bound in order to a statement built at run time. */
struct binds {
	int n;
	struct {
		bool is_int;
		long long i;
		const char *t;
	} v[64];
};

static void bind_t(struct binds *b, const char *t)
{
	if (b->n < 64)
		b->v[b->n].is_int = false, b->v[b->n++].t = t;
}

static void bind_i(struct binds *b, long long i)
{
	if (b->n < 64)
		b->v[b->n].is_int = true, b->v[b->n++].i = i;
}

static void apply(struct stmt *s, const struct binds *b)
{
	for (int k = 0; k < b->n; k++) {
		if (b->v[k].is_int)
			stmt_bind_int(s, k + 1, b->v[k].i);
		else
			stmt_bind_text(s, k + 1, b->v[k].t);
	}
}

/* "/1/2/" → "/1/20": every path below "/1/2/" sorts at or above the first and below this. */
static const char *path_end(struct arena *a, const char *path)
{
	size_t n = strlen(path);
	char *end = arena_strndup(a, path, n);
	if (end && n)
		end[n - 1] = '/' + 1;
	return end;
}

static bool where(struct store *st, struct buf *sql, struct binds *b, struct arena *a, const struct item_filter *f)
{
	buf_puts(sql, " WHERE 1 = 1");
	if (f->cycle_id)
		buf_puts(sql, " AND i.cycle_id = ?"), bind_i(b, f->cycle_id);
	if (f->unit_path) {
		buf_puts(sql, " AND i.unit_path >= ? AND i.unit_path < ?");
		bind_t(b, f->unit_path);
		bind_t(b, path_end(a, f->unit_path));
	}
	if (f->sector)
		buf_puts(sql, " AND i.sector = ?"), bind_t(b, f->sector);
	if (f->project)
		buf_puts(sql, " AND i.project = ?"), bind_t(b, f->project);
	if (f->category)
		buf_puts(sql, " AND i.category = ?"), bind_t(b, f->category);
	if (f->state)
		buf_puts(sql, " AND i.state = ?"), bind_t(b, f->state);
	if (f->kind)
		buf_puts(sql, " AND i.kind = ?"), bind_t(b, f->kind);
	if (f->light)
		buf_puts(sql, " AND i.light = ?"), bind_t(b, f->light);
	if (f->inspection_id)
		buf_puts(sql, " AND i.inspection_id = ?"), bind_i(b, f->inspection_id);
	if (f->due_from)
		buf_puts(sql, " AND i.due_date >= ?"), bind_t(b, f->due_from);
	if (f->due_to)
		buf_puts(sql, " AND i.due_date <= ?"), bind_t(b, f->due_to);
	if (f->person) {
		buf_puts(sql, STORE_SQL(st, " AND " LITE_HAS("i.responsible_person", "?"),
		                        " AND " PG_HAS("i.responsible_person", "?")));
		bind_t(b, f->person);
	}
	if (f->q) {
		buf_puts(sql, STORE_SQL(st, " AND " LITE_HAS("i.title", "?"), " AND " PG_HAS("i.title", "?")));
		bind_t(b, f->q);
	}
	if (f->parent_id)
		buf_puts(sql, " AND i.parent_id = ?"), bind_i(b, f->parent_id);
	if (f->top)
		buf_puts(sql, " AND i.parent_id IS NULL");
	if (f->unreported) {
		buf_puts(sql, " AND i.adopted = 1 AND i.child_count = 0 AND NOT EXISTS (SELECT 1 FROM reports r"
		              " WHERE r.item_id = i.id AND r.period = ? AND r.state IN ('submitted', 'approved'))");
		bind_t(b, f->unreported);
	}
	if (f->pending_adoption)
		buf_puts(sql, " AND i.adopted = 0 AND i.parent_id IS NOT NULL");
	/* the caller's scope: the union of the subtrees of their grants of these roles */
	int terms = 0;
	buf_puts(sql, " AND (");
	for (int k = 0; f->scope && k < f->scope->n; k++) {
		const struct scope_grant *g = &f->scope->grant[k];
		if (!(ROLE_BIT(g->role) & f->roles))
			continue;
		if (terms++)
			buf_puts(sql, " OR ");
		buf_puts(sql, "(i.unit_path >= ? AND i.unit_path < ?");
		bind_t(b, g->path);
		bind_t(b, path_end(a, g->path));
		if (g->sector && *g->sector) {
			buf_puts(sql, " AND (i.sector IS NULL OR i.sector = ?)");
			bind_t(b, g->sector);
		}
		buf_putc(sql, ')');
	}
	if (!terms)
		buf_puts(sql, "1 = 0"); /* no grant: nothing (a boolean on PostgreSQL too) */
	buf_putc(sql, ')');
	return b->n < 64;
}

/* SQLite's planner has no statistics here, so the list names its index; PostgreSQL's has
 * them (ANALYZE) and no syntax for such a hint. */
static void index_hint(struct store *st, struct buf *sql, const char *index)
{
	if (!st->pg) {
		buf_puts(sql, " INDEXED BY ");
		buf_puts(sql, index);
	}
}

static const struct {
	const char *name, *order;
} sorts[] = {
	{"due_date", "i.due_date, i.id"}, {"-due_date", "i.due_date DESC, i.id DESC"},
	{"progress", "i.rollup_progress, i.id"}, {"-progress", "i.rollup_progress DESC, i.id"},
	{"title", "i.title, i.id"}, {"light", "CASE i.light WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, i.due_date, i.id"},
	{"overdue", "i.overdue_days DESC, i.due_date, i.id"}, {"updated_at", "i.updated_at, i.id"}, {"-updated_at", "i.updated_at DESC, i.id DESC"},
};

bool store_item_sort_valid(const char *sort)
{
	for (size_t k = 0; k < sizeof(sorts) / sizeof(sorts[0]); k++)
		if (strcmp(sorts[k].name, sort) == 0)
			return true;
	return false;
}

/* Matching items above which a due-date list reads items_cycle_light_due in order. */
#define DUE_SCAN_AFTER 2000

/* Items of a subtree that a list sorts after reading them by path (below: store_item_list). */
#define SMALL_SUBTREE 5000

/* The unit whose subtree bounds the filter: its unit, or else the caller's one grant that
 * the list uses (0 when the scope is several subtrees or limited to a sector). */
static long long subtree_unit(const struct item_filter *f)
{
	if (f->unit_id)
		return f->unit_id;
	long long unit = 0;
	for (int k = 0; f->scope && k < f->scope->n; k++) {
		const struct scope_grant *g = &f->scope->grant[k];
		if (!(ROLE_BIT(g->role) & f->roles))
			continue;
		if ((g->sector && *g->sector) || (unit && unit != g->unit_id))
			return 0;
		unit = g->unit_id;
	}
	return unit;
}

/* The number of the cycle's items in the filter's subtree (LD_NOT_FOUND when it has none). */
static enum lderr subtree_size(struct store *st, const struct item_filter *f, long long *n)
{
	long long unit = subtree_unit(f);
	if (!unit)
		return LD_NOT_FOUND;
	struct stmt *s = store_stmt(st, "SELECT coalesce(sum(n), 0) FROM item_counts WHERE cycle_id = ? AND unit_id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, f->cycle_id);
	stmt_bind_int(s, 2, unit);
	return store_one_int(st, s, n);
}

/* Whether the filter's total can be read from item_counts: only the filters it keeps (the
 * cycle, a unit's subtree, light, state, sector), and a subtree the caller sees whole (a
 * grant on the unit or above it, for every sector), so the scope takes nothing away. */
static bool counted(const struct item_filter *f)
{
	if (!f->cycle_id || !f->unit_id || !f->unit_path || f->project || f->category || f->kind || f->due_from ||
	    f->due_to || f->person || f->q || f->parent_id || f->top || f->inspection_id || f->unreported ||
	    f->pending_adoption || !f->scope)
		return false;
	for (int k = 0; k < f->scope->n; k++) {
		const struct scope_grant *g = &f->scope->grant[k];
		if ((ROLE_BIT(g->role) & f->roles) && (!g->sector || !*g->sector) &&
		    strncmp(f->unit_path, g->path, strlen(g->path)) == 0)
			return true;
	}
	return false;
}

/* The filter's total and the size of its unit's subtree, from item_counts in one statement. */
static enum lderr kept_count(struct store *st, const struct item_filter *f, long long *total, long long *subtree)
{
	struct stmt *s = store_stmt(st, "SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN (?3 IS NULL OR light = ?3)"
	                                 " AND (?4 IS NULL OR state = ?4) AND (?5 IS NULL OR sector = ?5) THEN n END), 0)"
	                                 " FROM item_counts WHERE cycle_id = ?1 AND unit_id = ?2");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, f->cycle_id);
	stmt_bind_int(s, 2, f->unit_id);
	stmt_bind_text(s, 3, f->light);
	stmt_bind_text(s, 4, f->state);
	stmt_bind_text(s, 5, f->sector);
	int rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*subtree = stmt_int64(s, 0);
		*total = stmt_int64(s, 1);
	}
	stmt_reset(s);
	return rc == STMT_ROW ? LD_OK : rc == STMT_DONE ? LD_DB : store_map(st, rc);
}

enum lderr store_item_list(struct store *st, const struct item_filter *f, long long offset, long long limit,
                           item_fn fn, void *ctx, long long *total)
{
	struct arena a;
	arena_init(&a, 1 << 16);
	struct buf sql;
	buf_init(&sql, 1 << 14);
	struct binds b = {0};
	enum lderr e = LD_INTERNAL;
	const char *order = sorts[0].order;
	for (size_t k = 0; f->sort && k < sizeof(sorts) / sizeof(sorts[0]); k++)
		if (strcmp(sorts[k].name, f->sort) == 0)
			order = sorts[k].order;

	struct stmt *s;
	long long subtree = -1; /* not read yet */
	if (total && counted(f)) {
		e = kept_count(st, f, total, &subtree);
		if (e)
			goto out;
	} else if (total) {
		buf_puts(&sql, "SELECT count(*) FROM items i");
		if (!where(st, &sql, &b, &a, f) || sql.failed)
			goto out;
		s = store_stmt_text(st, buf_str(&sql));
		e = LD_DB;
		if (!s)
			goto out;
		apply(s, &b);
		if (stmt_step(s) != STMT_ROW) {
			stmt_reset(s);
			goto out;
		}
		*total = stmt_int64(s, 0);
		stmt_reset(s);
	}

	/* the page's ids first, then only their rows: for the usual filters the ids come from
	 * an index alone (items_cycle_light), so sorting the matches reads no table rows */
	buf_reset(&sql);
	b.n = 0;
	buf_puts(&sql, f->table ? "SELECT " ITEM_TABLE_COLS ITEM_FROM " JOIN (SELECT i.id FROM items i"
	                        : "SELECT " ITEM_COLS ITEM_FROM " JOIN (SELECT i.id FROM items i");
	/* the most overdue of one light and state: read in that order from their index, stopping
	 * at the page (the planner, without statistics, would sort every match instead) */
	if (f->sort && strcmp(f->sort, "overdue") == 0 && f->cycle_id && f->light && f->state)
		index_hint(st, &sql, "items_cycle_overdue");
	/* a small subtree (a county's, an organ's): read its items by path and sort them; led by
	 * due date instead, the planner would walk the whole cycle's items to find its page */
	else if (f->cycle_id && !f->parent_id && !f->inspection_id &&
	         (subtree >= 0 || subtree_size(st, f, &subtree) == LD_OK) && subtree <= SMALL_SUBTREE)
		index_hint(st, &sql, f->light ? "items_cycle_light" : "items_cycle_path");
	/* a subtree with many items of the light: reading by due date finds the page after about
	 * page × (all of the light / the subtree's) entries, fewer than sorting all of its items;
	 * a small subtree's few items are sorted instead */
	else if (total && *total > DUE_SCAN_AFTER && f->cycle_id && f->light &&
	         (!f->sort || strcmp(f->sort, "due_date") == 0 || strcmp(f->sort, "-due_date") == 0))
		index_hint(st, &sql, "items_cycle_light_due");
	if (!where(st, &sql, &b, &a, f) || sql.failed) {
		e = LD_INTERNAL;
		goto out;
	}
	buf_printf(&sql, " ORDER BY %s LIMIT ? OFFSET ?) p ON p.id = i.id ORDER BY %s", order, order);
	bind_i(&b, limit);
	bind_i(&b, offset);
	if (sql.failed || !(s = store_stmt_text(st, buf_str(&sql))))
		goto out;
	apply(s, &b);
	e = each_read(st, s, f->table ? from_table_row : from_row, fn, ctx);
out:
	buf_fini(&sql);
	arena_fini(&a);
	return e;
}

enum lderr store_item_facets(struct store *st, long long cycle_id,
                             int (*fn)(void *ctx, const char *kind, const char *value), void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT 'project', project FROM items WHERE cycle_id = ?1 GROUP BY project"
	                                 " UNION ALL SELECT 'category', category FROM items WHERE cycle_id = ?1 GROUP BY category"
	                                 " UNION ALL SELECT 'sector', sector FROM items WHERE cycle_id = ?1 AND sector IS NOT NULL"
	                                 " GROUP BY sector");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1)))
			break;
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

static void bind_fields(struct stmt *s, int at, const struct item_fields *f)
{
	stmt_bind_text(s, at + 0, f->project);
	stmt_bind_text(s, at + 1, f->category);
	stmt_bind_text(s, at + 2, f->title);
	stmt_bind_text(s, at + 3, f->description ? f->description : "");
	stmt_bind_text(s, at + 4, f->responsible_person ? f->responsible_person : "");
	stmt_bind_text(s, at + 5, f->lead_leader ? f->lead_leader : "");
	stmt_bind_text(s, at + 6, f->start_date);
	stmt_bind_text(s, at + 7, f->due_date);
	stmt_bind_text(s, at + 8, f->target_text ? f->target_text : "");
	if (f->has_target_value)
		stmt_bind_double(s, at + 9, f->target_value);
	else
		stmt_bind_null(s, at + 9);
	stmt_bind_text(s, at + 10, f->target_unit && *f->target_unit ? f->target_unit : NULL);
	stmt_bind_text(s, at + 11, f->evidence_required ? f->evidence_required : "");
	stmt_bind_double(s, at + 12, f->weight > 0 ? f->weight : 1.0);
}

enum lderr store_item_insert(struct store *st, long long cycle_id, long long parent_id, long long unit_id,
                             const struct item_fields *f, bool adopted, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO items (cycle_id, parent_id, kind, unit_id, unit_path, sector,"
	                                 " project, category, title, description, responsible_person, lead_leader,"
	                                 " start_date, due_date, target_text, target_value, target_unit, evidence_required,"
	                                 " weight, adopted, created_at, updated_at)"
	                                 " SELECT ?, ?, ?, u.id, u.path, u.sector, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
	                                 " FROM units u WHERE u.id = ? RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	if (parent_id)
		stmt_bind_int(s, 2, parent_id);
	stmt_bind_text(s, 3, f->kind ? f->kind : "task");
	bind_fields(s, 4, f);
	stmt_bind_int(s, 17, adopted ? 1 : 0);
	stmt_bind_text(s, 18, now);
	stmt_bind_text(s, 19, now);
	stmt_bind_int(s, 20, unit_id);
	enum lderr e = store_insert(st, s, id);
	return !e && !*id ? LD_NOT_FOUND : e; /* no such unit: nothing inserted */
}

enum lderr store_item_update(struct store *st, long long id, const struct item_fields *f)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE items SET project = ?, category = ?, title = ?, description = ?,"
	                                 " responsible_person = ?, lead_leader = ?, start_date = ?, due_date = ?,"
	                                 " target_text = ?, target_value = ?, target_unit = ?, evidence_required = ?,"
	                                 " weight = ?, updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	bind_fields(s, 1, f);
	stmt_bind_text(s, 14, now);
	stmt_bind_int(s, 15, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

static enum lderr set_one(struct store *st, struct stmt *s, long long id, int id_at)
{
	if (!s)
		return LD_DB;
	char now[21];
	store_now_iso(st, now);
	stmt_bind_text(s, id_at - 1, now);
	stmt_bind_int(s, id_at, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_item_set_state(struct store *st, long long id, const char *state)
{
	/* done_at is the day it became done (kept while it stays done), for the on-time rate */
	struct stmt *s = store_stmt(st, "UPDATE items SET state = ?1,"
	                                 " done_at = CASE WHEN ?1 <> 'done' THEN NULL WHEN state = 'done' THEN done_at ELSE ?2 END,"
	                                 " updated_at = ?3 WHERE id = ?4");
	if (!s)
		return LD_DB;
	char today[11], now[21];
	date_today(store_now(st), today);
	store_now_iso(st, now);
	stmt_bind_text(s, 1, state);
	stmt_bind_text(s, 2, today);
	stmt_bind_text(s, 3, now);
	stmt_bind_int(s, 4, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}

enum lderr store_item_set_progress(struct store *st, long long id, double progress)
{
	struct stmt *s = store_stmt(st, "UPDATE items SET progress = ?, updated_at = ? WHERE id = ?");
	if (s)
		stmt_bind_double(s, 1, progress);
	return set_one(st, s, id, 3);
}

enum lderr store_item_adopt(struct store *st, long long id, const char *person)
{
	struct stmt *s = store_stmt(st, "UPDATE items SET adopted = 1,"
	                                 " responsible_person = coalesce(?, responsible_person), updated_at = ? WHERE id = ?");
	if (s)
		stmt_bind_text(s, 1, person);
	return set_one(st, s, id, 3);
}

enum lderr store_item_find(struct store *st, long long cycle_id, long long unit_id, const char *project,
                           const char *title, long long *id)
{
	struct stmt *s = store_stmt(st, "SELECT id FROM items WHERE cycle_id = ? AND unit_id = ? AND project = ?"
	                                 " AND title = ? AND parent_id IS NULL");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, cycle_id);
	stmt_bind_int(s, 2, unit_id);
	stmt_bind_text(s, 3, project);
	stmt_bind_text(s, 4, title);
	int rc = stmt_step(s);
	*id = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	if (rc == STMT_ROW)
		return LD_OK;
	return rc == STMT_DONE ? LD_NOT_FOUND : store_map(st, rc);
}

#define REFRESH_MAX_CHILDREN 4096

/* What an item adds to the light counts of its units (light_agg). */
struct contribution {
	const char *light; /* NULL: none */
	int done, on_time, total, overdue;
};

static bool same_contribution(const struct contribution *a, const struct contribution *b)
{
	bool same_light = (!a->light && !b->light) || (a->light && b->light && strcmp(a->light, b->light) == 0);
	return same_light && a->done == b->done && a->on_time == b->on_time && a->total == b->total &&
	       a->overdue == b->overdue;
}

/* Adds sign × c to the counts of every unit from the item's unit up. */
static enum lderr agg_add(struct store *st, long long cycle, long long unit, const char *sector,
                          const struct contribution *c, int sign)
{
	/* PostgreSQL queues the delta, added to the counters of every unit above once at commit
	 * (sql/pg/015): updated once per item, its province's row grew a version per item */
	struct stmt *s = store_stmt(st, STORE_SQL(st,
		"INSERT INTO light_agg (cycle_id, unit_id, sector, green, yellow, red, done,"
		" done_on_time, total, overdue_days)"
		" SELECT ?1, ancestor_id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM unit_ancestors"
		" WHERE unit_id = ?10"
		" ON CONFLICT (cycle_id, unit_id, sector) DO UPDATE SET"
		" green = light_agg.green + excluded.green, yellow = light_agg.yellow + excluded.yellow,"
		" red = light_agg.red + excluded.red, done = light_agg.done + excluded.done,"
		" done_on_time = light_agg.done_on_time + excluded.done_on_time,"
		" total = light_agg.total + excluded.total,"
		" overdue_days = light_agg.overdue_days + excluded.overdue_days",
		"WITH q AS (INSERT INTO ld_agg_deltas (cycle_id, unit_id, sector, green, yellow, red, done,"
		" done_on_time, total, overdue_days) VALUES (?1, ?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))"
		" SELECT ld_fold_queue()"));
	if (!s)
		return LD_DB;
	bool g = c->light && strcmp(c->light, "green") == 0, y = c->light && strcmp(c->light, "yellow") == 0;
	bool r = c->light && strcmp(c->light, "red") == 0;
	stmt_bind_int(s, 1, cycle);
	stmt_bind_text(s, 2, sector ? sector : "");
	stmt_bind_int(s, 3, sign * g);
	stmt_bind_int(s, 4, sign * y);
	stmt_bind_int(s, 5, sign * r);
	stmt_bind_int(s, 6, sign * c->done);
	stmt_bind_int(s, 7, sign * c->on_time);
	stmt_bind_int(s, 8, sign * c->total);
	stmt_bind_int(s, 9, sign * c->overdue);
	stmt_bind_int(s, 10, unit);
	return store_exec_stmt(st, s);
}

/* What a light is computed with: the calendar and the item's cycle's rule, read once per
 * refresh of many items (per item they were two of its five statements: on PostgreSQL, two
 * round trips each). */
struct light_env {
	long long cycle; /* 0: nothing read yet */
	struct cycle_settings cs;
	const struct calendar *cal;
};

static enum lderr light_env_for(struct store *st, struct light_env *env, long long cycle)
{
	if (env->cycle == cycle && env->cal)
		return LD_OK;
	if (!(env->cal = store_calendar(st)))
		return LD_DB;
	enum lderr e = store_cycle_settings(st, cycle, &env->cs);
	env->cycle = e ? 0 : cycle;
	return e;
}

/* Recomputes one item's roll-up, counts and light from its children and today's date; with
 * agg, moves its contribution in light_agg from what it last added to what it adds now.
 * *parent gets its parent's id (0 for none). */
static enum lderr refresh_one(struct store *st, struct light_env *env, long long id, bool agg, long long *parent)
{
	struct stmt *own = store_stmt(st, "SELECT progress, state, coalesce(parent_id, 0), start_date, due_date, cycle_id,"
	                                   " sector, light, red_since, done_at, agg_light, agg_done, agg_on_time,"
	                                   " agg_total, agg_overdue, unit_id FROM items WHERE id = ?");
	struct stmt *kids = store_stmt(st, "SELECT c.weight, c.rollup_progress, c.state, c.adopted, c.light, u.name"
	                                    " FROM items c JOIN units u ON u.id = c.unit_id WHERE c.parent_id = ?");
	/* the row is written only when something moved: the daily job refreshes every item, and
	 * most are as they were yesterday (a write per item was 6 s of 14 at province scale) */
	struct stmt *set = store_stmt(st, "UPDATE items SET rollup_progress = ?1, child_count = ?2, children_pending = ?3,"
	                                   " light = ?4, light_reason = ?5, overdue_days = ?6, red_since = ?7,"
	                                   " calendar_warning = ?8, agg_light = ?9, agg_done = ?10, agg_on_time = ?11,"
	                                   " agg_total = ?12, agg_overdue = ?13 WHERE id = ?14 AND (rollup_progress IS DISTINCT FROM ?1"
	                                   " OR child_count IS DISTINCT FROM ?2 OR children_pending IS DISTINCT FROM ?3 OR light IS DISTINCT FROM ?4"
	                                   " OR light_reason IS DISTINCT FROM ?5 OR overdue_days IS DISTINCT FROM ?6 OR red_since IS DISTINCT FROM ?7"
	                                   " OR calendar_warning IS DISTINCT FROM ?8 OR agg_light IS DISTINCT FROM ?9 OR agg_done IS DISTINCT FROM ?10"
	                                   " OR agg_on_time IS DISTINCT FROM ?11 OR agg_total IS DISTINCT FROM ?12 OR agg_overdue IS DISTINCT FROM ?13)");
	if (!own || !kids || !set)
		return LD_DB;
	static _Thread_local struct rollup_child children[REFRESH_MAX_CHILDREN];
	stmt_bind_int(own, 1, id);
	if (stmt_step(own) != STMT_ROW) {
		stmt_reset(own);
		return LD_NOT_FOUND;
	}
	char start[11] = "", due[11] = "", sector[64] = "", old_light[8] = "", red_since[11] = "", done_at[11] = "";
	double progress = stmt_double(own, 0);
	int state = item_state_from(stmt_text(own, 1));
	*parent = stmt_int64(own, 2);
	const char *t;
	if ((t = stmt_text(own, 3)))
		snprintf(start, sizeof(start), "%s", t);
	snprintf(due, sizeof(due), "%s", stmt_text(own, 4));
	long long cycle = stmt_int64(own, 5);
	if ((t = stmt_text(own, 6)))
		snprintf(sector, sizeof(sector), "%s", t);
	if ((t = stmt_text(own, 7)))
		snprintf(old_light, sizeof(old_light), "%s", t);
	if ((t = stmt_text(own, 8)))
		snprintf(red_since, sizeof(red_since), "%s", t);
	if ((t = stmt_text(own, 9)))
		snprintf(done_at, sizeof(done_at), "%s", t);
	char had_light[8] = "";
	if ((t = stmt_text(own, 10)))
		snprintf(had_light, sizeof(had_light), "%s", t);
	struct contribution had = {had_light[0] ? had_light : NULL, stmt_int(own, 11),
	                           stmt_int(own, 12), stmt_int(own, 13), stmt_int(own, 14)};
	long long unit = stmt_int64(own, 15);
	stmt_reset(own);

	int n = 0, pending = 0, rc;
	enum light worst = LIGHT_NONE;
	char worst_unit[256] = "";
	stmt_bind_int(kids, 1, id);
	while ((rc = stmt_step(kids)) == STMT_ROW && n < REFRESH_MAX_CHILDREN) {
		struct rollup_child *c = &children[n++];
		c->weight = stmt_double(kids, 0);
		c->rollup = stmt_double(kids, 1);
		c->state = (enum item_state)item_state_from(stmt_text(kids, 2));
		c->adopted = stmt_int(kids, 3) != 0;
		if (!c->adopted && c->state != ITEM_CANCELLED)
			pending++;
		int l = light_from(stmt_text(kids, 4));
		if (c->state != ITEM_CANCELLED && l > (int)worst) {
			worst = (enum light)l;
			snprintf(worst_unit, sizeof(worst_unit), "%s", stmt_text(kids, 5));
		}
	}
	stmt_reset(kids);
	if (rc != STMT_DONE && rc != STMT_ROW)
		return store_map(st, rc);
	enum item_state s_ = state < 0 ? ITEM_ACTIVE : (enum item_state)state;
	double rollup = rollup_progress(progress, s_, children, n);

	enum lderr e = light_env_for(st, env, cycle);
	if (e)
		return e;
	char today[11];
	date_today(store_now(st), today);
	struct light_input in = {s_, start[0] ? start : NULL, due, rollup, worst, worst_unit};
	struct light_result out;
	light_compute(&env->cs.rule, env->cal, date_days(today), &in, &out);
	const char *light = light_name(out.light);
	const char *since = NULL;
	if (out.light == LIGHT_RED)
		since = strcmp(old_light, "red") == 0 && red_since[0] ? red_since : today;
	struct contribution now = {light, s_ == ITEM_DONE, s_ == ITEM_DONE && done_at[0] && strcmp(done_at, due) <= 0,
	                           s_ != ITEM_CANCELLED, out.light == LIGHT_RED ? out.overdue_days : 0};

	stmt_bind_double(set, 1, rollup);
	stmt_bind_int(set, 2, n);
	stmt_bind_int(set, 3, pending);
	stmt_bind_text(set, 4, light);
	stmt_bind_text(set, 5, out.reason);
	stmt_bind_int(set, 6, out.overdue_days);
	stmt_bind_text(set, 7, since);
	stmt_bind_int(set, 8, out.calendar_warning);
	stmt_bind_text(set, 9, now.light);
	stmt_bind_int(set, 10, now.done);
	stmt_bind_int(set, 11, now.on_time);
	stmt_bind_int(set, 12, now.total);
	stmt_bind_int(set, 13, now.overdue);
	stmt_bind_int(set, 14, id);
	if ((e = store_exec_stmt(st, set)))
		return e;
	if (agg && !same_contribution(&had, &now)) {
		if ((had.light || had.total || had.done || had.overdue) && (e = agg_add(st, cycle, unit, sector, &had, -1)))
			return e;
		e = agg_add(st, cycle, unit, sector, &now, 1);
	}
	return e;
}

enum lderr store_item_refresh(struct store *st, long long id)
{
	struct light_env env = {0};
	for (int depth = 0; id && depth < 64; depth++) {
		long long parent;
		enum lderr e = refresh_one(st, &env, id, true, &parent);
		if (e)
			return e;
		id = parent;
	}
	return LD_OK;
}

enum lderr store_lights_rebuild(struct store *st, long long cycle_id, long long *items)
{
	*items = 0;
	/* children before parents: a parent's light takes its worst child's */
	struct stmt *order = store_stmt(st, "WITH RECURSIVE d (id, depth) AS ("
	                                     " SELECT id, 0 FROM items WHERE cycle_id = ?1 AND parent_id IS NULL"
	                                     " UNION ALL SELECT i.id, d.depth + 1 FROM items i JOIN d ON i.parent_id = d.id)"
	                                     " SELECT id FROM d ORDER BY depth DESC, id");
	if (!order)
		return LD_DB;
	stmt_bind_int(order, 1, cycle_id);
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(order)) == STMT_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			long long *bigger = realloc(ids, sizeof(*ids) * cap);
			if (!bigger) {
				free(ids);
				stmt_reset(order);
				return LD_NOMEM;
			}
			ids = bigger;
		}
		ids[n++] = stmt_int64(order, 0);
	}
	stmt_reset(order);
	enum lderr e = rc == STMT_DONE ? LD_OK : store_map(st, rc);
	struct light_env env = {0};
	for (size_t i = 0; !e && i < n; i++) {
		long long parent;
		e = refresh_one(st, &env, ids[i], false, &parent);
	}
	free(ids);
	if (e)
		return e;
	*items = (long long)n;
	/* what PostgreSQL queued for the cycle is in what is computed here (sql/pg/015) */
	struct stmt *del = store_stmt(st, STORE_SQL(st, "DELETE FROM light_agg WHERE cycle_id = ?1",
	                                            "WITH q AS (DELETE FROM ld_agg_deltas WHERE cycle_id = ?1)"
	                                            " DELETE FROM light_agg WHERE cycle_id = ?1"));
	struct stmt *ins = store_stmt(st, "INSERT INTO light_agg (cycle_id, unit_id, sector, green, yellow, red, done,"
	                                   " done_on_time, total, overdue_days)"
	                                   " SELECT i.cycle_id, a.ancestor_id, coalesce(i.sector, ''),"
	                                   " " COUNT_IF("i.agg_light = 'green'") ", " COUNT_IF("i.agg_light = 'yellow'") ","
	                                   " " COUNT_IF("i.agg_light = 'red'") ","
	                                   " sum(i.agg_done), sum(i.agg_on_time), sum(i.agg_total), sum(i.agg_overdue)"
	                                   " FROM items i JOIN unit_ancestors a ON a.unit_id = i.unit_id"
	                                   " WHERE i.cycle_id = ? GROUP BY i.cycle_id, a.ancestor_id, coalesce(i.sector, '')");
	if (!del || !ins)
		return LD_DB;
	stmt_bind_int(del, 1, cycle_id);
	stmt_bind_int(ins, 1, cycle_id);
	if ((e = store_exec_stmt(st, del)))
		return e;
	return store_exec_stmt(st, ins);
}

enum lderr store_milestones(struct store *st, long long item_id, int (*fn)(void *ctx, const struct milestone *m),
                            void *ctx)
{
	struct stmt *s = store_stmt(st, "SELECT id, seq, title, due_date, expected, done FROM milestones"
	                                 " WHERE item_id = ? ORDER BY seq");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, item_id);
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct milestone m = {stmt_int64(s, 0), stmt_int(s, 1), stmt_text(s, 2),
		                      stmt_text(s, 3), stmt_text(s, 4), stmt_int(s, 5) != 0};
		if (fn(ctx, &m))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_milestones_set(struct store *st, long long item_id, const struct milestone *ms, int n)
{
	struct stmt *del = store_stmt(st, "DELETE FROM milestones WHERE item_id = ?");
	if (!del)
		return LD_DB;
	stmt_bind_int(del, 1, item_id);
	enum lderr e = store_exec_stmt(st, del);
	struct stmt *ins = store_stmt(st, "INSERT INTO milestones (item_id, seq, title, due_date, expected, done)"
	                                   " VALUES (?, ?, ?, ?, ?, ?)");
	if (!ins)
		return LD_DB;
	for (int i = 0; !e && i < n; i++) {
		stmt_reset(ins);
		stmt_bind_int(ins, 1, item_id);
		stmt_bind_int(ins, 2, i + 1);
		stmt_bind_text(ins, 3, ms[i].title);
		stmt_bind_text(ins, 4, ms[i].due_date);
		stmt_bind_text(ins, 5, ms[i].expected ? ms[i].expected : "");
		stmt_bind_int(ins, 6, ms[i].done ? 1 : 0);
		e = store_exec_stmt(st, ins);
	}
	return e;
}
