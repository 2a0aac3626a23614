/* rollup — how progress climbs the responsibility chain.
 *
 * An item without children reports its own progress (0–100, moved only by approved reports;
 * 100 once it is marked done). An item that was decomposed shows the weighted mean of its
 * children's rolled-up progress: cancelled children are left out, children not yet adopted
 * by their unit count as 0, weights are the children's weights. When every child is
 * cancelled, the item falls back to its own progress. A cancelled item has no progress to
 * give, but keeps its numbers for the record. */
#ifndef LD_ROLLUP_H
#define LD_ROLLUP_H

#include <stdbool.h>

enum item_state { ITEM_ACTIVE, ITEM_DONE, ITEM_CANCELLED };

struct rollup_child {
	double weight;
	double rollup;    /* the child's own rolled-up progress */
	enum item_state state;
	bool adopted;
};

/* The rolled-up progress of an item with own progress `own` and state `state`, given its
 * children (n may be 0). Rounded to two decimals so stored values compare exactly. */
double rollup_progress(double own, enum item_state state, const struct rollup_child *children, int n);

/* "active", "done", "cancelled" ↔ the enum; -1 for an unknown name. */
int item_state_from(const char *s);
const char *item_state_name(enum item_state s);

#endif
