/* supervision — supervision notices (督办单), inspections (督查) with their rectification
 * items, escalations (升级督办), and the record of the daily job's runs. */
#ifndef LD_STORE_SUPERVISION_H
#define LD_STORE_SUPERVISION_H

#include <stdbool.h>

#include "core/err.h"
#include "core/scope.h"
#include "store/store.h"
#include "util/arena.h"

struct notice {
	long long id, cycle_id, issuer_id, issuer_unit_id, target_unit_id;
	const char *issuer, *issuer_unit_name, *target_unit_name, *target_path, *title, *body, *due_date, *state;
	const char *response, *responder, *responded_at, *closed_at, *created_at;
};

enum lderr store_notice_insert(struct store *st, long long cycle_id, long long issuer, long long issuer_unit,
                               long long target_unit, const char *title, const char *body, const char *due,
                               const long long *items, int nitems, long long *id);
enum lderr store_notice_get(struct store *st, struct arena *a, long long id, struct notice *out);
/* Notices whose target lies in the scope's subtrees for roles, or issued by issuer (0: not by
 * issuer); state NULL for all; newest first. */
enum lderr store_notice_list(struct store *st, const struct scope *sc, unsigned roles, long long issuer,
                             const char *state, bool received_only, bool issued_only, long long offset, long long limit,
                             int (*fn)(void *ctx, const struct notice *n), void *ctx, long long *total);
enum lderr store_notice_items(struct store *st, long long id, int (*fn)(void *ctx, long long item_id), void *ctx);
/* Moves the state; responded stores the response and responder. */
enum lderr store_notice_set(struct store *st, long long id, const char *state, const char *response,
                            long long responder);

struct inspection {
	long long id, cycle_id, unit_id, created_by;
	const char *unit_name, *unit_path, *day, *inspectors, *summary, *creator, *created_at;
};
enum lderr store_inspection_insert(struct store *st, long long cycle_id, long long unit_id, const char *day,
                                   const char *inspectors, const char *summary, long long user, long long *id);
enum lderr store_inspection_get(struct store *st, struct arena *a, long long id, struct inspection *out);
enum lderr store_inspection_list(struct store *st, long long cycle_id, const struct scope *sc, unsigned roles,
                                 long long offset, long long limit,
                                 int (*fn)(void *ctx, const struct inspection *i), void *ctx, long long *total);
enum lderr store_item_set_inspection(struct store *st, long long item_id, long long inspection_id);
/* Records an inspector's verification of a rectification item (approved or not). */
enum lderr store_item_verify(struct store *st, long long item_id, long long user, const char *opinion, bool approved);

struct escalation {
	long long id, item_id, to_unit_id;
	const char *to_unit_name, *reason, *created_at;
};
/* Adds an escalation once per item and target unit; *added is 1 when new. */
enum lderr store_escalation_add(struct store *st, long long item_id, long long to_unit, const char *reason,
                                int *added);
enum lderr store_escalation_list(struct store *st, long long cycle_id, const struct scope *sc, unsigned roles,
                                 long long offset, long long limit,
                                 int (*fn)(void *ctx, const struct escalation *e), void *ctx, long long *total);

/* The daily job's record: started (false when that day already finished) and finished. */
enum lderr store_job_start(struct store *st, const char *day, const char *worker, bool *started);
enum lderr store_job_finish(struct store *st, const char *day, long long items, long long reminders,
                            long long escalations);
enum lderr store_job_list(struct store *st, int limit,
                          int (*fn)(void *ctx, const char *day, const char *started, const char *finished,
                                    long long items, long long reminders, long long escalations),
                          void *ctx);

#endif
