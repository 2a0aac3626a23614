/* backup, restore — an online copy of the database, checked before it is trusted. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/audit.h"

/* Opens path read-only and checks its integrity and audit chain. 0 when sound. */
static int check_copy(const char *path)
{
	struct store *st;
	struct store_options opt = {.readonly = true};
	if (store_open(path, &opt, &st) != LD_OK)
		return 1;
	char why[512];
	struct audit_check c;
	int rc = 0;
	if (store_integrity(st, why, sizeof(why)) != LD_OK) {
		fprintf(stderr, "%s: integrity check failed: %s\n", path, why);
		rc = 1;
	} else if (store_audit_verify(st, 0, NULL, &c) != LD_OK || c.broken) {
		fprintf(stderr, "%s: the audit chain is broken at record %lld: %s\n", path, c.broken, c.why);
		rc = 1;
	} else {
		printf("%s: integrity ok, audit chain intact (%lld records, head %lld:%s)\n", path, c.checked, c.head_seq,
		       c.head_hash);
	}
	store_close(st);
	return rc;
}

int cli_backup(const struct cli_args *a)
{
	if (access(a->to, F_OK) == 0) {
		fprintf(stderr, "backup: %s exists; choose a new file\n", a->to);
		return 1;
	}
	struct store *st;
	int rc = cli_open(a->db, &st);
	if (rc)
		return rc;
	enum lderr e = store_backup(st, a->to);
	store_close(st);
	if (e) {
		unlink(a->to);
		return 1;
	}
	return check_copy(a->to);
}

int cli_restore(const struct cli_args *a)
{
	if (check_copy(a->from))
		return 1;
	if (access(a->db, F_OK) == 0 && !a->force) {
		fprintf(stderr, "restore: %s exists; stop the server and add --force to replace it\n", a->db);
		return 1;
	}
	/* copy into a new file beside the target, then rename over it: never half a database */
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s.restore-%ld", a->db, (long)getpid());
	struct store *from;
	struct store_options opt = {.readonly = true};
	if (store_open(a->from, &opt, &from) != LD_OK)
		return 1;
	enum lderr e = store_backup(from, tmp);
	store_close(from);
	if (e) {
		unlink(tmp);
		return 1;
	}
	char side[PATH_MAX + 8];
	snprintf(side, sizeof(side), "%s-wal", a->db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", a->db);
	unlink(side);
	if (rename(tmp, a->db) < 0) {
		fprintf(stderr, "restore: cannot put the copy in place: %s\n", strerror(errno));
		unlink(tmp);
		return 1;
	}
	printf("restored %s from %s\n", a->db, a->from);
	return check_copy(a->db);
}
