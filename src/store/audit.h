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

/* Appends one record to the chain. Call inside the transaction of the change; for a failure,
 * after the rollback (it then runs in a transaction of its own, so two writers never chain
 * onto the same record). */
enum lderr store_audit(struct store *st, const struct audit_actor *who, const struct audit_entry *e);

/* The chain's hash algorithm: "sm3" or "sha256". The first call on a new database records
 * prefer (or SM3 when prefer is NULL and OpenSSL has it, else SHA-256); later calls return
 * what was recorded. */
enum lderr store_audit_algorithm(struct store *st, const char *prefer, char out[8]);
/* Gives records written before the chain existed their hashes (run by store_migrate). */
enum lderr store_audit_backfill(struct store *st);

struct audit_check {
	long long checked;   /* records walked */
	long long broken;    /* the first broken record's seq, 0 when none */
	char why[256];       /* what is wrong with it */
	long long head_seq;  /* the last record */
	char head_hash[65];
};
/* Walks the whole chain. With head_seq > 0, also checks that record head_seq still has
 * head_hash (the log extends a head written down earlier). */
enum lderr store_audit_verify(struct store *st, long long head_seq, const char *head_hash, struct audit_check *out);

/* One record as read back. */
struct audit_row {
	long long seq;
	const char *at, *actor, *client, *action, *entity, *entity_id, *outcome, *before, *after;
};

/* The successful records about an item and its reports, oldest first. */
enum lderr store_audit_item_timeline(struct store *st, long long item_id,
                                     int (*fn)(void *ctx, const struct audit_row *a), void *ctx);

/* Records matching the filters (NULL: any), newest first, a page of them; *total counts all. */
struct audit_filter {
	const char *actor, *action, *entity, *entity_id, *from, *to, *outcome;
};
enum lderr store_audit_search(struct store *st, const struct audit_filter *f, long long offset, long long limit,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx, long long *total);

/* How many records of action the user wrote since the ISO time (for rate limits). */
enum lderr store_audit_recent(struct store *st, const char *action, long long actor_id, const char *since, long long *n);

/* The successful records about one entity, oldest first. */
enum lderr store_audit_entity(struct store *st, const char *entity, long long id,
                              int (*fn)(void *ctx, const struct audit_row *a), void *ctx);

#endif
