/* What the assessment endpoints share. */
#ifndef LD_API_ASSESS_H
#define LD_API_ASSESS_H

#include "api/api.h"
#include "store/assess.h"
#include "store/cycles.h"

/* The cycle, if it exists; with editable, LD_PHASE once its results are published. */
enum lderr api_assess_cycle(struct req *r, long long cycle_id, bool editable, struct cycle *out);
/* The cycle's indicators (depth first) in the arena. */
enum lderr api_indicator_tree(struct req *r, long long cycle_id, struct indicator **out, int *n);
/* The level (1–3) of all[k]. */
int api_indicator_level(const struct indicator *all, int n, int k);

#endif
