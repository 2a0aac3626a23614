/* audit verify | head — the audit chain from the command line. */
#include <stdio.h>

#include "cli/cli.h"
#include "store/audit.h"

int cli_audit(const struct cli_args *a)
{
	struct store *st;
	int rc = cli_open(a->db, &st);
	if (rc)
		return rc;
	struct audit_check c;
	enum lderr e = store_audit_verify(st, a->head_seq, a->head_hash, &c);
	if (e) {
		fprintf(stderr, "audit: cannot read the audit log of %s (%s)\n", a->db, lderr_code(e));
		rc = 1;
	} else if (a->cmd == CMD_AUDIT_HEAD) {
		printf("%lld:%s\n", c.head_seq, c.head_hash);
		if (c.broken)
			fprintf(stderr, "audit: warning: the chain is broken at record %lld: %s\n", c.broken, c.why);
	} else if (c.broken) {
		fprintf(stderr, "audit verify: BROKEN at record %lld: %s\n", c.broken, c.why);
		rc = 1;
	} else {
		printf("audit verify: %lld records, chain intact; head %lld:%s\n", c.checked, c.head_seq, c.head_hash);
	}
	store_close(st);
	return rc;
}
