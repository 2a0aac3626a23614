/* regions — GB/T 2260 regions and the region nodes of the unit tree, and China's holidays. */
#ifndef LD_STORE_REGIONS_H
#define LD_STORE_REGIONS_H

#include "core/err.h"
#include "store/store.h"

/* Inserts or renames a region (six-digit code; parent NULL for a province) and keeps its node
 * in the unit tree in step, under the parent's node. LD_NOT_FOUND when the parent region has
 * not been loaded. Run inside a transaction. *created is set to 1 for a new region. */
enum lderr store_region_put(struct store *st, const char *code, const char *name, const char *level,
                            const char *parent, int *created);

/* Inserts or replaces a day of the official calendar: kind "holiday" or "workday". */
enum lderr store_holiday_put(struct store *st, const char *day, const char *kind, const char *name);

#endif
