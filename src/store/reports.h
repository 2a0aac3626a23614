/* reports — progress reports on items (进展填报) and the files attached to them. */
#ifndef LD_STORE_REPORTS_H
#define LD_STORE_REPORTS_H

#include "core/err.h"
#include "core/scope.h"
#include "store/store.h"
#include "util/arena.h"

struct report {
	long long id, item_id;
	const char *period, *text;
	double progress;
	const char *state, *return_reason;
	const char *author, *submitted_at, *reviewer, *reviewed_at;
	const char *created_at;
	/* for review queues */
	const char *item_title, *unit_name, *unit_path;
};

struct attachment {
	long long id, report_id, size;
	const char *sha256, *mime, *name;
	long long notice_id;
};

typedef int (*report_fn)(void *ctx, const struct report *r);
typedef int (*attachment_fn)(void *ctx, const struct attachment *a);

enum lderr store_report_get(struct store *st, struct arena *a, long long id, struct report *out);
/* The reports of an item, newest period first. Their item's title, unit name and unit path
 * are the ones given: the caller has read the item. */
enum lderr store_report_list(struct store *st, long long item_id, const char *item_title, const char *unit_name,
                             const char *unit_path, report_fn fn, void *ctx);
/* Submitted reports on items within the scope's subtrees for roles, oldest first. */
enum lderr store_report_queue(struct store *st, const struct scope *sc, unsigned roles, long long offset,
                              long long limit, report_fn fn, void *ctx, long long *total);
/* LD_CONFLICT when the item already has a report for the period. now (store_now_iso) is its
 * creation time, and its submission's when submit. */
enum lderr store_report_insert(struct store *st, long long item_id, const char *period, const char *text,
                               double progress, long long author, bool submit, const char *now, long long *id);
/* NULL text / negative progress keep the field. */
enum lderr store_report_edit(struct store *st, long long id, const char *text, double progress);
/* Moves the state; stamps submitted_at, or the reviewer and reviewed_at. */
enum lderr store_report_set_state(struct store *st, long long id, const char *state, long long reviewer,
                                  const char *reason);

enum lderr store_attachments(struct store *st, long long report_id, attachment_fn fn, void *ctx);
/* The attachments of all of an item's reports, by report then upload: one statement for a
 * timeline instead of one per report. */
enum lderr store_item_attachments(struct store *st, long long item_id, attachment_fn fn, void *ctx);
/* The attachments of n reports (at most 200), by report then upload, in one statement. */
enum lderr store_reports_attachments(struct store *st, const long long *report_ids, int n, attachment_fn fn, void *ctx);
enum lderr store_attachment_get(struct store *st, struct arena *a, long long id, struct attachment *out);
enum lderr store_attachment_insert(struct store *st, long long report_id, const char *sha256, long long size,
                                   const char *mime, const char *name, long long user, long long *id);
enum lderr store_notice_attachments(struct store *st, long long notice_id, attachment_fn fn, void *ctx);
enum lderr store_notice_attachment_insert(struct store *st, long long notice_id, const char *sha256, long long size,
                                          const char *mime, const char *name, long long user, long long *id);
enum lderr store_attachment_delete(struct store *st, long long report_id, long long id);

#endif
