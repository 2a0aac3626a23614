/* user add|list|passwd|disable|enable|grant|revoke — accounts from the command line, for the
 * first administrator and for scripts. Passwords come from standard input, never argv. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/password.h"
#include "core/region.h"
#include "core/roles.h"
#include "store/units.h"
#include "store/users.h"
#include "util/arena.h"
#include "util/secret.h"

struct match {
	struct arena *a;
	const char *name;
	long long id;
	int n;
	char paths[512];
};

static int exact_fn(void *ctx, const struct unit *u)
{
	struct match *m = ctx;
	if (strcmp(u->name, m->name) != 0)
		return 0;
	m->id = u->id;
	m->n++;
	size_t used = strlen(m->paths);
	snprintf(m->paths + used, sizeof(m->paths) - used, "%s#%lld", used ? ", " : "", u->id);
	return 0;
}

/* The unit named by --scope: a code (370102, 3701, 37) or an exact, unambiguous name. */
static int resolve_scope(struct store *st, const char *scope, long long *id)
{
	char six[7];
	if (region_normalise(scope, six) != REGION_NONE && store_unit_id_by_code(st, six, id) == LD_OK)
		return 0;
	if (store_unit_id_by_code(st, scope, id) == LD_OK)
		return 0;
	struct match m = {.name = scope};
	if (store_unit_search(st, scope, exact_fn, &m) != LD_OK)
		return 1;
	if (m.n == 1) {
		*id = m.id;
		return 0;
	}
	if (m.n == 0)
		fprintf(stderr, "--scope: no unit has the code or name '%s'\n", scope);
	else
		fprintf(stderr, "--scope: %d units are named '%s' (%s); give a code instead\n", m.n, scope, m.paths);
	return 1;
}

/* Reads the first line of standard input as a password and checks the policy. */
static int read_password(const char *username, char *out, size_t outlen)
{
	if (!fgets(out, (int)outlen, stdin)) {
		fprintf(stderr, "--password-stdin: no password on standard input\n");
		return 1;
	}
	out[strcspn(out, "\r\n")] = '\0';
	const char *why = password_check(out, username);
	if (why) {
		fprintf(stderr, "--password-stdin: %s\n", why);
		return 1;
	}
	return 0;
}

static int audit(struct store *st, const char *action, long long user_id, const char *after)
{
	struct audit_actor who;
	cli_actor(&who);
	char id[32];
	snprintf(id, sizeof(id), "%lld", user_id);
	struct audit_entry e = {.action = action, .entity = "user", .entity_id = id, .after = after};
	return store_audit(st, &who, &e) == LD_OK ? 0 : 1;
}

static int grant(struct store *st, struct arena *ar, const struct cli_args *a, const struct user *u, bool add)
{
	int role = role_from_code(a->role);
	long long unit, gid;
	if (role < 0) {
		fprintf(stderr, "--role: '%s' is not a role (filler unit_leader supervisor reviewer office leader "
		                "sysadmin secadmin auditor)\n", a->role);
		return 2;
	}
	if (resolve_scope(st, a->scope, &unit))
		return 1;
	struct grant *g;
	int n;
	if (store_grants_of(st, ar, u->id, &g, &n) != LD_OK)
		return 1;
	unsigned held = 0;
	gid = 0;
	for (int i = 0; i < n; i++) {
		held |= ROLE_BIT(g[i].g.role);
		if ((int)g[i].g.role == role && g[i].g.unit_id == unit && strcmp(g[i].g.sector, a->sector ? a->sector : "") == 0)
			gid = g[i].g.id;
	}
	char after[256];
	snprintf(after, sizeof(after), "{\"role\":\"%s\",\"unit_id\":%lld}", a->role, unit);
	if (add) {
		if (!role_compatible(held, (enum role)role)) {
			fprintf(stderr, "--role: %s cannot also be %s: the three administrators are held by different people\n",
			        u->username, a->role);
			return 1;
		}
		if (gid) {
			fprintf(stderr, "%s already holds %s there\n", u->username, a->role);
			return 1;
		}
		if (store_grant_insert(st, u->id, a->role, unit, a->sector, &gid) != LD_OK ||
		    audit(st, "grant.create", u->id, after))
			return 1;
	} else {
		if (!gid) {
			fprintf(stderr, "%s holds no such grant\n", u->username);
			return 1;
		}
		if (store_grant_delete(st, u->id, gid) != LD_OK || audit(st, "grant.delete", u->id, after))
			return 1;
	}
	return 0;
}

static int list_fn(void *ctx, const struct user *u)
{
	struct store *st = ctx;
	struct arena a;
	arena_init(&a, 1u << 20);
	struct grant *g;
	int n = 0;
	printf("%-6lld %-16s %-8s %s:", u->id, u->username, u->disabled ? "disabled" : "active", u->display_name);
	if (store_grants_of(st, &a, u->id, &g, &n) == LD_OK)
		for (int i = 0; i < n; i++)
			printf(" %s@%s%s%s", role_code(g[i].g.role), g[i].unit_name, *g[i].g.sector ? "/" : "",
			       g[i].g.sector);
	printf("\n");
	arena_fini(&a);
	return 0;
}

static int add_user(struct store *st, const struct cli_args *a, struct arena *ar)
{
	char password[PASSWORD_MAX_BYTES + 2], hash[SECRET_HASH_MAX];
	long long unit, id;
	if (role_from_code(a->role) < 0) {
		fprintf(stderr, "--role: '%s' is not a role\n", a->role);
		return 2;
	}
	if (resolve_scope(st, a->scope, &unit) || read_password(a->username, password, sizeof(password)))
		return 1;
	if (!secret_hash_password(password, hash))
		return 1;
	struct user existing;
	if (store_user_by_name(st, ar, a->username, &existing) == LD_OK) {
		fprintf(stderr, "--username: '%s' is taken\n", a->username);
		return 1;
	}
	const char *display = a->display_name ? a->display_name : a->username;
	if (store_user_insert(st, a->username, display, unit, hash, &id) != LD_OK)
		return 1;
	struct user u = {.id = id, .username = a->username};
	int rc = grant(st, ar, a, &u, true);
	if (!rc)
		rc = audit(st, "user.create", id, NULL);
	if (!rc)
		printf("created %s (#%lld) as %s\n", a->username, id, a->role);
	return rc;
}

int cli_user(const struct cli_args *a)
{
	struct store *st;
	int rc = cli_open(a->db, &st);
	if (rc)
		return rc;
	struct arena ar;
	arena_init(&ar, 1u << 24);
	if (a->cmd == CMD_USER_LIST) {
		rc = store_user_list(st, NULL, list_fn, st) == LD_OK ? 0 : 1;
		goto out;
	}
	if (store_begin(st) != LD_OK) {
		rc = 1;
		goto out;
	}
	if (a->cmd == CMD_USER_ADD) {
		rc = add_user(st, a, &ar);
	} else {
		struct user u;
		if (store_user_by_name(st, &ar, a->username, &u) != LD_OK) {
			fprintf(stderr, "--username: no user '%s'\n", a->username);
			rc = 1;
		} else if (a->cmd == CMD_USER_PASSWD) {
			char password[PASSWORD_MAX_BYTES + 2], hash[SECRET_HASH_MAX];
			rc = read_password(u.username, password, sizeof(password));
			if (!rc)
				rc = !secret_hash_password(password, hash) || store_user_set_password(st, u.id, hash) ||
				     store_session_delete_user(st, u.id) || audit(st, "user.password", u.id, NULL);
		} else if (a->cmd == CMD_USER_DISABLE || a->cmd == CMD_USER_ENABLE) {
			bool off = a->cmd == CMD_USER_DISABLE;
			rc = store_user_update(st, u.id, NULL, off) || (off && store_session_delete_user(st, u.id)) ||
			     audit(st, off ? "user.disable" : "user.enable", u.id, NULL);
		} else {
			rc = grant(st, &ar, a, &u, a->cmd == CMD_USER_GRANT);
		}
	}
	if (!rc && store_commit(st) != LD_OK)
		rc = 1;
	if (rc)
		store_rollback(st);
	else if (a->cmd != CMD_USER_ADD)
		printf("done\n");
out:
	arena_fini(&ar);
	store_close(st);
	return rc;
}
