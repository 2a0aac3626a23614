#include "core/cycle.h"

#include <string.h>

static const struct {
	const char *name, *zh;
	bool edit, report, review;
} phases[PHASE_COUNT] = {
	[PHASE_PLANNING] = {"planning", "明责部署", true, false, false},
	[PHASE_RUNNING] = {"running", "督责推进", true, true, true},
	[PHASE_ASSESSING] = {"assessing", "考责评估", false, false, true},
	[PHASE_PUBLICISING] = {"publicising", "结果公示", false, false, false},
	[PHASE_CLOSED] = {"closed", "已归档", false, false, false},
};

int phase_from(const char *name)
{
	for (int i = 0; name && i < PHASE_COUNT; i++)
		if (strcmp(phases[i].name, name) == 0)
			return i;
	return -1;
}

const char *phase_name(enum phase p) { return (unsigned)p < PHASE_COUNT ? phases[p].name : "?"; }
const char *phase_name_zh(enum phase p) { return (unsigned)p < PHASE_COUNT ? phases[p].zh : "?"; }

bool phase_allows(enum phase p, enum cycle_action a)
{
	if ((unsigned)p >= PHASE_COUNT)
		return false;
	switch (a) {
	case CYCLE_EDIT_ITEMS: return phases[p].edit;
	case CYCLE_REPORT: return phases[p].report;
	case CYCLE_REVIEW: return phases[p].review;
	}
	return false;
}

bool phase_can_move(enum phase from, enum phase to, bool *needs_reason)
{
	*needs_reason = false;
	if ((unsigned)from >= PHASE_COUNT || (unsigned)to >= PHASE_COUNT)
		return false;
	if (to == from + 1)
		return true;
	if (to + 1 == from) {
		*needs_reason = true;
		return true;
	}
	return false;
}
