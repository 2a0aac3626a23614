#include "core/rollup.h"

#include <math.h>
#include <string.h>

static double round2(double v)
{
	return round(v * 100.0) / 100.0;
}

double rollup_progress(double own, enum item_state state, const struct rollup_child *children, int n)
{
	if (state == ITEM_DONE)
		return 100.0;
	double sum = 0, weights = 0;
	for (int i = 0; i < n; i++) {
		const struct rollup_child *c = &children[i];
		if (c->state == ITEM_CANCELLED || c->weight <= 0)
			continue;
		double p = !c->adopted ? 0.0 : c->state == ITEM_DONE ? 100.0 : c->rollup;
		sum += c->weight * p;
		weights += c->weight;
	}
	if (weights == 0)
		return round2(own);
	double v = sum / weights;
	return round2(v < 0 ? 0 : v > 100 ? 100 : v);
}

int item_state_from(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "active") == 0)
		return ITEM_ACTIVE;
	if (strcmp(s, "done") == 0)
		return ITEM_DONE;
	if (strcmp(s, "cancelled") == 0)
		return ITEM_CANCELLED;
	return -1;
}

const char *item_state_name(enum item_state s)
{
	switch (s) {
	case ITEM_DONE: return "done";
	case ITEM_CANCELLED: return "cancelled";
	default: return "active";
	}
}
