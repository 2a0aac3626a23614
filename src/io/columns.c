#include "io/columns.h"

#include <string.h>

const struct column_def columns[COL_COUNT] = {
	[COL_PROJECT] = {"工作项目", "project", true, 18, "事项所属的工作项目，如“营商环境优化”"},
	[COL_CATEGORY] = {"类别", "category", true, 12, "从下拉列表选择，或填写其他类别"},
	[COL_TITLE] = {"事项名称", "title", true, 36, "清单事项的名称；同一单位、同一工作项目下不重复"},
	[COL_UNIT] = {"责任单位", "unit", true, 28, "单位全称或简称（如“历下区发展和改革局”或“区发改局”），须在您的权限范围内"},
	[COL_PERSON] = {"责任人", "responsible_person", true, 10, "责任人姓名"},
	[COL_LEADER] = {"分管领导", "lead_leader", false, 10, "分管领导姓名"},
	[COL_START] = {"开始日期", "start_date", false, 12, "日期，如 2025-03-31、2025/3/31 或 2025年3月31日"},
	[COL_DUE] = {"完成时限", "due_date", true, 12, "日期，不早于开始日期"},
	[COL_TARGET] = {"目标任务", "target_text", false, 30, "可衡量的目标描述"},
	[COL_TARGET_VALUE] = {"目标值", "target_value", false, 10, "数字，可空"},
	[COL_TARGET_UNIT] = {"计量单位", "target_unit", false, 10, "目标值的单位，如“个”“%”“亿元”"},
	[COL_EVIDENCE] = {"佐证材料要求", "evidence_required", false, 24, "填报进展时须上传的佐证材料"},
	[COL_WEIGHT] = {"权重", "weight", false, 8, "大于 0、不超过 100 的数字，默认 1"},
	[COL_DESCRIPTION] = {"事项说明", "description", false, 30, "补充说明"},
};

const char *const export_only_headers[] = {"编号", "上级事项编号", "进度(%)", "汇总进度(%)", "状态", "亮灯", NULL};

const char *const default_categories[] = {"重点任务", "常规任务", "改革任务", "民生实事", "整改任务", NULL};

/* Compares header with name, ignoring surrounding spaces and a trailing "*" (required mark). */
static bool same(const char *header, const char *name)
{
	while (*header == ' ')
		header++;
	size_t n = strlen(name);
	if (strncmp(header, name, n) != 0)
		return false;
	const char *rest = header + n;
	while (*rest == ' ' || *rest == '*')
		rest++;
	return *rest == '\0';
}

int column_by_header(const char *header)
{
	for (int i = 0; header && i < COL_COUNT; i++)
		if (same(header, columns[i].header))
			return i;
	return -1;
}

bool column_export_only(const char *header)
{
	for (const char *const *h = export_only_headers; header && *h; h++)
		if (same(header, *h))
			return true;
	return false;
}
