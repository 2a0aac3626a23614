/* gen — the generator's shared parts: random streams, the progress display, stages as
 * transactions, and the staff accounts stage. See cli_gen.h. */
#include "cli/cli_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "store/internal.h"
#include "util/secret.h"

#define DEMO_PASSWORD "Liandong@2026"

/* ---- random streams ---- */

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void gen_rng_init(struct gen_rng *r, const struct gen *g, uint64_t tag, uint64_t id)
{
	r->s = mix(g->seed * 0x9E3779B97F4A7C15ULL + mix(tag * 0xD1B54A32D192ED03ULL + id));
}

uint64_t gen_next(struct gen_rng *r)
{
	return mix(r->s += 0x9E3779B97F4A7C15ULL);
}

int gen_int(struct gen_rng *r, int lo, int hi)
{
	return hi <= lo ? lo : lo + (int)(gen_next(r) % (uint64_t)(hi - lo + 1));
}

double gen_unit(struct gen_rng *r)
{
	return (double)(gen_next(r) >> 11) / 9007199254740992.0;
}

const char *gen_strdup(struct gen *g, const char *s)
{
	size_t n = strlen(s) + 1;
	if (g->pool_used + n > g->pool_cap) {
		/* pools are chained by never moving: a full pool is left behind for a new one */
		size_t cap = n > (1u << 22) ? n : (1u << 22);
		char *fresh = malloc(cap + sizeof(char *));
		if (!fresh)
			return NULL;
		memcpy(fresh, &g->pool, sizeof(char *));
		g->pool = fresh;
		g->pool_used = sizeof(char *);
		g->pool_cap = cap + sizeof(char *);
	}
	char *out = g->pool + g->pool_used;
	memcpy(out, s, n);
	g->pool_used += n;
	return out;
}

void gen_day(int day, char out[11])
{
	date_from_days(day, out);
}

void gen_stamp(int day, int seconds, char out[21])
{
	char d[11];
	date_from_days(day, d);
	snprintf(out, 21, "%sT%02d:%02d:%02dZ", d, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
}

int gen_month_of(const struct gen *g, int day)
{
	for (int m = 12; m >= 1; m--)
		if (day >= g->month_start[m])
			return m;
	return 1;
}

/* ---- progress ---- */

double gen_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(struct gen_progress *p, bool final)
{
	double t = gen_clock() - p->t0;
	double rate = t > 0 ? (double)p->done / t : 0;
	long long total = p->total > p->done ? p->total : p->done;
	int pct = total ? (int)(100 * p->done / total) : 100, filled = pct * 24 / 100;
	char bar[25];
	for (int i = 0; i < 24; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[24] = '\0';
	if (final)
		fprintf(stderr, "\r%-12s [%s] %3d%% %10lld rows %8.1f s %10.0f rows/s\x1b[K\n", p->stage, bar, pct, p->done, t,
		        rate);
	else if (rate > 0)
		fprintf(stderr, "\r%-12s [%s] %3d%% %10lld rows %10.0f rows/s  %5.0f s left\x1b[K", p->stage, bar, pct, p->done,
		        rate, (double)(total - p->done) / rate);
	else
		fprintf(stderr, "\r%-12s [%s] %3d%% %10lld rows %10s rows/s  %5s s left\x1b[K", p->stage, bar, pct, p->done, "-",
		        "-");
	fflush(stderr);
}

void gen_progress_begin(struct gen_progress *p, const char *stage, long long total)
{
	p->stage = stage;
	p->total = total;
	p->done = 0;
	p->t0 = p->last_draw = gen_clock();
	p->tty = isatty(STDERR_FILENO) == 1;
	if (p->tty)
		draw(p, false);
}

void gen_progress_add(struct gen_progress *p, long long n)
{
	p->done += n;
	if (!p->tty || (++p->ticks & 255))
		return; /* look at the clock once every 256 calls */
	double t = gen_clock();
	if (t - p->last_draw >= 0.1) {
		p->last_draw = t;
		draw(p, false);
	}
}

double gen_progress_end(struct gen_progress *p)
{
	double t = gen_clock() - p->t0;
	if (p->tty)
		draw(p, true);
	else
		fprintf(stderr, "demo: %s: %lld rows in %.1f s (%.0f rows/s)\n", p->stage, p->done, t,
		        t > 0 ? (double)p->done / t : 0.0);
	return t;
}

/* ---- stages ---- */

enum lderr gen_stage_begin(struct gen *g, const char *stage, long long total)
{
	gen_progress_begin(&g->progress, stage, total);
	return store_begin(g->st);
}

enum lderr gen_stage_end(struct gen *g, long long rows)
{
	char after[256], id[24];
	snprintf(id, sizeof(id), "%lld", g->cycle);
	snprintf(after, sizeof(after), "{\"stage\":\"%s\",\"rows\":%lld,\"seed\":%llu,\"volume\":%d,\"day\":\"%s\"}",
	         g->progress.stage, rows, (unsigned long long)g->seed, g->volume, g->today);
	struct audit_entry e = {.action = "demo.sample", .entity = "cycle", .entity_id = id, .after = after};
	enum lderr err = store_audit(g->st, &g->who, &e);
	if (!err)
		err = store_commit(g->st);
	if (err) {
		store_rollback(g->st);
		return err;
	}
	g->progress.done = rows;
	double t = gen_progress_end(&g->progress);
	if (g->nstats < GEN_STAGES)
		g->stats[g->nstats++] = (struct gen_stat){g->progress.stage, rows, t};
	return LD_OK;
}

enum lderr gen_exec(struct gen *g, void *stmt)
{
	struct stmt *s = stmt;
	int rc = stmt_step(s);
	stmt_reset(s);
	if (rc == STMT_DONE)
		return LD_OK;
	fprintf(stderr, "demo: %s\n", store_errmsg(g->st));
	return rc == STMT_CONSTRAINT ? LD_CONFLICT : LD_DB;
}

/* ---- names ---- */

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡",
                                       "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",
                                       "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭",
                                       "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
                                    "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "华", "建国", "建华", "志强",
                                    "海燕", "晓东", "文博", "雪梅", "丽华", "国庆", "红梅", "宏伟", "子涵", "浩然",
                                    "欣怡", "梓萱", "俊杰", "淑珍", "玉兰", "德胜", "春生", "立新", "振华", "秀兰"};

void gen_person(struct gen_rng *r, char *out, size_t cap)
{
	snprintf(out, cap, "%s%s", surnames[gen_next(r) % (sizeof(surnames) / sizeof(surnames[0]))],
	         given[gen_next(r) % (sizeof(given) / sizeof(given[0]))]);
}

/* ---- the accounts stage ---- */

/* Per unit: a unit leader and fillers for every organ; for every region node (the region's
 * government and its supervision office) a leader, a filler, a supervisor and reviewers.
 * Reviewers work for the region's 机关工委 and review over the region. */
static const int fillers_of[][2] = {[SCALE_SMALL] = {1, 2}, [SCALE_PROVINCE] = {3, 5}, [SCALE_NATIONAL] = {3, 5}};
static const int reviewers_of[3] = {4, 5, 0}; /* province, city, county */

struct account_writer {
	struct gen *g;
	struct stmt *user, *grant;
	long long next;
	const char *hash;
	char stamp[21];
};

static enum lderr account(struct account_writer *w, const char *username, long long home, const char *role,
                          long long scope, struct gen_rng *r)
{
	char name[32];
	gen_person(r, name, sizeof(name));
	long long id = w->next++;
	struct stmt *u = w->user, *gr = w->grant;
	stmt_bind_int(u, 1, id);
	stmt_bind_text(u, 2, username);
	stmt_bind_text(u, 3, name);
	stmt_bind_int(u, 4, home);
	stmt_bind_text(u, 5, w->hash);
	stmt_bind_text(u, 6, w->stamp);
	/* changed now, so the password has not expired at the first login */
	stmt_bind_int(u, 7, store_now(w->g->st));
	enum lderr e = gen_exec(w->g, u);
	if (e)
		return e;
	stmt_bind_int(gr, 1, id);
	stmt_bind_text(gr, 2, role);
	stmt_bind_int(gr, 3, scope);
	stmt_bind_text(gr, 4, w->stamp);
	if ((e = gen_exec(w->g, gr)))
		return e;
	w->g->accounts++;
	gen_progress_add(&w->g->progress, 2);
	return LD_OK;
}

static long long first_free_user(struct gen *g)
{
	struct stmt *s = store_stmt(g->st, "SELECT coalesce(max(id), 0) + 1 FROM users");
	long long id = 0;
	if (s && stmt_step(s) == STMT_ROW)
		id = stmt_int64(s, 0);
	if (s)
		stmt_reset(s);
	return id;
}

enum lderr gen_accounts(struct gen *g)
{
	int lo = fillers_of[g->scale][0] * g->volume, hi = fillers_of[g->scale][1] * g->volume;
	long long planned = 0;
	for (long long id = 1; id < g->nunits; id++) {
		const struct gen_unit *u = &g->units[id];
		if (u->kind == 'o')
			planned += 2 * (1 + (lo + hi) / 2);
		else if (u->kind == 'r')
			planned += 2 * (3 + reviewers_of[u->level - 1]);
	}
	/* Every generated account has the demo password. Argon2id is meant to be slow, so all of
	 * them share one hash of it, made once: hashing each would take minutes. */
	char hash[SECRET_HASH_MAX];
	if (!secret_hash_password(DEMO_PASSWORD, hash))
		return LD_INTERNAL;
	struct account_writer w = {.g = g, .hash = hash};
	gen_stamp(g->month_start[1], 3600, w.stamp);
	w.user = store_stmt(g->st, "INSERT INTO users (id, username, display_name, unit_id, password_hash,"
	                           " password_changed_at, created_at, updated_at, demo_account)"
	                           " VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?6, 1)");
	w.grant = store_stmt(g->st, "INSERT INTO grants (user_id, role, unit_id, sector, created_at) VALUES (?1, ?2, ?3, '', ?4)");
	w.next = first_free_user(g);
	if (!w.user || !w.grant || !w.next)
		return LD_DB;
	enum lderr e = gen_stage_begin(g, "accounts", planned);
	int committee = -1; /* the sector of the 机关工委, where reviewers work */
	for (int k = 0; k < g->nsectors; k++)
		if (strcmp(g->sectors[k], "机关工委") == 0)
			committee = k;
	char username[48];
	for (long long id = 1; !e && id < g->nunits; id++) {
		struct gen_unit *u = &g->units[id];
		if (u->kind != 'o' && u->kind != 'r')
			continue;
		struct gen_rng r;
		gen_rng_init(&r, g, 1, (uint64_t)id);
		snprintf(username, sizeof(username), "l%lld", id);
		u->leader = w.next;
		if ((e = account(&w, username, id, "unit_leader", id, &r)))
			break;
		int n = u->kind == 'o' ? gen_int(&r, lo, hi) : 1;
		u->first_filler = w.next;
		u->fillers = n;
		for (int k = 1; !e && k <= n; k++) {
			snprintf(username, sizeof(username), "f%lld_%d", id, k);
			e = account(&w, username, id, "filler", id, &r);
		}
		if (e || u->kind != 'r')
			continue;
		snprintf(username, sizeof(username), "s%lld", id);
		u->supervisor = w.next;
		if ((e = account(&w, username, id, "supervisor", id, &r)))
			break;
		const struct gen_region *rg = &g->regions[u->region];
		long long home = committee >= 0 && rg->organ[committee] ? rg->organ[committee] : id;
		u->reviewer0 = w.next;
		u->reviewers = reviewers_of[u->level - 1];
		for (int k = 1; !e && k <= u->reviewers; k++) {
			snprintf(username, sizeof(username), "r%lld_%d", id, k);
			e = account(&w, username, home, "reviewer", id, &r);
		}
	}
	if (e) {
		store_rollback(g->st);
		return e;
	}
	/* the demo accounts do the work of their units: filler and unit_leader report on and
	 * approve the items of 历下区发改局, county_filler reports on 市中区's own items */
	if (g->filler_unit > 0 && g->filler_unit < g->nunits) {
		g->units[g->filler_unit].first_filler = g->filler;
		g->units[g->filler_unit].fillers = 1;
		g->units[g->filler_unit].leader = g->unit_leader;
	}
	if (g->county_filler_unit > 0 && g->county_filler_unit < g->nunits) {
		g->units[g->county_filler_unit].first_filler = g->county_filler;
		g->units[g->county_filler_unit].fillers = 1;
	}
	return gen_stage_end(g, g->progress.done);
}
