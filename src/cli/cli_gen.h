/* gen — the year of data `demo --sample` generates: staff accounts, items with milestones
 * and decompositions, inspections with rectification items, monthly reports, supervision
 * notices, the assessment's indicators, self-assessments and reviewers' scores, and the
 * lights as the daily job computes them.
 *
 * Shared by cli_sample.c (the stages in order) and cli_gen*.c (each stage). Everything is
 * drawn from splitmix64 streams keyed by the seed and the row's own id, so a row does not
 * depend on the order others were made in: the same seed, scale, volume and day give the
 * same data.
 *
 * Speed: the generator writes its rows with its own prepared INSERTs (the store's functions
 * write one row with its audit record; here a stage writes hundreds of thousands in one
 * transaction and records one audit entry for the stage). Foreign keys are checked by
 * construction and switched off while it runs. */
#ifndef LD_CLI_GEN_H
#define LD_CLI_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/args.h"
#include "core/err.h"
#include "store/audit.h"
#include "store/store.h"

/* ---- progress: one bar per stage on a terminal, one line per stage otherwise ---- */

struct gen_progress {
	const char *stage;
	long long total, done;
	double t0, last_draw;
	unsigned ticks;
	bool tty;
};

/* Seconds on a monotonic clock. */
double gen_clock(void);
/* Starts a stage expected to write about total rows (0: unknown). */
void gen_progress_begin(struct gen_progress *p, const char *stage, long long total);
/* Counts n more rows; redraws the bar at most ten times a second. */
void gen_progress_add(struct gen_progress *p, long long n);
/* Ends the stage: the final bar, or the log line "demo: STAGE: N rows in S s (R rows/s)".
 * Returns the seconds it took. */
double gen_progress_end(struct gen_progress *p);

/* ---- the generator's context ---- */

struct gen_unit {
	long long parent;
	const char *path, *name; /* in the context's string pool */
	char kind;               /* 'r' region, 'o' organ, 'd' division, 0 no such id */
	signed char level;       /* 1 province, 2 city, 3 county */
	short sector;            /* index into gen.sectors, -1 for none */
	int region;              /* the region it sits in (itself for a region): index into gen.regions */
	long long leader;        /* accounts, set by the users stage (0 for divisions) */
	long long first_filler;  /* fillers are first_filler .. first_filler + fillers - 1 */
	int fillers;
	long long supervisor;    /* regions: their supervisor */
	long long reviewer0;     /* regions: their first reviewer (reviewers follow) */
	int reviewers;
};

struct gen_region {
	long long id;
	int level, parent;        /* parent: index, -1 for a province */
	int first_child, children; /* indexes into gen.child_regions */
	long long *organ;         /* [GEN_MAX_SECTORS]: the organ of each sector, 0 for none */
};

/* What the reports stage needs of an item, kept from the items stage. Days are day numbers
 * (days since 1970-01-01). */
struct gen_item {
	long long id, unit;
	int start, due;
	int finish;       /* the day it reaches 100% at its pace */
	int done;         /* the day it was done, 0 when not done */
	unsigned char state;    /* GEN_ACTIVE, GEN_DONE, GEN_CANCELLED */
	bool reported;          /* an adopted leaf that is not cancelled: reported on monthly */
	unsigned char kind;     /* 0 task, 1 rectification */
};

enum { GEN_ACTIVE, GEN_DONE, GEN_CANCELLED };

#define GEN_MAX_SECTORS 64
#define GEN_STAGES 16

struct gen_stat {
	const char *stage;
	long long rows;
	double seconds;
};

struct gen {
	struct store *st;
	uint64_t seed;
	enum demo_scale scale;
	int volume;
	struct audit_actor who;

	char today[11];
	int today_n, year, month; /* month of today, 1–12 */
	int month_start[14], month_end[14]; /* of the cycle's year, 1–12 */
	long long cycle;

	struct gen_unit *units; /* indexed by unit id */
	long long nunits;       /* the highest unit id + 1 */
	struct gen_region *regions;
	int nregions;
	int *child_regions;
	char sectors[GEN_MAX_SECTORS][32];
	int nsectors;
	char *pool;
	size_t pool_used, pool_cap;

	struct gen_item *items;
	size_t nitems, items_cap;
	long long next_item;     /* the next item id */
	long long reports_planned;

	/* the demo accounts that get workloads, and their units */
	long long office, reviewer, filler, unit_leader, county_filler;
	long long filler_unit, county_filler_unit;
	int reviewer_region;     /* the region whose panel the demo reviewer sits on, -1 none */
	long long accounts;      /* generated accounts */

	struct gen_progress progress;
	struct gen_stat stats[GEN_STAGES];
	int nstats;
};

/* A stream of random numbers keyed by the seed, a tag naming what it is for, and an id. */
struct gen_rng {
	uint64_t s;
};
void gen_rng_init(struct gen_rng *r, const struct gen *g, uint64_t tag, uint64_t id);
uint64_t gen_next(struct gen_rng *r);
/* A whole number from lo to hi inclusive; a number in [0, 1). */
int gen_int(struct gen_rng *r, int lo, int hi);
double gen_unit(struct gen_rng *r);

/* Copies s into the context's pool; NULL when out of memory. */
const char *gen_strdup(struct gen *g, const char *s);
/* "YYYY-MM-DD" of a day number, and "YYYY-MM-DDTHH:MM:SSZ" at a time of that day (UTC). */
void gen_day(int day, char out[11]);
void gen_stamp(int day, int seconds, char out[21]);
/* The month (1–12) of a day of the cycle's year, clamped to the year. */
int gen_month_of(const struct gen *g, int day);

/* A stage is one transaction: begin opens it and the progress bar; end writes the stage's
 * audit record ("demo.sample", with its rows) and commits. */
enum lderr gen_stage_begin(struct gen *g, const char *stage, long long total);
enum lderr gen_stage_end(struct gen *g, long long rows);

/* Steps a generator statement that returns no rows and resets it. */
enum lderr gen_exec(struct gen *g, void *stmt);

/* The stages, in the order cli_sample.c runs them. */
enum lderr gen_accounts(struct gen *g);
enum lderr gen_items(struct gen *g);
enum lderr gen_inspections(struct gen *g);
enum lderr gen_reports(struct gen *g);
enum lderr gen_notices(struct gen *g);
enum lderr gen_assessment(struct gen *g);

/* demo --sample: the stages in order (cli_sample.c). who signs the stages' audit records.
 * 0, or 1 with the message printed. */
int demo_sample(struct store *st, const struct cli_args *a, const struct audit_actor *who);

/* Random people's names, for accounts, responsible persons and inspectors. */
void gen_person(struct gen_rng *r, char *out, size_t cap);

#endif
