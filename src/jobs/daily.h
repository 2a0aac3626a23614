/* daily — the supervision job of a day: recompute every light (the date moved on), send the
 * reminders that fall due, escalate items red for too long, snapshot the counts for trends,
 * and queue webhook deliveries. Idempotent: reminders are unique per person, reason and
 * day, escalations per item and target, snapshots per unit and day; running it twice on a
 * day changes nothing the second time. */
#ifndef LD_DAILY_H
#define LD_DAILY_H

#include <stdbool.h>

#include "core/err.h"
#include "store/store.h"

struct daily_result {
	long long items, reminders, escalations;
	bool skipped; /* the day had already been run (only without force) */
};

/* Runs the job for `day` (the store's clock should say that day). Without force, a day that
 * already finished is skipped. */
enum lderr daily_run(struct store *st, const char *day, const char *worker, bool force, struct daily_result *out);

#endif
