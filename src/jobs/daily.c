#include "jobs/daily.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/roles.h"
#include "store/audit.h"
#include "store/cycles.h"
#include "store/items.h"
#include "store/lights.h"
#include "store/messages.h"
#include "store/squares.h"
#include "store/supervision.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/jw.h"

#define RESPONSIBLE (ROLE_BIT(ROLE_FILLER) | ROLE_BIT(ROLE_UNIT_LEADER))
#define SUPERVISING (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_SUPERVISOR) | ROLE_BIT(ROLE_UNIT_LEADER))

struct cycles {
	long long id[64];
	int n;
};

static int keep_open_cycle(void *ctx, const struct cycle *c)
{
	struct cycles *cs = ctx;
	if (cs->n < 64 && (strcmp(c->phase, "planning") == 0 || strcmp(c->phase, "running") == 0 ||
	                   strcmp(c->phase, "assessing") == 0))
		cs->id[cs->n++] = c->id;
	return 0;
}

/* The webhook's JSON body for a text: DingTalk and WeCom robots take the same text shape. */
static char *webhook_payload(const char *format, const char *text)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "msgtype", "text");
	jw_key(&w, "text");
	jw_obj(&w);
	jw_kstr(&w, "content", text);
	if (strcmp(format, "wecom") == 0) {
		jw_key(&w, "mentioned_list");
		jw_arr(&w);
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	if (strcmp(format, "dingtalk") == 0) {
		jw_key(&w, "at");
		jw_obj(&w);
		jw_kbool(&w, "isAtAll", false);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	return buf_steal(&b);
}

struct due_item {
	long long id, unit_id;
	char title[256], unit_name[128], due[11], red_since[11], light[8];
};

struct collect {
	struct due_item *items;
	int n, cap;
};

static int keep_item(void *ctx, const struct item *it)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 1024;
		struct due_item *bigger = realloc(c->items, sizeof(*bigger) * (size_t)cap);
		if (!bigger)
			return 1;
		c->items = bigger;
		c->cap = cap;
	}
	struct due_item *d = &c->items[c->n++];
	d->id = it->id;
	d->unit_id = it->unit_id;
	snprintf(d->title, sizeof(d->title), "%s", it->title);
	snprintf(d->unit_name, sizeof(d->unit_name), "%s", it->unit_name);
	snprintf(d->due, sizeof(d->due), "%s", it->due_date);
	snprintf(d->red_since, sizeof(d->red_since), "%s", it->red_since ? it->red_since : "");
	snprintf(d->light, sizeof(d->light), "%s", it->light ? it->light : "");
	return 0;
}

static enum lderr remind(struct store *st, const struct cycle_settings *cs, const struct due_item *d, const char *day,
                         const char *what, const char *reason, long long *count)
{
	char title[320], body[512], key[96];
	snprintf(title, sizeof(title), "催办：%s", d->title);
	snprintf(body, sizeof(body), "【链动催办】%s 的事项「%s」%s（完成时限 %s）。", d->unit_name, d->title, what, d->due);
	snprintf(key, sizeof(key), "remind:%lld:%s", d->id, reason);
	long long sent = 0;
	enum lderr e = store_message_to_unit(st, d->unit_id, RESPONSIBLE, false, "reminder", key, day, title, body, d->id,
	                                     0, &sent);
	if (e)
		return e;
	*count += sent;
	if (sent && cs->webhook_url[0]) {
		char *payload = webhook_payload(cs->webhook_format, body);
		if (!payload)
			return LD_NOMEM;
		e = store_delivery_add(st, cs->webhook_url, cs->webhook_format, payload, key, day);
		free(payload);
	}
	return e;
}

static enum lderr escalate(struct store *st, const struct due_item *d, long long to, const char *reason,
                           const char *day, long long *count)
{
	int added = 0;
	enum lderr e = store_escalation_add(st, d->id, to, reason, &added);
	if (e || !added)
		return e;
	(*count)++;
	struct audit_actor who = {0, "job:daily", "job"};
	char id[24], after[512];
	snprintf(id, sizeof(id), "%lld", d->id);
	snprintf(after, sizeof(after), "{\"to_unit_id\":%lld,\"reason\":\"%s\"}", to, reason);
	struct audit_entry ae = {"item.escalate", "item", id, NULL, after, 0};
	if ((e = store_audit(st, &who, &ae)))
		return e;
	char title[320], body[512], key[64];
	snprintf(title, sizeof(title), "升级督办：%s", d->title);
	snprintf(body, sizeof(body), "%s 的事项「%s」%s，已升级至本级督办。", d->unit_name, d->title, reason);
	snprintf(key, sizeof(key), "escalate:%lld:%lld", d->id, to);
	return store_message_to_unit(st, to, SUPERVISING, true, "escalation", key, day, title, body, d->id, 0, NULL);
}

/* The units an item red for too long is escalated to: the unit above its own, and the lead
 * of every square its unit belongs to. */
static enum lderr escalate_item(struct store *st, struct arena *a, const struct due_item *d, const char *reason,
                                const char *day, long long *count)
{
	struct unit u;
	enum lderr e = store_unit_get(st, a, d->unit_id, &u);
	if (e)
		return e;
	if (u.parent_id && (e = escalate(st, d, u.parent_id, reason, day, count)))
		return e;
	long long leads[16];
	int n = 0;
	if ((e = store_unit_square_leads(st, d->unit_id, leads, 16, &n)))
		return e;
	for (int i = 0; i < n; i++)
		if (leads[i] != d->unit_id && (e = escalate(st, d, leads[i], reason, day, count)))
			return e;
	return LD_OK;
}

static enum lderr run_cycle(struct store *st, long long cycle, const char *day, struct daily_result *out)
{
	struct cycle_settings cs;
	enum lderr e = store_cycle_settings(st, cycle, &cs);
	if (e)
		return e;
	long long n = 0;
	if ((e = store_begin(st)) || (e = store_lights_rebuild(st, cycle, &n)) || (e = store_commit(st)))
		return e;
	out->items += n;
	const struct calendar *cal = store_calendar(st);
	if (!cal)
		return LD_DB;
	struct cycle c;
	struct arena a;
	arena_init(&a, 1u << 26);
	if ((e = store_cycle_get(st, &a, cycle, &c))) {
		arena_fini(&a);
		return e;
	}
	bool running = strcmp(c.phase, "running") == 0;
	/* the active, undivided, adopted items of the cycle: reminders go to who reports on them */
	struct collect col = {0};
	struct item_filter f = {.cycle_id = cycle, .state = "active", .sort = "due_date"};
	struct scope everything = {&(struct scope_grant){0, ROLE_OFFICE, 0, "/", NULL}, 1};
	f.scope = &everything;
	f.roles = ROLE_BIT(ROLE_OFFICE);
	char horizon[11];
	long today = date_days(day);
	date_from_days(today + 60, horizon);
	f.due_to = horizon;
	long long total;
	if ((e = store_item_list(st, &f, 0, 10000000, keep_item, &col, &total)))
		goto out;
	if ((e = store_begin(st)))
		goto out;
	for (int i = 0; i < col.n && !e; i++) {
		const struct due_item *d = &col.items[i];
		long due = date_days(d->due);
		char what[64], reason[32];
		if (running && today < due) {
			int left = calendar_workdays_after(cal, today, due, cs.remind_before_workdays, NULL);
			if (left == cs.remind_before_workdays && calendar_is_workday(cal, today, NULL)) {
				snprintf(what, sizeof(what), "还有 %d 个工作日到期", left);
				snprintf(reason, sizeof(reason), "before:%d", left);
				e = remind(st, &cs, d, day, what, reason, &out->reminders);
			}
		} else if (running && today == due && cs.remind_on_due) {
			e = remind(st, &cs, d, day, "今日到期", "due", &out->reminders);
		} else if (running && today > due && cs.remind_overdue_every_days > 0 &&
		           (today - due) % cs.remind_overdue_every_days == 0) {
			snprintf(what, sizeof(what), "已逾期 %ld 天", today - due);
			snprintf(reason, sizeof(reason), "overdue:%ld", today - due);
			e = remind(st, &cs, d, day, what, reason, &out->reminders);
		}
		if (!e && strcmp(d->light, "red") == 0 && d->red_since[0]) {
			int days = calendar_workdays_after(cal, date_days(d->red_since), today, 1 << 30, NULL);
			if (days > cs.escalate_after_workdays) {
				char why[96];
				snprintf(why, sizeof(why), "红灯已持续 %d 个工作日", days);
				e = escalate_item(st, &a, d, why, day, &out->escalations);
			}
		}
	}
	if (!e)
		e = store_lights_snapshot(st, cycle, day);
	if (!e)
		e = store_commit(st);
	else
		store_rollback(st);
out:
	free(col.items);
	arena_fini(&a);
	return e;
}

enum lderr daily_run(struct store *st, const char *day, const char *worker, bool force, struct daily_result *out)
{
	memset(out, 0, sizeof(*out));
	bool started = false;
	enum lderr e = store_job_start(st, day, force ? "cli" : worker, &started);
	if (e)
		return e;
	if (!started && !force) {
		out->skipped = true;
		return LD_OK;
	}
	struct cycles cs = {.n = 0};
	if ((e = store_cycle_list(st, keep_open_cycle, &cs)))
		return e;
	for (int i = 0; i < cs.n && !e; i++)
		e = run_cycle(st, cs.id[i], day, out);
	if (e)
		return e;
	struct audit_actor who = {0, "job:daily", "job"};
	char after[160];
	snprintf(after, sizeof(after), "{\"day\":\"%s\",\"items\":%lld,\"reminders\":%lld,\"escalations\":%lld}", day,
	         out->items, out->reminders, out->escalations);
	struct audit_entry ae = {"job.daily", "job", day, NULL, after, 0};
	if ((e = store_begin(st)) || (e = store_audit(st, &who, &ae)) ||
	    (e = store_job_finish(st, day, out->items, out->reminders, out->escalations)) || (e = store_commit(st)))
		store_rollback(st);
	return e;
}
