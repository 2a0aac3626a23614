/* liandong — the command: reads the arguments into one validated struct (cli/args.c), runs
 * the subcommand, and maps the result to the exit code (0 done, 1 failed, 2 bad usage). */
#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "util/secret.h"
#include "util/totp.h"

int main(int argc, char **argv)
{
	struct cli_args a;
	char err[512];
	if (args_parse(argc, argv, &a, err, sizeof(err)) < 0) {
		fprintf(stderr, "liandong: %s\n", err);
		if (a.help)
			fputs(args_help(a.cmd), stderr);
		return 2;
	}
	if (a.help) {
		fputs(args_help(a.cmd), stdout);
		return 0;
	}
	if (!secret_init() || !totp_init()) {
		fprintf(stderr, "liandong: libsodium could not be initialised\n");
		return 1;
	}
	switch (a.cmd) {
	case CMD_VERSION: printf("liandong %s\n", LD_VERSION); return 0;
	case CMD_INIT: return cli_init(&a);
	case CMD_IMPORT_REGIONS: return cli_import_regions(&a);
	case CMD_IMPORT_HOLIDAYS: return cli_import_holidays(&a);
	case CMD_DEMO: return cli_demo(&a);
	case CMD_SERVE: return cli_serve(&a);
	case CMD_JOBS_RUN: return cli_jobs_run(&a);
	case CMD_AUDIT_VERIFY:
	case CMD_AUDIT_HEAD: return cli_audit(&a);
	case CMD_BACKUP: return cli_backup(&a);
	case CMD_RESTORE: return cli_restore(&a);
	case CMD_ROUTES: return cli_routes(&a);
	case CMD_MIGRATE_DATA: return cli_migrate_data(&a);
	case CMD_USER_ADD:
	case CMD_USER_LIST:
	case CMD_USER_PASSWD:
	case CMD_USER_DISABLE:
	case CMD_USER_ENABLE:
	case CMD_USER_GRANT:
	case CMD_USER_REVOKE: return cli_user(&a);
	case CMD_NONE:
	case CMD_GROUP_IMPORT:
	case CMD_GROUP_USER: break;
	}
	fputs(args_help(CMD_NONE), stderr);
	return 2;
}
