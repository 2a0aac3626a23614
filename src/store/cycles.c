#include "store/cycles.h"

#include "store/internal.h"

#define CYCLE_SELECT "SELECT c.id, c.year, c.theme, c.goals, c.phase, c.item_count, c.created_at, c.updated_at" \
	" FROM cycles c"

static void from_row(struct stmt *s, struct cycle *c)
{
	c->id = stmt_int64(s, 0);
	c->year = stmt_int64(s, 1);
	c->theme = stmt_text(s, 2);
	c->goals = stmt_text(s, 3);
	c->phase = stmt_text(s, 4);
	c->item_count = stmt_int64(s, 5);
	c->created_at = stmt_text(s, 6);
	c->updated_at = stmt_text(s, 7);
}

enum lderr store_cycle_list(struct store *st, cycle_fn fn, void *ctx)
{
	struct stmt *s = store_stmt(st, CYCLE_SELECT " ORDER BY c.year DESC");
	if (!s)
		return LD_DB;
	int rc;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct cycle c;
		from_row(s, &c);
		if (fn(ctx, &c))
			break;
	}
	enum lderr e = rc == STMT_ROW ? LD_OK : store_map(st, rc);
	stmt_reset(s);
	return e;
}

enum lderr store_cycle_get(struct store *st, struct arena *a, long long id, struct cycle *out)
{
	struct stmt *s;
	enum lderr found = store_row_by_id(st, CYCLE_SELECT " WHERE c.id = ?", id, &s);
	if (found)
		return found;
	struct cycle c;
	from_row(s, &c);
	*out = c;
	out->theme = arena_strdup(a, c.theme);
	out->goals = arena_strdup(a, c.goals);
	out->phase = arena_strdup(a, c.phase);
	out->created_at = arena_strdup(a, c.created_at);
	out->updated_at = arena_strdup(a, c.updated_at);
	stmt_reset(s);
	return out->theme && out->goals && out->phase && out->created_at && out->updated_at ? LD_OK : LD_NOMEM;
}

enum lderr store_cycle_insert(struct store *st, long long year, const char *theme, const char *goals, long long *id)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "INSERT INTO cycles (year, theme, goals, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!s)
		return LD_DB;
	stmt_bind_int(s, 1, year);
	stmt_bind_text(s, 2, theme);
	stmt_bind_text(s, 3, goals ? goals : "[]");
	stmt_bind_text(s, 4, now);
	stmt_bind_text(s, 5, now);
	return store_insert(st, s, id);
}

enum lderr store_cycle_update(struct store *st, long long id, const char *theme, const char *goals, const char *phase)
{
	char now[21];
	store_now_iso(st, now);
	struct stmt *s = store_stmt(st, "UPDATE cycles SET theme = coalesce(?, theme), goals = coalesce(?, goals),"
	                                 " phase = coalesce(?, phase), updated_at = ? WHERE id = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, theme);
	stmt_bind_text(s, 2, goals);
	stmt_bind_text(s, 3, phase);
	stmt_bind_text(s, 4, now);
	stmt_bind_int(s, 5, id);
	enum lderr e = store_exec_stmt(st, s);
	if (!e && store_changes(st) == 0)
		e = LD_NOT_FOUND;
	return e;
}
