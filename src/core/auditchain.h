/* auditchain — the canonical encoding of an audit record, which its hash covers.
 *
 * Each field in a fixed order as a netstring, "<length>:<bytes>;", and "~;" for a NULL,
 * so no two different records encode alike however their text is made. A record's hash is
 * H(previous record's hash in hex ‖ its encoding), H being SM3 or SHA-256: editing,
 * deleting, inserting or reordering any record breaks every hash after it. */
#ifndef LD_AUDITCHAIN_H
#define LD_AUDITCHAIN_H

#include "util/buf.h"

struct audit_fields {
	long long seq;
	const char *at;
	long long actor_id;
	const char *actor, *client, *action, *entity, *entity_id, *outcome, *before, *after;
};

/* Appends prev_hash (the previous record's hash, "" for the first) and the encoding to out. */
void audit_canonical(const char *prev_hash, const struct audit_fields *f, struct buf *out);

#endif
