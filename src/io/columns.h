/* columns — the columns of a responsibility list sheet, shared by the template, the export
 * and the importer, so that what goes out comes back in. */
#ifndef LD_COLUMNS_H
#define LD_COLUMNS_H

#include <stdbool.h>

enum column {
	COL_PROJECT, COL_CATEGORY, COL_TITLE, COL_UNIT, COL_PERSON, COL_LEADER, COL_START, COL_DUE,
	COL_TARGET, COL_TARGET_VALUE, COL_TARGET_UNIT, COL_EVIDENCE, COL_WEIGHT, COL_DESCRIPTION,
	COL_COUNT
};

struct column_def {
	const char *header;  /* the Chinese header */
	const char *field;   /* the API field it fills */
	bool required;
	double width;        /* in the sheet, in characters */
	const char *note;    /* for the instructions sheet */
};

extern const struct column_def columns[COL_COUNT];

/* Headers an export adds that an import passes over (so an export can be imported back). */
extern const char *const export_only_headers[];

/* Categories offered in the template's drop-down (others are accepted too). */
extern const char *const default_categories[];

/* The column with this header (surrounding spaces and a trailing * ignored), or -1. */
int column_by_header(const char *header);
/* Whether header is one an export adds. */
bool column_export_only(const char *header);

#endif
