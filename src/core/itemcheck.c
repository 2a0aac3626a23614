#include "core/itemcheck.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

static int add(struct item_problem *p, int n, const char *field, const char *fmt, const char *value)
{
	if (n >= ITEM_PROBLEM_MAX)
		return n;
	p[n].field = field;
	snprintf(p[n].message, sizeof(p[n].message), fmt, value ? value : "");
	return n + 1;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

int item_check(const struct item_input *in, struct item_clean *out, struct item_problem p[ITEM_PROBLEM_MAX])
{
	int n = 0;
	memset(out, 0, sizeof(*out));
	if (blank(in->project))
		n = add(p, n, "project", "工作项目不能为空", NULL);
	if (blank(in->category))
		n = add(p, n, "category", "类别不能为空", NULL);
	if (blank(in->title))
		n = add(p, n, "title", "事项名称不能为空", NULL);
	if (in->require_person && blank(in->responsible_person))
		n = add(p, n, "responsible_person", "责任人不能为空", NULL);
	bool start_ok = true;
	if (!blank(in->start_date) && !(start_ok = date_parse(in->start_date, out->start_date)))
		n = add(p, n, "start_date", "「%s」不是日期（可写 2025-03-31、2025/3/31 或 2025年3月31日）", in->start_date);
	if (blank(in->due_date))
		n = add(p, n, "due_date", "完成时限不能为空", NULL);
	else if (!date_parse(in->due_date, out->due_date))
		n = add(p, n, "due_date", "「%s」不是日期（可写 2025-03-31、2025/3/31 或 2025年3月31日）", in->due_date);
	else if (start_ok && out->start_date[0] && strcmp(out->due_date, out->start_date) < 0)
		n = add(p, n, "due_date", "完成时限早于开始日期 %s", out->start_date);
	out->weight = in->has_weight ? in->weight : 1.0;
	if (!(out->weight > 0 && out->weight <= 100))
		n = add(p, n, "weight", "权重应大于 0 且不超过 100", NULL);
	return n;
}
