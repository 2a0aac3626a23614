/* demo --sample — this year's cycle, running, as it stands today: staff accounts, items with
 * milestones decomposed down the chain, inspections and rectification, monthly reports up to
 * this month, supervision notices, the assessment's indicators and scores, and the lights
 * the daily job computes. Sized by --scale and --volume; deterministic for a seed and a day.
 *
 * The stages run in order, each in its own transaction with one audit record; see
 * cli_gen.h for how rows are written, cli_gen_chain.c and cli_gen_assess.c for what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_gen.h"
#include "core/date.h"
#include "store/cycles.h"
#include "store/internal.h"
#include "store/lights.h"

static void gen_fini(struct gen *g)
{
	for (int k = 0; k < g->nregions; k++)
		free(g->regions[k].organ);
	free(g->regions);
	free(g->child_regions);
	free(g->units);
	free(g->items);
	while (g->pool) {
		char *prev;
		memcpy(&prev, g->pool, sizeof(prev));
		free(g->pool);
		g->pool = prev;
	}
}

static int sector_index(struct gen *g, const char *sector)
{
	if (!sector || !*sector)
		return -1;
	for (int k = 0; k < g->nsectors; k++)
		if (strcmp(g->sectors[k], sector) == 0)
			return k;
	if (g->nsectors == GEN_MAX_SECTORS)
		return -1;
	snprintf(g->sectors[g->nsectors], sizeof(g->sectors[0]), "%s", sector);
	return g->nsectors++;
}

/* The unit tree, indexed by id, with each region's organs by sector and its child regions. */
static enum lderr load_units(struct gen *g)
{
	struct stmt *max = store_stmt(g->st, "SELECT coalesce(max(id), 0) FROM units");
	if (!max || stmt_step(max) != STMT_ROW)
		return LD_DB;
	g->nunits = stmt_int64(max, 0) + 1;
	stmt_reset(max);
	g->units = calloc((size_t)g->nunits, sizeof(*g->units));
	if (!g->units)
		return LD_NOMEM;
	struct stmt *s = store_stmt(g->st, "SELECT id, coalesce(parent_id, 0), kind, level, sector, path, name FROM units"
	                                    " ORDER BY id");
	if (!s)
		return LD_DB;
	int rc, nregions = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct gen_unit *u = &g->units[stmt_int64(s, 0)];
		const char *kind = stmt_text(s, 2), *level = stmt_text(s, 3);
		u->parent = stmt_int64(s, 1);
		u->kind = kind[0] == 'r' ? 'r' : kind[0] == 'o' ? 'o' : 'd';
		u->level = (signed char)(strcmp(level, "province") == 0 ? 1 : strcmp(level, "city") == 0 ? 2 : 3);
		u->sector = (short)sector_index(g, stmt_text(s, 4));
		u->path = gen_strdup(g, stmt_text(s, 5));
		u->name = gen_strdup(g, stmt_text(s, 6));
		u->region = -1;
		if (!u->path || !u->name) {
			stmt_reset(s);
			return LD_NOMEM;
		}
		nregions += u->kind == 'r';
	}
	stmt_reset(s);
	if (rc != STMT_DONE)
		return LD_DB;
	g->regions = calloc((size_t)nregions + 1, sizeof(*g->regions));
	g->child_regions = calloc((size_t)nregions + 1, sizeof(int));
	if (!g->regions || !g->child_regions)
		return LD_NOMEM;
	for (long long id = 1; id < g->nunits; id++) {
		struct gen_unit *u = &g->units[id];
		if (u->kind != 'r')
			continue;
		struct gen_region *r = &g->regions[g->nregions];
		r->id = id;
		r->level = u->level;
		r->parent = -1;
		r->organ = calloc(GEN_MAX_SECTORS, sizeof(long long));
		if (!r->organ)
			return LD_NOMEM;
		u->region = g->nregions++;
	}
	/* parents, and the children of each region in id order */
	for (int k = 0; k < g->nregions; k++) {
		long long parent = g->units[g->regions[k].id].parent;
		if (parent > 0 && parent < g->nunits && g->units[parent].kind == 'r') {
			g->regions[k].parent = g->units[parent].region;
			g->regions[g->regions[k].parent].children++;
		}
	}
	int at = 0;
	for (int k = 0; k < g->nregions; k++) {
		g->regions[k].first_child = at;
		at += g->regions[k].children;
		g->regions[k].children = 0;
	}
	for (int k = 0; k < g->nregions; k++) {
		struct gen_region *p = g->regions[k].parent >= 0 ? &g->regions[g->regions[k].parent] : NULL;
		if (p)
			g->child_regions[p->first_child + p->children++] = k;
	}
	/* organs sit in their parent region; divisions in their organ's */
	for (long long id = 1; id < g->nunits; id++) {
		struct gen_unit *u = &g->units[id];
		if (u->kind != 'o' || u->parent <= 0 || g->units[u->parent].kind != 'r')
			continue;
		u->region = g->units[u->parent].region;
		if (u->sector >= 0)
			g->regions[u->region].organ[u->sector] = id;
	}
	for (long long id = 1; id < g->nunits; id++) {
		struct gen_unit *u = &g->units[id];
		if (u->kind == 'd' && u->parent > 0)
			u->region = g->units[u->parent].region;
		if (u->kind == 'o' && u->region < 0)
			u->kind = 0; /* an organ outside the region tree gets no data */
	}
	return LD_OK;
}

static long long user_id(struct gen *g, const char *username)
{
	struct stmt *s = store_stmt(g->st, "SELECT id FROM users WHERE username = ?");
	long long id = 0;
	if (!s)
		return 0;
	stmt_bind_text(s, 1, username);
	if (stmt_step(s) == STMT_ROW)
		id = stmt_int64(s, 0);
	stmt_reset(s);
	return id;
}

static long long unit_home(struct gen *g, long long user)
{
	struct stmt *s = store_stmt(g->st, "SELECT coalesce(unit_id, 0) FROM users WHERE id = ?");
	long long id = 0;
	if (!s)
		return 0;
	stmt_bind_int(s, 1, user);
	if (stmt_step(s) == STMT_ROW)
		id = stmt_int64(s, 0);
	stmt_reset(s);
	return id;
}

/* SQLite's settings for a bulk load; PostgreSQL has none of them (and needs none). */
static enum lderr pragma(struct gen *g, const char *sql)
{
	if (g->st->pg)
		return LD_OK;
	struct stmt *s = store_stmt(g->st, sql);
	if (!s)
		return LD_DB;
	while (stmt_step(s) == STMT_ROW)
		;
	stmt_reset(s);
	return LD_OK;
}

static enum lderr open_cycle(struct gen *g)
{
	char theme[64];
	snprintf(theme, sizeof(theme), "担当作为 狠抓落实");
	enum lderr e = gen_stage_begin(g, "cycle", 1);
	if (!e)
		e = store_cycle_insert(g->st, g->year, theme,
		                       "[{\"title\":\"重点任务按期完成率\",\"target\":\"95%\",\"last_year\":\"90%\"},"
		                       "{\"title\":\"群众满意度\",\"target\":\"92%\",\"last_year\":\"88%\"}]",
		                       &g->cycle);
	if (!e)
		e = store_cycle_update(g->st, g->cycle, NULL, NULL, "running");
	if (e) {
		store_rollback(g->st);
		return e;
	}
	return gen_stage_end(g, 1);
}

/* The daily job's recomputation: every light from the calendar and the date, roll-ups up
 * the decompositions, light_agg rebuilt whole, and today's snapshot for the trend. */
static enum lderr lights(struct gen *g)
{
	long long n = 0;
	enum lderr e = gen_stage_begin(g, "lights", (long long)g->nitems);
	if (!e)
		e = store_lights_rebuild(g->st, g->cycle, &n);
	if (!e)
		e = store_lights_snapshot(g->st, g->cycle, g->today);
	if (e) {
		store_rollback(g->st);
		return e;
	}
	return gen_stage_end(g, n);
}

static void summary(struct gen *g, double seconds)
{
	struct stmt *s = store_stmt(g->st, "SELECT coalesce(light, 'none'), count(*) FROM items WHERE cycle_id = ?"
	                                    " GROUP BY 1 ORDER BY 1");
	printf("cycle %d (running, as of %s): %zu items", g->year, g->today, g->nitems);
	if (s) {
		stmt_bind_int(s, 1, g->cycle);
		while (stmt_step(s) == STMT_ROW)
			printf(", %s %lld", stmt_text(s, 0), stmt_int64(s, 1));
		stmt_reset(s);
	}
	printf("; %lld reports; %lld staff accounts\n", g->reports_planned, g->accounts);
	printf("%-12s %12s %9s %12s\n", "stage", "rows", "seconds", "rows/s");
	for (int k = 0; k < g->nstats; k++)
		printf("%-12s %12lld %9.1f %12.0f\n", g->stats[k].stage, g->stats[k].rows, g->stats[k].seconds,
		       g->stats[k].seconds > 0 ? (double)g->stats[k].rows / g->stats[k].seconds : 0.0);
	printf("%-12s %12s %9.1f\n", "total", "", seconds);
}

int demo_sample(struct store *st, const struct cli_args *a, const struct audit_actor *who)
{
	struct gen g = {.st = st, .seed = (uint64_t)a->seed, .scale = a->scale, .volume = a->volume > 0 ? a->volume : 1};
	g.who = *who;
	date_today(store_now(st), g.today);
	g.today_n = (int)date_days(g.today);
	g.year = (int)strtol(g.today, NULL, 10);
	g.month = (int)strtol(g.today + 5, NULL, 10);
	for (int m = 1; m <= 12; m++) {
		char first[11];
		snprintf(first, sizeof(first), "%04d-%02d-01", g.year, m);
		g.month_start[m] = (int)date_days(first);
	}
	for (int m = 1; m < 12; m++)
		g.month_end[m] = g.month_start[m + 1] - 1;
	char last[11];
	snprintf(last, sizeof(last), "%04d-12-31", g.year);
	g.month_end[12] = (int)date_days(last);

	enum lderr e = load_units(&g);
	g.office = user_id(&g, "office");
	g.reviewer = user_id(&g, "reviewer");
	g.filler = user_id(&g, "filler");
	g.unit_leader = user_id(&g, "unit_leader");
	g.county_filler = user_id(&g, "county_filler");
	g.filler_unit = g.filler ? unit_home(&g, g.filler) : 0;
	g.county_filler_unit = g.county_filler ? unit_home(&g, g.county_filler) : 0;
	long long reviewer_home = g.reviewer ? unit_home(&g, g.reviewer) : 0;
	g.reviewer_region = !e && reviewer_home > 0 && reviewer_home < g.nunits ? g.units[reviewer_home].region : -1;
	double t0 = gen_clock();
	/* rows are checked by construction: no foreign-key lookups, no waiting for the disk
	 * while generating (a crash leaves a file to delete, as any failed demo does) */
	if (!e)
		e = pragma(&g, "PRAGMA foreign_keys = OFF");
	if (!e)
		e = pragma(&g, "PRAGMA synchronous = OFF");
	if (!e)
		e = pragma(&g, "PRAGMA cache_size = -524288");
	if (!e)
		e = pragma(&g, "PRAGMA journal_mode = MEMORY");
	if (!e)
		e = open_cycle(&g);
	if (!e)
		e = gen_accounts(&g);
	if (!e)
		e = gen_items(&g);
	if (!e)
		e = gen_inspections(&g);
	if (!e)
		e = gen_reports(&g);
	if (!e)
		e = gen_notices(&g);
	if (!e)
		e = gen_assessment(&g);
	if (!e)
		e = lights(&g);
	pragma(&g, "PRAGMA foreign_keys = ON");
	pragma(&g, "PRAGMA synchronous = FULL");
	pragma(&g, "PRAGMA journal_mode = WAL");
	if (e) {
		fprintf(stderr, "demo: the sample cycle could not be made (%s)\n", lderr_code(e));
	} else {
		summary(&g, gen_clock() - t0);
	}
	gen_fini(&g);
	return e ? 1 : 0;
}
