/* serve — checks what the server needs before binding, then runs it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/server.h"
#include "store/store.h"

int cli_serve(const struct cli_args *a)
{
	struct config cfg = a->serve;
	char web[PATH_MAX];
	cfg.db_path = a->db;
	if (store_is_url(a->db)) {
		/* several servers share one PostgreSQL database, so they must share the uploads too */
		if (!cfg.files_dir) {
			fprintf(stderr, "serve: --files: with a PostgreSQL database, name the upload directory every "
			                "server shares (--files DIR)\n");
			return 1;
		}
	} else if (access(a->db, R_OK | W_OK) != 0) {
		fprintf(stderr, "serve: cannot open %s for reading and writing; create it with `liandong init --db %s` "
		                "or `liandong demo --db %s`\n", a->db, a->db, a->db);
		return 1;
	}
	if (cfg.web_dir) {
		struct stat sb;
		if (!realpath(cfg.web_dir, web) || stat(web, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "serve: --web: %s is not a directory (build the UI with `make build`)\n", cfg.web_dir);
			return 1;
		}
		cfg.web_dir = web;
	}
	char files[PATH_MAX];
	if (!cfg.files_dir) {
		snprintf(files, sizeof(files), "%s.files", a->db);
		cfg.files_dir = files;
	}
	if (mkdir(cfg.files_dir, 0750) < 0 && errno != EEXIST) {
		fprintf(stderr, "serve: cannot create the upload directory %s: %s\n", cfg.files_dir, strerror(errno));
		return 1;
	}
	return http_serve(&cfg) == 0 ? 0 : 1;
}
