#include "store/regions.h"

#include "store/internal.h"
#include "store/units.h"

enum lderr store_region_put(struct store *st, const char *code, const char *name, const char *level,
                            const char *parent, int *created)
{
	*created = 0;
	struct stmt *s = store_stmt(st, "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)"
	                                 " ON CONFLICT (code) DO UPDATE SET name = excluded.name");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, code);
	stmt_bind_text(s, 2, name);
	stmt_bind_text(s, 3, level);
	stmt_bind_text(s, 4, parent);
	enum lderr e = store_exec_stmt(st, s);
	if (e == LD_CONFLICT)
		return LD_NOT_FOUND; /* the parent region (foreign key) is missing */
	if (e)
		return e;

	s = store_stmt(st, "SELECT id FROM units WHERE code = ?");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, code);
	int rc = stmt_step(s);
	long long id = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
	stmt_reset(s);
	if (rc != STMT_ROW && rc != STMT_DONE)
		return store_map(st, rc);
	if (id)
		return store_unit_update(st, id, name, NULL, NULL);

	long long parent_id = 0;
	if (parent) {
		stmt_bind_text(s, 1, parent);
		rc = stmt_step(s);
		parent_id = rc == STMT_ROW ? stmt_int64(s, 0) : 0;
		stmt_reset(s);
		if (!parent_id)
			return LD_NOT_FOUND;
	}
	struct unit_new u = {
		.parent_id = parent_id, .code = code, .name = name, .kind = "region", .level = level,
		.sort = 0,
	};
	/* regions sort by code among their siblings */
	for (const char *p = code; *p; p++)
		u.sort = u.sort * 10 + (*p - '0');
	e = store_unit_insert(st, &u, &id);
	if (!e)
		*created = 1;
	return e;
}

enum lderr store_holiday_put(struct store *st, const char *day, const char *kind, const char *name)
{
	struct stmt *s = store_stmt(st, "INSERT INTO holidays (day, kind, name) VALUES (?, ?, ?)"
	                                 " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name");
	if (!s)
		return LD_DB;
	stmt_bind_text(s, 1, day);
	stmt_bind_text(s, 2, kind);
	stmt_bind_text(s, 3, name);
	return store_exec_stmt(st, s);
}
