/* args — the command line of `liandong`, parsed into one validated struct.
 *
 * main.c and this file are the only readers of argv. Each subcommand accepts its own
 * options (--name VALUE, --name=VALUE, or a --flag); anything else is a usage error naming
 * the option. */
#ifndef LD_ARGS_H
#define LD_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

enum cli_cmd {
	CMD_NONE,
	CMD_VERSION,
	CMD_INIT,
	CMD_IMPORT_REGIONS,
	CMD_IMPORT_HOLIDAYS,
	CMD_DEMO,
	CMD_USER_ADD,
	CMD_USER_LIST,
	CMD_USER_PASSWD,
	CMD_USER_DISABLE,
	CMD_USER_ENABLE,
	CMD_USER_GRANT,
	CMD_USER_REVOKE,
	CMD_SERVE,
	CMD_JOBS_RUN,
	CMD_AUDIT_VERIFY,
	CMD_AUDIT_HEAD,
	CMD_BACKUP,
	CMD_RESTORE,
	CMD_ROUTES,
	CMD_MIGRATE_DATA,
	CMD_GROUP_IMPORT, /* `liandong import --help` */
	CMD_GROUP_USER,   /* `liandong user --help` */
};

enum demo_scale { SCALE_SMALL, SCALE_PROVINCE, SCALE_NATIONAL };

struct cli_args {
	enum cli_cmd cmd;
	bool help;             /* --help: print the command's help and exit 0 */
	const char *db;
	const char *from;
	const char *data_dir;
	const char *username;
	const char *display_name;
	const char *role;
	const char *scope;     /* a unit code, or a unit's exact name */
	const char *sector;
	char province[3];      /* two digits, "" for all */
	enum demo_scale scale;
	long long seed;
	bool password_stdin;
	char today[11];        /* jobs run --today, demo --today */
	long long head_seq;    /* audit verify --head SEQ:HASH */
	char head_hash[65];
	const char *audit_hash; /* init --audit-hash sm3|sha256 */
	const char *to;         /* backup --to; migrate-data --to (a PostgreSQL URL) */
	bool force;             /* restore --force */
	bool sample;            /* demo --sample: a running cycle with items, reports and lights */
	int volume;             /* demo --volume K: items, reports and accounts per unit × K (1) */
	struct config serve;
};

/* Parses argv. Returns 0 and fills out, or -1 with a one-line message in err (for the user:
 * it names the option or the subcommand). */
int args_parse(int argc, char *const argv[], struct cli_args *out, char *err, size_t errlen);

/* The help text of the command (the overview for CMD_NONE). Static storage. */
const char *args_help(enum cli_cmd cmd);

#endif
