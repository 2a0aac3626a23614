/* audit — the audit log: every change of state, with who, when, from where, and the entity
 * before and after. Written in the same transaction as the change it records. */
#ifndef LD_STORE_AUDIT_H
#define LD_STORE_AUDIT_H

#include "core/err.h"
#include "store/store.h"

struct audit_actor {
	long long id;       /* 0 for the command line or an anonymous caller */
	const char *name;   /* username, or "cli:<os user>" */
	const char *client; /* the client's address, or "cli" */
};

struct audit_entry {
	const char *action;    /* e.g. "unit.create" */
	const char *entity;    /* e.g. "unit" */
	const char *entity_id; /* may be NULL */
	const char *before;    /* JSON text or NULL */
	const char *after;     /* JSON text or NULL */
	int failed;            /* recorded with outcome 'failed' */
};

/* Appends one record. Call inside the transaction of the change; for a failure, after the
 * rollback (it then commits on its own). */
enum lderr store_audit(struct store *st, const struct audit_actor *who, const struct audit_entry *e);

/* One record as read back. */
struct audit_row {
	long long seq;
	const char *at, *actor, *client, *action, *entity, *entity_id, *outcome, *before, *after;
};

/* The successful records about an item and its reports, oldest first. */
enum lderr store_audit_item_timeline(struct store *st, long long item_id,
                                     int (*fn)(void *ctx, const struct audit_row *a), void *ctx);

/* The successful records about one entity, oldest first. */
enum lderr store_audit_entity(struct store *st, const char *entity, long long id,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx);

#endif
