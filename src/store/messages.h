/* messages — the in-app message centre (reminders, notices, escalations), and the deliveries
 * of reminders to outbound webhooks (DingTalk, WeCom robots) with their retries. */
#ifndef LD_STORE_MESSAGES_H
#define LD_STORE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "store/store.h"

struct message {
	long long id, item_id, notice_id;
	const char *kind, *title, *body, *created_at, *read_at;
};

/* Sends to every user holding one of roles through a grant whose subtree holds unit — on an
 * organ or division only, unless regions is true (a county office is not told of every
 * item in its county, but it is told of what is escalated to it). Once per user, reason and
 * day: *sent counts the new ones. */
enum lderr store_message_to_unit(struct store *st, long long unit_id, unsigned roles, bool regions, const char *kind,
                                 const char *reason_key, const char *day, const char *title, const char *body,
                                 long long item_id, long long notice_id, long long *sent);
/* The user's messages, newest first; *unread counts the unread ones. */
enum lderr store_message_list(struct store *st, long long user_id, bool unread_only, long long offset,
                              long long limit, int (*fn)(void *ctx, const struct message *m), void *ctx,
                              long long *total, long long *unread);
enum lderr store_message_read(struct store *st, long long user_id, long long id);
enum lderr store_message_read_all(struct store *st, long long user_id);
/* Whether a reason was already sent to anyone that day (for manual reminders). */
enum lderr store_message_sent(struct store *st, const char *reason_key, const char *day, bool *sent);

struct delivery {
	long long id, attempts, last_status;
	const char *url, *format, *payload, *status, *last_error, *updated_at;
};
/* Queues a webhook delivery once per url, reason and day. */
enum lderr store_delivery_add(struct store *st, const char *url, const char *format, const char *payload,
                              const char *reason_key, const char *day);
/* Claims the next pending delivery due by now (0 when none): several servers share the queue. */
enum lderr store_delivery_next(struct store *st, long long now, long long *id, char *url, size_t urllen,
                               char **payload);
/* Records an attempt: sent, or failed with the next try at next_at (0 gives up). */
enum lderr store_delivery_attempt(struct store *st, long long id, int http_status, const char *error, bool sent,
                                  long long next_at);
enum lderr store_delivery_attempts(struct store *st, long long id, long long *attempts);
enum lderr store_delivery_list(struct store *st, long long offset, long long limit,
                               int (*fn)(void *ctx, const struct delivery *d), void *ctx, long long *total);

#endif
