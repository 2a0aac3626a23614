/* cycle — the phases of a year's cycle and what each lets change.
 *
 * planning → running → assessing → publicising → closed. A cycle moves forward one phase at
 * a time; it may step back one phase with a reason (say, to reopen reporting), never jump. */
#ifndef LD_CYCLE_H
#define LD_CYCLE_H

#include <stdbool.h>

enum phase { PHASE_PLANNING, PHASE_RUNNING, PHASE_ASSESSING, PHASE_PUBLICISING, PHASE_CLOSED, PHASE_COUNT };

enum cycle_action {
	CYCLE_EDIT_ITEMS,     /* create, edit, decompose, adopt, import items */
	CYCLE_REPORT,         /* write and submit progress reports */
	CYCLE_REVIEW,         /* approve or return submitted reports */
};

int phase_from(const char *name);   /* -1 when unknown */
const char *phase_name(enum phase p);
const char *phase_name_zh(enum phase p);

/* Whether phase p allows action a. */
bool phase_allows(enum phase p, enum cycle_action a);

/* Whether a cycle in `from` may move to `to`; *needs_reason is set for a step back. */
bool phase_can_move(enum phase from, enum phase to, bool *needs_reason);

#endif
