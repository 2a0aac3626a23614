/* gen — the responsibility chain of the generated year: items with milestones, decomposed
 * down the unit tree and adopted; inspections with rectification items; monthly reports up
 * to this month; escalations and supervision notices on items overdue.
 *
 * Each item has a pace drawn from its own stream: the day it would reach 100% (its finish)
 * follows from its start, due date and pace. An item whose finish has passed is done on that
 * day; one whose due date has passed unfinished is overdue. Its reports say, month by month,
 * how far it had got; its progress is that of its latest approved report, as approving one
 * sets it in the real flow. The lights themselves are left to the daily job's rebuild. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_gen.h"
#include "core/calendar.h"
#include "store/internal.h"
#include "store/lights.h"

/* stream tags */
enum { TAG_COUNT = 10, TAG_ITEM, TAG_PACE, TAG_REPORT, TAG_INSPECT, TAG_NOTICE };

/* Items per organ (and per region node) before --volume, and the share (in %) of items
 * decomposed: a province item to the cities, a city's child further to its counties, a
 * city's own item to its counties. */
static const struct volume {
	int items[2];
	int dec_province, dec_further, dec_city;
	int inspected; /* organs inspected in the year, in % */
} volumes[] = {
	[SCALE_SMALL] = {{2, 6}, 40, 40, 30, 25},
	[SCALE_PROVINCE] = {{10, 50}, 45, 55, 45, 18},
	[SCALE_NATIONAL] = {{10, 50}, 45, 55, 45, 18},
};

static const struct work {
	const char *project, *category, *title, *target, *evidence, *unit;
	double value;
} works[] = {
	{"营商环境优化", "改革任务", "推行政务服务“一网通办”", "高频事项全程网办率达到90%", "系统截图、办件统计", NULL, 0},
	{"营商环境优化", "重点任务", "压减企业开办时间", "企业开办压减至1个工作日内", "办件台账", "个工作日", 1},
	{"营商环境优化", "改革任务", "深化“证照分离”改革", "涉企经营许可事项全覆盖", "改革清单、工作台账", NULL, 0},
	{"营商环境优化", "常规任务", "开展涉企违规收费专项整治", "问题整改到位率100%", "整治台账、整改报告", NULL, 0},
	{"扩大有效投资", "重点项目", "推进省市重点项目建设", "完成年度投资计划", "项目台账、形象进度照片", "亿元", 120},
	{"扩大有效投资", "重点项目", "完成年度固定资产投资目标", "固定资产投资增长6%以上", "统计报表", "%", 6},
	{"扩大有效投资", "重点项目", "争取中央预算内投资和专项债券", "争取资金额度不低于上年", "批复文件", "亿元", 30},
	{"扩大有效投资", "重点任务", "开展重点项目“双招双引”", "新签约过亿元项目10个以上", "签约协议", "个", 10},
	{"民生实事", "民生实事", "办好群众身边急难愁盼实事", "年度民生实事全部按期办结", "实事台账、验收材料", NULL, 0},
	{"民生实事", "民生实事", "新建改造城市社区养老服务设施", "新增养老床位500张", "验收材料", "张", 500},
	{"民生实事", "民生实事", "实施城镇老旧小区改造", "完成改造小区30个", "项目清单、竣工验收", "个", 30},
	{"民生实事", "民生实事", "新增城镇就业岗位", "城镇新增就业2万人", "就业统计", "人", 20000},
	{"民生实事", "民生实事", "推进义务教育学校扩容", "新增学位3000个", "建设台账", "个", 3000},
	{"安全生产", "常规任务", "开展安全生产隐患排查整治", "重大隐患整改销号率100%", "排查台账、整改销号材料", NULL, 0},
	{"安全生产", "常规任务", "落实安全生产“三管三必须”", "责任清单全覆盖", "责任清单", NULL, 0},
	{"安全生产", "重点任务", "开展燃气安全专项整治", "隐患动态清零", "整治台账", NULL, 0},
	{"作风建设", "常规任务", "落实基层减负措施", "文件会议数量同比压减10%", "统计材料", "%", 10},
	{"作风建设", "常规任务", "开展“四下基层”调查研究", "形成调研报告并推动转化", "调研报告", "篇", 4},
	{"作风建设", "常规任务", "推进机关效能建设", "群众满意度达到95%以上", "测评结果", "%", 95},
	{"数字政府", "改革任务", "推进数据共享和业务协同", "共享数据目录完成率100%", "目录清单", NULL, 0},
	{"数字政府", "改革任务", "建设一体化政务服务平台", "平台上线运行", "上线证明、运行报告", NULL, 0},
	{"数字政府", "重点任务", "推动政务数据开放应用", "开放数据集100个", "开放清单", "个", 100},
	{"乡村振兴", "重点任务", "巩固拓展脱贫攻坚成果", "不发生规模性返贫", "监测台账", NULL, 0},
	{"乡村振兴", "重点任务", "建设和美乡村示范村", "创建示范村20个", "验收材料", "个", 20},
	{"乡村振兴", "重点任务", "推进高标准农田建设", "新建高标准农田5万亩", "验收材料", "万亩", 5},
	{"生态环保", "重点任务", "打好蓝天保卫战", "PM2.5浓度下降3%", "监测数据", "%", 3},
	{"生态环保", "重点任务", "推进河湖长制落实", "重点河湖水质达标率100%", "巡河记录、监测报告", NULL, 0},
	{"生态环保", "常规任务", "开展中央环保督察反馈问题整改", "问题按期整改完成", "整改台账", NULL, 0},
	{"科技创新", "重点任务", "培育高新技术企业", "新增高新技术企业50家", "认定名单", "家", 50},
	{"科技创新", "重点任务", "推进科技成果转移转化", "技术合同成交额增长10%", "统计数据", "%", 10},
	{"党的建设", "常规任务", "开展党纪学习教育", "党员全覆盖学习", "学习记录", NULL, 0},
	{"党的建设", "常规任务", "推进模范机关创建", "创建达标率100%", "创建材料", NULL, 0},
	{"党的建设", "常规任务", "落实意识形态工作责任制", "责任清单落实到位", "工作台账", NULL, 0},
	{"风险防范", "重点任务", "化解政府债务风险", "债务率控制在警戒线内", "债务报表", NULL, 0},
	{"风险防范", "常规任务", "开展信访积案化解", "积案化解率90%以上", "化解台账", "%", 90},
	{"风险防范", "常规任务", "推进平安建设", "群众安全感满意度98%", "测评报告", "%", 98},
	{"文化旅游", "重点任务", "打造文旅融合精品线路", "推出精品线路5条", "线路方案", "条", 5},
	{"社会事业", "民生实事", "提升基层医疗卫生服务能力", "建成县域医共体", "验收材料", NULL, 0},
	{"社会事业", "重点任务", "完善城乡社会救助体系", "救助对象应保尽保", "救助台账", NULL, 0},
	{"法治建设", "常规任务", "推进严格规范公正文明执法", "行政复议纠错率下降", "执法案卷评查", NULL, 0},
	{"法治建设", "常规任务", "开展“八五”普法", "完成年度普法任务", "普法台账", NULL, 0},
};
#define NWORKS ((int)(sizeof(works) / sizeof(works[0])))

static const char *const stage_titles[5][4] = {
	{NULL},
	{NULL},
	{"制定工作方案，完成前期准备", "全面完成年度任务"},
	{"制定实施方案", "推进过半，完成阶段目标", "完成目标任务"},
	{"制定实施方案", "完成一季度进度", "完成主体工作", "完成验收总结"},
};

static const char *const leader_titles[3][2] = {
	{"副省长", "副厅长"}, {"副市长", "副局长"}, {"副县（区）长", "副局长"}};

/* ---- trajectories and reports ---- */

/* An item's pace: most finish on time, some fall behind, a few stall. Sets finish and, when
 * the finish has passed, done. */
static void trajectory(const struct gen *g, struct gen_item *it)
{
	struct gen_rng r;
	gen_rng_init(&r, g, TAG_PACE, (uint64_t)it->id);
	double u = gen_unit(&r), pace;
	if (u < 0.65)
		pace = 0.98 + 0.14 * gen_unit(&r);
	else if (u < 0.85)
		pace = 0.8 + 0.2 * gen_unit(&r);
	else if (u < 0.95)
		pace = 0.55 + 0.25 * gen_unit(&r);
	else
		pace = 0.25 + 0.3 * gen_unit(&r);
	int span = it->due - it->start;
	it->finish = it->start + (int)((double)span / pace + 0.999);
	if (it->finish <= it->start)
		it->finish = it->start + 1;
	if (it->finish <= g->today_n && it->reported) {
		it->state = GEN_DONE;
		it->done = it->finish;
	}
}

struct report {
	char state[10];
	double progress;
	int created, submitted, reviewed; /* days; 0 for none */
	const char *text, *reason;
};

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The report of month m on a reported item, or false when there is none (not written yet,
 * or the item was done before that month). The same answer every time it is asked. */
static bool report_of(const struct gen *g, const struct gen_item *it, int m, struct report *out)
{
	int done_month = it->done ? gen_month_of(g, it->done) : 13;
	if (m < gen_month_of(g, it->start) || m > g->month || m > done_month)
		return false;
	struct gen_rng r;
	gen_rng_init(&r, g, TAG_REPORT, (uint64_t)it->id * 16 + (uint64_t)m);
	int end = g->month_end[m] < g->today_n ? g->month_end[m] : g->today_n;
	int roll = gen_int(&r, 0, 999);
	memset(out, 0, sizeof(*out));
	bool current = m == g->month;
	const char *state;
	if (m == done_month)
		state = "approved";
	else if (!current)
		state = roll < 955 ? "approved" : roll < 970 ? "returned" : roll < 990 ? "submitted" : "draft";
	else if (roll < 150)
		return false;
	else
		state = roll < 300 ? "draft" : roll < 720 ? "submitted" : roll < 950 ? "approved" : "returned";
	snprintf(out->state, sizeof(out->state), "%s", state);
	if (m == done_month) {
		out->progress = 100;
		out->submitted = it->done;
	} else {
		double p = 100.0 * (double)(end - it->start) / (double)(it->finish - it->start);
		out->progress = p < 0 ? 0 : p > 99 ? 99 : (double)(int)p;
		out->submitted = current ? gen_int(&r, it->start > g->month_start[m] ? it->start : g->month_start[m], end)
		                         : end + gen_int(&r, -4, 12);
	}
	out->submitted = clampi(out->submitted, it->start, g->today_n);
	out->created = clampi(out->submitted - gen_int(&r, 0, 2), it->start, g->today_n);
	if (strcmp(state, "draft") == 0)
		out->submitted = 0;
	else if (strcmp(state, "submitted") != 0)
		out->reviewed = clampi(out->submitted + gen_int(&r, 0, 3), out->submitted, g->today_n);
	double expected = 100.0 * (double)(end - it->start) / (double)(it->due - it->start);
	if (out->progress >= 100)
		out->text = "已全面完成年度任务，相关佐证材料已归档";
	else if (out->progress + 20 < expected)
		out->text = "进度滞后，已分析原因并制定赶超措施，正加快推进";
	else if (out->progress + 5 < expected)
		out->text = "按计划推进，个别环节存在困难，正在协调解决";
	else
		out->text = (const char *[]){"按计划推进，本月阶段性任务已完成", "稳步推进，各项工作有序开展",
		                             "已完成本月工作节点，进度符合预期"}[gen_next(&r) % 3];
	if (strcmp(state, "returned") == 0)
		out->reason = (const char *[]){"佐证材料不全，请补充", "进度表述不清，请细化完成情况",
		                               "进度与佐证材料不符，请核实"}[gen_next(&r) % 3];
	return true;
}

/* The progress of an item's latest approved report (0 for none). */
static double approved_progress(const struct gen *g, const struct gen_item *it)
{
	struct report rp;
	for (int m = g->month; m >= 1; m--)
		if (report_of(g, it, m, &rp) && strcmp(rp.state, "approved") == 0)
			return rp.progress;
	return 0;
}

static struct gen_item *keep_item(struct gen *g, const struct gen_item *it)
{
	if (g->nitems == g->items_cap) {
		size_t cap = g->items_cap ? g->items_cap * 2 : 65536;
		struct gen_item *bigger = realloc(g->items, sizeof(*bigger) * cap);
		if (!bigger)
			return NULL;
		g->items = bigger;
		g->items_cap = cap;
	}
	g->items[g->nitems] = *it;
	return &g->items[g->nitems++];
}

static void count_reports(struct gen *g, const struct gen_item *it)
{
	struct report rp;
	for (int m = 1; it->reported && m <= g->month; m++)
		g->reports_planned += report_of(g, it, m, &rp);
}

/* ---- items ---- */

struct node {
	struct gen_item it;
	long long parent;
	int work, milestones;
	bool adopted, decomposed;
	char person[32];
	const char *finding;   /* rectification: what the inspection found */
	long long inspection;  /* rectification: its inspection */
};

#define MAX_NODES 8192

struct items_writer {
	struct gen *g;
	struct stmt *item, *milestone;
	struct node *nodes;
	int n;
	long long rows;
};

static long long target_of(const struct gen *g, long long unit, const struct gen_region *to)
{
	const struct gen_unit *u = &g->units[unit];
	if (u->kind == 'r')
		return to->id;
	return u->sector >= 0 ? to->organ[u->sector] : 0;
}

/* Plans an item of unit (and, below it, its decomposition) into w->nodes, parent before
 * children; returns its index or -1 when the buffer is full. */
static int plan(struct items_writer *w, long long unit, int parent, int depth, int work, int start, int due,
                int milestones, bool adopted)
{
	struct gen *g = w->g;
	if (w->n == MAX_NODES)
		return -1;
	int at = w->n++;
	struct node *nd = &w->nodes[at];
	memset(nd, 0, sizeof(*nd));
	nd->it.id = g->next_item++;
	nd->it.unit = unit;
	nd->it.start = start;
	nd->it.due = due;
	nd->parent = parent >= 0 ? w->nodes[parent].it.id : 0;
	nd->work = work;
	nd->milestones = milestones;
	nd->adopted = adopted;
	struct gen_rng r;
	gen_rng_init(&r, g, TAG_ITEM, (uint64_t)nd->it.id);
	gen_person(&r, nd->person, sizeof(nd->person));
	const struct volume *v = &volumes[g->scale];
	const struct gen_unit *u = &g->units[unit];
	int share = u->level == 1 && depth == 0 ? v->dec_province : u->level == 2 ? (depth ? v->dec_further : v->dec_city) : 0;
	const struct gen_region *rg = &g->regions[u->region];
	bool decompose = adopted && share && rg->children && gen_int(&r, 0, 99) < share;
	int children = 0;
	for (int k = 0; decompose && k < rg->children; k++) {
		const struct gen_region *to = &g->regions[g->child_regions[rg->first_child + k]];
		long long t = target_of(g, unit, to);
		if (!t)
			continue;
		/* a few children decomposed lately wait for their unit to adopt them */
		bool child_adopted = due <= g->today_n || gen_int(&r, 0, 99) >= 3;
		if (plan(w, t, at, depth + 1, work, start, due, milestones, child_adopted) < 0)
			return -1;
		children++;
	}
	nd->decomposed = children > 0;
	nd->it.reported = adopted && !children;
	if (depth == 0 && !children && gen_int(&r, 0, 999) < 5)
		nd->it.state = GEN_CANCELLED, nd->it.reported = false;
	if (nd->it.reported) {
		trajectory(g, &nd->it);
	} else if (children) {
		/* done when every child is: on the day the last one was */
		bool all = true;
		int last = 0;
		for (int k = at + 1; k < w->n; k++) {
			const struct node *c = &w->nodes[k];
			if (c->parent != nd->it.id || c->it.state == GEN_CANCELLED)
				continue;
			all = all && c->adopted && c->it.state == GEN_DONE;
			last = c->it.done > last ? c->it.done : last;
		}
		if (all && last) {
			nd->it.state = GEN_DONE;
			nd->it.done = last;
		}
		nd->it.finish = nd->it.due;
	} else {
		nd->it.finish = nd->it.due;
	}
	return at;
}

static enum lderr write_node(struct items_writer *w, const struct node *nd)
{
	struct gen *g = w->g;
	const struct gen_unit *u = &g->units[nd->it.unit];
	const struct work *wk = &works[nd->work % NWORKS];
	static const struct work rectify = {"督查整改", "整改事项", NULL, "问题整改到位，建立长效机制", "整改报告、佐证材料",
	                                    NULL, 0};
	bool rect = nd->it.kind == 1;
	char title[256], start[11], due[11], done[11], red_since[11], created[21];
	if (rect) {
		wk = &rectify;
		snprintf(title, sizeof(title), "整改：%s（%d月督查）", nd->finding, gen_month_of(g, nd->it.start));
	} else if (nd->work >= NWORKS)
		snprintf(title, sizeof(title), "%s（第%d批）", wk->title, nd->work / NWORKS + 1);
	else
		snprintf(title, sizeof(title), "%s", wk->title);
	gen_day(nd->it.start, start);
	gen_day(nd->it.due, due);
	gen_stamp(nd->it.start < g->today_n ? nd->it.start : g->today_n, 3600 + (int)(nd->it.id % 7200), created);
	double progress = nd->it.state == GEN_DONE ? 100 : nd->it.reported ? approved_progress(g, &nd->it) : 0;
	struct stmt *s = w->item;
	stmt_bind_int(s, 1, nd->it.id);
	stmt_bind_int(s, 2, g->cycle);
	if (nd->parent)
		stmt_bind_int(s, 3, nd->parent);
	else
		stmt_bind_null(s, 3);
	stmt_bind_text(s, 4, "task");
	stmt_bind_int(s, 5, nd->it.unit);
	stmt_bind_text(s, 6, u->path);
	if (u->sector >= 0)
		stmt_bind_text(s, 7, g->sectors[u->sector]);
	else
		stmt_bind_null(s, 7);
	stmt_bind_text(s, 8, wk->project);
	stmt_bind_text(s, 9, wk->category);
	stmt_bind_text(s, 10, title);
	stmt_bind_text(s, 11, nd->adopted ? nd->person : "");
	stmt_bind_text(s, 12, leader_titles[u->level - 1][u->kind == 'o']);
	stmt_bind_text(s, 13, start);
	stmt_bind_text(s, 14, due);
	stmt_bind_text(s, 15, wk->target);
	if (wk->unit) {
		stmt_bind_double(s, 16, wk->value);
		stmt_bind_text(s, 17, wk->unit);
	} else {
		stmt_bind_null(s, 16);
		stmt_bind_null(s, 17);
	}
	stmt_bind_text(s, 18, wk->evidence);
	stmt_bind_double(s, 19, strcmp(wk->category, "重点项目") == 0 ? 2.0 : 1.0);
	stmt_bind_double(s, 20, progress);
	stmt_bind_text(s, 21, nd->it.state == GEN_DONE ? "done" : nd->it.state == GEN_CANCELLED ? "cancelled" : "active");
	stmt_bind_int(s, 22, nd->adopted);
	stmt_bind_text(s, 23, created);
	/* red by date since the day after it fell due: the rebuild keeps a red item's red_since */
	if (nd->it.state == GEN_ACTIVE && nd->it.due < g->today_n) {
		gen_day(nd->it.due + 1, red_since);
		stmt_bind_text(s, 24, "red");
		stmt_bind_text(s, 25, red_since);
	} else {
		stmt_bind_null(s, 24);
		stmt_bind_null(s, 25);
	}
	if (nd->it.done) {
		gen_day(nd->it.done, done);
		stmt_bind_text(s, 26, done);
	} else {
		stmt_bind_null(s, 26);
	}
	if (rect)
		stmt_bind_int(s, 27, nd->inspection);
	else
		stmt_bind_null(s, 27);
	stmt_bind_text(s, 28, rect ? "rectification" : "task");
	enum lderr e = gen_exec(g, s);
	if (e) {
		fprintf(stderr, "demo: the item %lld of unit %lld (%s) could not be written\n", nd->it.id, nd->it.unit, title);
		return e;
	}
	w->rows++;
	/* milestones spread over the item's span; the last falls on its due date */
	int n = nd->milestones;
	for (int k = 1; k <= n && !e; k++) {
		int day = k == n ? nd->it.due : g->month_end[gen_month_of(g, nd->it.start + (nd->it.due - nd->it.start) * k / n)];
		if (day > nd->it.due)
			day = nd->it.due;
		int reached = nd->it.start + (nd->it.finish - nd->it.start) * k / n;
		bool is_done = nd->it.state == GEN_DONE || (nd->it.reported && reached <= g->today_n);
		char mdue[11], expected[32];
		gen_day(day, mdue);
		snprintf(expected, sizeof(expected), "完成进度 %d%%", 100 * k / n);
		struct stmt *m = w->milestone;
		stmt_bind_int(m, 1, nd->it.id);
		stmt_bind_int(m, 2, k);
		stmt_bind_text(m, 3, stage_titles[n][k - 1]);
		stmt_bind_text(m, 4, mdue);
		stmt_bind_text(m, 5, expected);
		stmt_bind_int(m, 6, is_done);
		e = gen_exec(g, m);
		w->rows++;
	}
	return e;
}

static enum lderr prepare_items(struct items_writer *w)
{
	struct gen *g = w->g;
	w->item = store_stmt(g->st, "INSERT INTO items (id, cycle_id, parent_id, kind, unit_id, unit_path, sector, project,"
	                            " category, title, responsible_person, lead_leader, start_date, due_date, target_text,"
	                            " target_value, target_unit, evidence_required, weight, progress, state, adopted,"
	                            " created_at, updated_at, light, red_since, done_at, inspection_id)"
	                            " VALUES (?1, ?2, ?3, ?28, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	                            " ?19, ?20, ?21, ?22, ?23, ?23, ?24, ?25, ?26, ?27)");
	w->milestone = store_stmt(g->st, "INSERT INTO milestones (item_id, seq, title, due_date, expected, done)"
	                                 " VALUES (?, ?, ?, ?, ?, ?)");
	return w->item && w->milestone ? LD_OK : LD_DB;
}

static int gcd(int a, int b)
{
	return b ? gcd(b, a % b) : a;
}

/* A due date: a quarter's or a month's end, or the middle of a month; the year's end most. */
static int due_day(const struct gen *g, struct gen_rng *r, int start)
{
	static const int months[] = {3, 4, 6, 6, 7, 8, 9, 9, 10, 10, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12};
	int m = months[gen_next(r) % (sizeof(months) / sizeof(months[0]))];
	int day = gen_int(r, 0, 3) == 0 ? g->month_start[m] + 14 : g->month_end[m];
	return day > start + 27 ? day : g->month_end[12];
}

enum lderr gen_items(struct gen *g)
{
	const struct volume *v = &volumes[g->scale];
	int lo = v->items[0] * g->volume, hi = v->items[1] * g->volume;
	long long tops = 0;
	for (long long id = 1; id < g->nunits; id++)
		if (g->units[id].kind == 'o' || g->units[id].kind == 'r')
			tops += (lo + hi) / 2;
	struct items_writer w = {.g = g};
	struct stmt *first = store_stmt(g->st, "SELECT coalesce(max(id), 0) + 1 FROM items");
	if (!first || stmt_step(first) != STMT_ROW)
		return LD_DB;
	g->next_item = stmt_int64(first, 0);
	stmt_reset(first);
	w.nodes = malloc(sizeof(*w.nodes) * MAX_NODES);
	enum lderr e = w.nodes ? prepare_items(&w) : LD_NOMEM;
	if (!e)
		e = gen_stage_begin(g, "items", tops * 7); /* about: an item and 2-4 milestones, decomposed */
	if (e) {
		free(w.nodes);
		return e;
	}
	/* region nodes and their organs, the province first, then the cities, then the counties */
	for (int level = 1; level <= 3 && !e; level++) {
		for (int ri = 0; ri < g->nregions && !e; ri++) {
			const struct gen_region *rg = &g->regions[ri];
			if (rg->level != level)
				continue;
			for (int s = -1; s < g->nsectors && !e; s++) {
				long long unit = s < 0 ? rg->id : rg->organ[s];
				if (!unit)
					continue;
				struct gen_rng r;
				gen_rng_init(&r, g, TAG_COUNT, (uint64_t)unit);
				int n = gen_int(&r, lo, hi);
				/* distinct works for the first NWORKS items: a stride coprime to the table */
				int offset = gen_int(&r, 0, NWORKS - 1), stride = 1 + 2 * gen_int(&r, 0, 8);
				while (gcd(stride, NWORKS) != 1)
					stride++;
				for (int k = 0; k < n && !e; k++) {
					int work = (offset + k * stride) % NWORKS + (k / NWORKS) * NWORKS;
					int start = gen_int(&r, 0, 4) ? g->month_start[1] : g->month_start[gen_int(&r, 2, 4)];
					int due = due_day(g, &r, start);
					long long before = w.rows;
					w.n = 0;
					if (plan(&w, unit, -1, 0, work, start, due, gen_int(&r, 2, 4), true) < 0) {
						e = LD_INTERNAL;
						break;
					}
					for (int i = 0; i < w.n && !e; i++) {
						e = write_node(&w, &w.nodes[i]);
						if (!e && !keep_item(g, &w.nodes[i].it))
							e = LD_NOMEM;
						if (!e)
							count_reports(g, &w.nodes[i].it);
					}
					gen_progress_add(&g->progress, w.rows - before);
				}
			}
		}
	}
	free(w.nodes);
	if (e) {
		store_rollback(g->st);
		return e;
	}
	return gen_stage_end(g, w.rows);
}

/* ---- inspections and rectification ---- */

static const char *const findings[] = {
	"工作台账不健全，资料归档不规范", "重点任务推进滞后，未按时序节点完成", "佐证材料与进展填报不一致",
	"安全隐患整改不彻底", "基层减负措施落实不到位", "项目资金拨付进度偏慢", "问题整改责任未压实到人",
	"信息公开不及时", "群众反映问题办理超期", "制度执行打折扣", "数据统计口径不统一", "会议文件精简不到位",
};
#define NFINDINGS ((int)(sizeof(findings) / sizeof(findings[0])))

enum lderr gen_inspections(struct gen *g)
{
	const struct volume *v = &volumes[g->scale];
	struct stmt *ins = store_stmt(g->st, "INSERT INTO inspections (id, cycle_id, unit_id, unit_path, day, inspectors,"
	                                      " summary, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	struct items_writer w = {.g = g};
	enum lderr e = ins ? prepare_items(&w) : LD_DB;
	long long organs = 0;
	for (long long id = 1; id < g->nunits; id++)
		organs += g->units[id].kind == 'o';
	if (e || (e = gen_stage_begin(g, "inspections", organs * v->inspected / 100 * 4)))
		return e;
	int first = g->month_start[3], last = g->today_n - 10;
	long long inspection = 0;
	for (int ri = 0; ri < g->nregions && !e && last > first; ri++) {
		const struct gen_region *rg = &g->regions[ri];
		long long by = g->units[rg->id].supervisor;
		for (int s = 0; s < g->nsectors && !e; s++) {
			long long unit = rg->organ[s];
			struct gen_rng r;
			gen_rng_init(&r, g, TAG_INSPECT, (uint64_t)unit);
			if (!unit || gen_int(&r, 0, 99) >= v->inspected)
				continue;
			const struct gen_unit *u = &g->units[unit];
			int day = gen_int(&r, first, last);
			char days[11], stamp[21], team[96], p1[32], p2[32], summary[256];
			gen_day(day, days);
			gen_stamp(day, 7 * 3600, stamp);
			gen_person(&r, p1, sizeof(p1));
			gen_person(&r, p2, sizeof(p2));
			snprintf(team, sizeof(team), "%s督查组：%s、%s", g->units[rg->id].name, p1, p2);
			int nf = gen_int(&r, 1, 4), f0 = gen_int(&r, 0, NFINDINGS - 1);
			snprintf(summary, sizeof(summary), "实地督查发现问题%d个，已反馈并要求限期整改", nf);
			inspection++;
			stmt_bind_int(ins, 1, inspection);
			stmt_bind_int(ins, 2, g->cycle);
			stmt_bind_int(ins, 3, unit);
			stmt_bind_text(ins, 4, u->path);
			stmt_bind_text(ins, 5, days);
			stmt_bind_text(ins, 6, team);
			stmt_bind_text(ins, 7, summary);
			stmt_bind_int(ins, 8, by);
			stmt_bind_text(ins, 9, stamp);
			if ((e = gen_exec(g, ins)))
				break;
			long long before = w.rows++;
			for (int k = 0; k < nf && !e; k++) {
				struct node nd = {0};
				nd.it.id = g->next_item++;
				nd.it.unit = unit;
				nd.it.start = day;
				nd.it.due = day + (int[]){30, 45, 60, 90}[gen_int(&r, 0, 3)];
				nd.it.reported = true;
				nd.it.kind = 1;
				nd.adopted = true;
				gen_person(&r, nd.person, sizeof(nd.person));
				trajectory(g, &nd.it);
				nd.finding = findings[(f0 + k) % NFINDINGS];
				nd.inspection = inspection;
				e = write_node(&w, &nd);
				if (!e && !keep_item(g, &nd.it))
					e = LD_NOMEM;
				count_reports(g, &nd.it);
			}
			gen_progress_add(&g->progress, w.rows - before);
		}
	}
	if (e) {
		store_rollback(g->st);
		return e;
	}
	return gen_stage_end(g, w.rows);
}

/* ---- reports ---- */

enum lderr gen_reports(struct gen *g)
{
	struct stmt *s = store_stmt(g->st, "INSERT INTO reports (item_id, period, text, progress, state, return_reason,"
	                                    " author_id, submitted_at, reviewer_id, reviewed_at, created_at, updated_at)"
	                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	enum lderr e = s ? gen_stage_begin(g, "reports", g->reports_planned) : LD_DB;
	long long rows = 0;
	for (size_t i = 0; i < g->nitems && !e; i++) {
		const struct gen_item *it = &g->items[i];
		if (!it->reported)
			continue;
		const struct gen_unit *u = &g->units[it->unit];
		for (int m = 1; m <= g->month && !e; m++) {
			struct report rp;
			if (!report_of(g, it, m, &rp))
				continue;
			char period[8], created[21], submitted[21], reviewed[21];
			snprintf(period, sizeof(period), "%04d-%02d", g->year, m);
			/* written by one of the unit's fillers, reviewed by its leader */
			long long author = u->first_filler + (long long)((uint64_t)(it->id + m) % (uint64_t)(u->fillers ? u->fillers : 1));
			int at = 8 * 3600 + (int)((it->id * 7919 + m * 104729) % 28800);
			gen_stamp(rp.created, at, created);
			stmt_bind_int(s, 1, it->id);
			stmt_bind_text(s, 2, period);
			stmt_bind_text(s, 3, rp.text);
			stmt_bind_double(s, 4, rp.progress);
			stmt_bind_text(s, 5, rp.state);
			if (rp.reason)
				stmt_bind_text(s, 6, rp.reason);
			else
				stmt_bind_null(s, 6);
			stmt_bind_int(s, 7, author);
			const char *updated = created;
			if (rp.submitted) {
				gen_stamp(rp.submitted, at + 600, submitted);
				stmt_bind_text(s, 8, submitted);
				updated = submitted;
			} else {
				stmt_bind_null(s, 8);
			}
			if (rp.reviewed) {
				gen_stamp(rp.reviewed, at + 1200, reviewed);
				stmt_bind_int(s, 9, u->leader);
				stmt_bind_text(s, 10, reviewed);
				updated = reviewed;
			} else {
				stmt_bind_null(s, 9);
				stmt_bind_null(s, 10);
			}
			stmt_bind_text(s, 11, created);
			stmt_bind_text(s, 12, updated);
			e = gen_exec(g, s);
			rows++;
			gen_progress_add(&g->progress, 1);
		}
	}
	if (e) {
		store_rollback(g->st);
		return e;
	}
	return gen_stage_end(g, rows);
}

/* ---- supervision: escalations and notices ---- */

/* An item red by date for more than the cycle's escalate_after_workdays was escalated, the
 * day its streak passed it, to the unit above it: the daily job does that and finds it done,
 * so its first run does not escalate the whole year at once. */
static enum lderr escalations(struct gen *g, struct stmt *s, const struct gen_item *it, const struct calendar *cal,
                              int after, long long *rows)
{
	const struct gen_unit *u = &g->units[it->unit];
	int red_since = it->due + 1;
	if (it->state != GEN_ACTIVE || red_since >= g->today_n || u->parent <= 0 ||
	    calendar_workdays_after(cal, red_since, g->today_n, after + 1, NULL) <= after)
		return LD_OK;
	int day = red_since;
	while (day < g->today_n && calendar_workdays_after(cal, red_since, day, after + 1, NULL) <= after)
		day++;
	char reason[96], stamp[21];
	snprintf(reason, sizeof(reason), "红灯已持续 %d 个工作日", after + 1);
	gen_stamp(day, 3600, stamp);
	stmt_bind_int(s, 1, it->id);
	stmt_bind_int(s, 2, u->parent);
	stmt_bind_text(s, 3, g->units[u->parent].path);
	stmt_bind_text(s, 4, reason);
	stmt_bind_text(s, 5, stamp);
	(*rows)++;
	return gen_exec(g, s);
}

/* About a quarter of the items overdue by more than ten days got a notice from the
 * supervisor of their region; most were answered, not all in time. */
enum lderr gen_notices(struct gen *g)
{
	struct stmt *n = store_stmt(g->st, "INSERT INTO notices (id, cycle_id, issuer_id, issuer_unit_id, target_unit_id,"
	                                    " target_path, title, body, due_date, state, response, responder_id,"
	                                    " responded_at, closed_at, created_at, updated_at)"
	                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
	struct stmt *ni = store_stmt(g->st, "INSERT INTO notice_items (notice_id, item_id) VALUES (?, ?)");
	struct stmt *esc = store_stmt(g->st, "INSERT INTO escalations (item_id, to_unit_id, to_path, reason, created_at)"
	                                      " VALUES (?, ?, ?, ?, ?)");
	const struct calendar *cal = store_calendar(g->st);
	struct cycle_settings cs;
	enum lderr e = n && ni && esc && cal ? store_cycle_settings(g->st, g->cycle, &cs) : LD_DB;
	if (!e)
		e = gen_stage_begin(g, "supervision", 0);
	long long rows = 0, id = 0;
	for (size_t i = 0; i < g->nitems && !e; i++) {
		const struct gen_item *it = &g->items[i];
		if ((e = escalations(g, esc, it, cal, cs.escalate_after_workdays, &rows)))
			break;
		int overdue_since = it->due + 1;
		if (it->state != GEN_ACTIVE || overdue_since > g->today_n - 10)
			continue;
		struct gen_rng r;
		gen_rng_init(&r, g, TAG_NOTICE, (uint64_t)it->id);
		if (gen_int(&r, 0, 99) >= 25)
			continue;
		const struct gen_unit *u = &g->units[it->unit];
		const struct gen_region *rg = &g->regions[u->region];
		/* a region's own items are supervised from the region above */
		if (u->kind == 'r' && rg->parent >= 0)
			rg = &g->regions[rg->parent];
		const struct gen_unit *issuer = &g->units[rg->id];
		int issued = clampi(overdue_since + gen_int(&r, 2, 10), overdue_since, g->today_n);
		int due = issued + 10, responded = 0, closed = 0;
		int roll = gen_int(&r, 0, 99);
		if (due <= g->today_n ? roll < 85 : roll < 50)
			responded = clampi(issued + gen_int(&r, 2, 14), issued, g->today_n);
		if (responded && gen_int(&r, 0, 1))
			closed = clampi(responded + gen_int(&r, 1, 3), responded, g->today_n);
		char title[128], body[256], sdue[11], s_issued[21], s_resp[21], s_closed[21];
		snprintf(title, sizeof(title), "关于督促加快办理逾期事项的通知");
		snprintf(body, sizeof(body), "你单位承担的事项已逾期，请于 %s 前书面报告办理进展和整改措施。",
		         (gen_day(due, sdue), sdue));
		gen_stamp(issued, 2 * 3600, s_issued);
		id++;
		stmt_bind_int(n, 1, id);
		stmt_bind_int(n, 2, g->cycle);
		stmt_bind_int(n, 3, issuer->supervisor);
		stmt_bind_int(n, 4, rg->id);
		stmt_bind_int(n, 5, it->unit);
		stmt_bind_text(n, 6, u->path);
		stmt_bind_text(n, 7, title);
		stmt_bind_text(n, 8, body);
		stmt_bind_text(n, 9, sdue);
		stmt_bind_text(n, 10, closed ? "closed" : responded ? "responded" : "open");
		const char *updated = s_issued;
		if (responded) {
			gen_stamp(responded, 6 * 3600, s_resp);
			stmt_bind_text(n, 11, "已召开专题会议研究，制定赶超措施，明确责任人和完成时限，正加快推进。");
			stmt_bind_int(n, 12, u->leader);
			stmt_bind_text(n, 13, s_resp);
			updated = s_resp;
		} else {
			stmt_bind_null(n, 11);
			stmt_bind_null(n, 12);
			stmt_bind_null(n, 13);
		}
		if (closed) {
			gen_stamp(closed, 3 * 3600, s_closed);
			stmt_bind_text(n, 14, s_closed);
			updated = s_closed;
		} else {
			stmt_bind_null(n, 14);
		}
		stmt_bind_text(n, 15, s_issued);
		stmt_bind_text(n, 16, updated);
		if ((e = gen_exec(g, n)))
			break;
		stmt_bind_int(ni, 1, id);
		stmt_bind_int(ni, 2, it->id);
		e = gen_exec(g, ni);
		rows += 2;
		gen_progress_add(&g->progress, 2);
	}
	if (e) {
		store_rollback(g->st);
		return e;
	}
	return gen_stage_end(g, rows);
}
