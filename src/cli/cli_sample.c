/* demo --sample — a running 2026 cycle to look around in: items for the province's, the
 * cities' and a few counties' organs, one decomposed down the 发改 chain, approved reports,
 * finished and overdue items, and the lights that follow. Deterministic for a seed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/cycles.h"
#include "store/items.h"
#include "store/reports.h"
#include "store/units.h"
#include "store/users.h"
#include "util/arena.h"

struct organ {
	long long id;
	int level; /* 1 province, 2 city, 3 county */
	char sector[32];
	char name[128];
	long long parent;
};

struct organs {
	struct organ *o;
	int n, cap;
};

static int organ_fn(void *ctx, const struct unit *u)
{
	struct organs *c = ctx;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 1024;
		struct organ *bigger = realloc(c->o, sizeof(*bigger) * (size_t)cap);
		if (!bigger)
			return 1;
		c->o = bigger;
		c->cap = cap;
	}
	struct organ *o = &c->o[c->n++];
	o->id = u->id;
	o->level = strcmp(u->level, "province") == 0 ? 1 : strcmp(u->level, "city") == 0 ? 2 : 3;
	snprintf(o->sector, sizeof(o->sector), "%s", u->sector ? u->sector : "");
	snprintf(o->name, sizeof(o->name), "%s", u->name);
	o->parent = u->parent_id;
	return 0;
}

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static const char *const work[][3] = {
	{"营商环境优化", "改革任务", "推行政务服务“一网通办”"},
	{"营商环境优化", "重点任务", "压减企业开办时间"},
	{"扩大有效投资", "重点任务", "推进省市重点项目建设"},
	{"扩大有效投资", "重点任务", "完成年度固定资产投资目标"},
	{"民生实事", "民生实事", "办好群众身边急难愁盼实事"},
	{"安全生产", "常规任务", "开展安全生产隐患排查整治"},
	{"作风建设", "常规任务", "落实基层减负措施"},
	{"数字政府", "改革任务", "推进数据共享和业务协同"},
};
static const char *const dues[] = {"2026-03-31", "2026-06-30", "2026-09-30", "2026-10-31", "2026-11-20",
                                   "2026-12-10", "2026-12-31"};

int demo_sample(struct store *st, uint64_t seed, long long *items_out)
{
	struct organs c = {0};
	struct arena a;
	arena_init(&a, 1u << 26);
	struct user filler, leader;
	long long cycle, n = 0;
	int rc = 1;
	uint64_t rng = seed ^ 0x5A5A5A5AULL;
	if (store_unit_each(st, "organ", organ_fn, &c) != LD_OK ||
	    store_user_by_name(st, &a, "filler", &filler) != LD_OK ||
	    store_user_by_name(st, &a, "unit_leader", &leader) != LD_OK ||
	    store_cycle_insert(st, 2026, "担当作为 狠抓落实",
	                       "[{\"title\":\"重点任务按期完成率\",\"target\":\"95%\",\"last_year\":\"90%\"},"
	                       "{\"title\":\"群众满意度\",\"target\":\"92%\",\"last_year\":\"88%\"}]",
	                       &cycle) != LD_OK ||
	    store_cycle_update(st, cycle, NULL, NULL, "running") != LD_OK)
		goto out;
	int counties = 0;
	long long last_county = 0;
	for (int i = 0; i < c.n; i++) {
		struct organ *o = &c.o[i];
		int per = o->level == 1 ? 3 : o->level == 2 ? 2 : 1;
		if (o->level == 3) {
			if (o->parent != last_county)
				counties++, last_county = o->parent;
			if (counties > 12)
				continue; /* a dozen counties are enough to look around */
		}
		for (int k = 0; k < per; k++) {
			int w = (int)(next(&rng) % 8);
			struct item_fields f = {0};
			f.project = work[w][0];
			f.category = work[w][1];
			f.title = arena_printf(&a, "%s（%s 第%d项）", work[w][2], o->sector[0] ? o->sector : "综合", k + 1);
			f.responsible_person = (const char *[]){"张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"}[next(&rng) % 6];
			f.lead_leader = "分管副职";
			f.start_date = "2026-01-01";
			f.due_date = dues[next(&rng) % 7];
			f.target_text = "按计划完成年度目标";
			f.evidence_required = "工作台账、相关文件";
			f.weight = 1;
			long long id;
			enum lderr e = store_item_insert(st, cycle, 0, o->id, &f, true, &id);
			if (e == LD_CONFLICT)
				continue;
			if (e)
				goto out;
			n++;
			/* about half have an approved report; some are finished */
			uint64_t roll = next(&rng) % 10;
			if (roll < 5) {
				long long report;
				double progress = 20 + (double)(next(&rng) % 8) * 10;
				if (store_report_insert(st, id, "2026-10", "按计划推进，阶段性任务已完成", progress, filler.id,
				                        &report) != LD_OK ||
				    store_report_set_state(st, report, "submitted", 0, NULL) != LD_OK ||
				    store_report_set_state(st, report, "approved", leader.id, NULL) != LD_OK ||
				    store_item_set_progress(st, id, progress) != LD_OK)
					goto out;
			} else if (roll == 5 && store_item_set_state(st, id, "done") != LD_OK) {
				goto out;
			}
			if (store_item_refresh(st, id) != LD_OK)
				goto out;
		}
	}
	/* one province item decomposed to the 发改 organs of the cities and of 济南's counties */
	for (int i = 0; i < c.n; i++) {
		if (c.o[i].level != 1 || strcmp(c.o[i].sector, "发改") != 0)
			continue;
		struct item_fields f = {.project = "扩大有效投资", .category = "重点任务", .title = "全省重点项目投资完成目标",
		                        .responsible_person = "", .lead_leader = "分管副主任", .start_date = "2026-01-01",
		                        .due_date = "2026-12-31", .target_text = "完成年度投资计划", .has_target_value = true,
		                        .target_value = 1200, .target_unit = "亿元", .evidence_required = "项目台账",
		                        .weight = 1};
		long long parent, child;
		if (store_item_insert(st, cycle, 0, c.o[i].id, &f, true, &parent) != LD_OK)
			goto out;
		n++;
		for (int k = 0; k < c.n; k++) {
			if (c.o[k].level == 1 || strcmp(c.o[k].sector, "发改") != 0 || (c.o[k].level == 3 && k % 3))
				continue;
			bool adopted = next(&rng) % 5 != 0;
			if (store_item_insert(st, cycle, parent, c.o[k].id, &f, adopted, &child) != LD_OK)
				goto out;
			n++;
			if (adopted && store_item_set_progress(st, child, (double)(next(&rng) % 11) * 10) != LD_OK)
				goto out;
			if (store_item_refresh(st, child) != LD_OK)
				goto out;
		}
		break;
	}
	*items_out = n;
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "demo: the sample cycle could not be made: %s\n", store_errmsg(st));
	free(c.o);
	arena_fini(&a);
	return rc;
}
