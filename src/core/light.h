/* light — the traffic light of an item, a milestone or a notice (亮灯), with its reason.
 *
 * On day T: cancelled → none; done → green; past due → red ("逾期 N 天", calendar days);
 * due within the due-soon window of working days → yellow ("距截止 N 个工作日", "今日到期");
 * with a start date, progress below the expected share of elapsed time minus the tolerance
 * → yellow ("进度 P%，应达 E%"); otherwise green. A decomposed item is at least as bad as its
 * worst child. Every light carries its reason in words, and whether the calendar lacked the
 * year's holidays. */
#ifndef LD_LIGHT_H
#define LD_LIGHT_H

#include <stdbool.h>

#include "core/calendar.h"
#include "core/rollup.h"

enum light { LIGHT_NONE, LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED };

struct light_rule {
	int due_soon_workdays; /* the yellow window before the due date, in working days */
	double tolerance;      /* percentage points of progress behind schedule tolerated */
};

struct light_input {
	enum item_state state;
	const char *start;       /* "YYYY-MM-DD" or NULL */
	const char *due;         /* "YYYY-MM-DD" */
	double progress;         /* rolled-up progress, 0–100 */
	enum light worst_child;  /* LIGHT_NONE when it has none */
	const char *worst_child_unit;
};

struct light_result {
	enum light light;
	char reason[160];
	int overdue_days;        /* calendar days past due when red by date, else 0 */
	bool calendar_warning;
};

void light_compute(const struct light_rule *rule, const struct calendar *cal, long today,
                   const struct light_input *in, struct light_result *out);

/* "green", "yellow", "red", or NULL for none; and back (-1 for an unknown name). */
const char *light_name(enum light l);
int light_from(const char *name);

#endif
