/* orgnames — how organs and their divisions are named, for the demo generator.
 *
 * Organs are named as real ones are written: 山东省发展和改革委员会, 济南市发展和改革委员会,
 * 历下区发展和改革局, 中共济南市委组织部, each with its common short name (发改委, 发改局,
 * 市委组织部) kept as an alias. The sector table lists them in the order the generator takes
 * them: a smaller scale takes the first N of each level. */
#ifndef LD_ORGNAMES_H
#define LD_ORGNAMES_H

#include <stddef.h>

#include "core/region.h"

struct sector_def {
	const char *sector;   /* 系统, e.g. 发改 */
	const char *name[3];  /* templates for province, city, county organs */
	const char *alias[3]; /* short-name templates */
	const char *special;  /* the stem of its characteristic division, e.g. 投资 */
};

extern const struct sector_def orgnames_sectors[];
extern const int orgnames_sector_count;

/* The names of the region an organ sits in. city is the parent city's name (county level
 * only, else NULL). */
struct org_place {
	enum region_level level;
	const char *region; /* 济南市 */
	const char *city;   /* 济南市 for a county organ */
};

/* Expands a template: {R} region name (历下区), {S} the region name without its last
 * character (历下), {L} that last character (区; 省 for a province), {C} the city's name.
 * Returns the length, or -1 when it does not fit in cap bytes (with the NUL). */
int orgnames_expand(const char *tmpl, const struct org_place *place, char *out, size_t cap);

/* The division suffix for organs at a level: 处 (province, city) or 股 (county). */
const char *orgnames_division_suffix(enum region_level level);

#endif
