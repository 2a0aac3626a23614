#include "core/light.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

const char *light_name(enum light l)
{
	switch (l) {
	case LIGHT_GREEN: return "green";
	case LIGHT_YELLOW: return "yellow";
	case LIGHT_RED: return "red";
	default: return NULL;
	}
}

int light_from(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "green") == 0)
		return LIGHT_GREEN;
	if (strcmp(name, "yellow") == 0)
		return LIGHT_YELLOW;
	if (strcmp(name, "red") == 0)
		return LIGHT_RED;
	return -1;
}

void light_compute(const struct light_rule *rule, const struct calendar *cal, long today,
                   const struct light_input *in, struct light_result *out)
{
	memset(out, 0, sizeof(*out));
	if (in->state == ITEM_CANCELLED) {
		out->light = LIGHT_NONE;
		return;
	}
	if (in->state == ITEM_DONE) {
		out->light = LIGHT_GREEN;
		snprintf(out->reason, sizeof(out->reason), "已完成");
		return;
	}
	long due = date_days(in->due);
	if (today > due) {
		out->light = LIGHT_RED;
		out->overdue_days = (int)(today - due);
		snprintf(out->reason, sizeof(out->reason), "逾期 %d 天", out->overdue_days);
		return;
	}
	int left = calendar_workdays_after(cal, today, due, rule->due_soon_workdays, &out->calendar_warning);
	if (left <= rule->due_soon_workdays) {
		out->light = LIGHT_YELLOW;
		if (today == due)
			snprintf(out->reason, sizeof(out->reason), "今日到期");
		else
			snprintf(out->reason, sizeof(out->reason), "距截止 %d 个工作日", left);
	} else if (in->start && *in->start) {
		long start = date_days(in->start);
		if (today > start && due > start) {
			double expected = (double)(today - start) / (double)(due - start) * 100.0;
			if (in->progress < expected - rule->tolerance) {
				out->light = LIGHT_YELLOW;
				snprintf(out->reason, sizeof(out->reason), "进度 %.0f%%，应达 %.0f%%", floor(in->progress + 0.5),
				         floor(expected + 0.5));
			}
		}
	}
	if (out->light == LIGHT_NONE) {
		out->light = LIGHT_GREEN;
		snprintf(out->reason, sizeof(out->reason), "正常推进");
	}
	if (in->worst_child > out->light) {
		out->light = in->worst_child;
		snprintf(out->reason, sizeof(out->reason), "下级事项亮%s灯：%s", in->worst_child == LIGHT_RED ? "红" : "黄",
		         in->worst_child_unit ? in->worst_child_unit : "");
	}
}
