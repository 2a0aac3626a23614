/* table — an uploaded sheet (.xlsx or .csv) as rows of text cells.
 *
 * Excel date cells become "YYYY-MM-DD"; numbers keep the digits Excel stored; every cell is
 * valid UTF-8. Each row remembers its line (the spreadsheet's row number, header = 1), so
 * errors can name it. */
#ifndef LD_TABLE_H
#define LD_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

#define TABLE_MAX_ROWS 100000
#define TABLE_MAX_COLS 64

struct table_row {
	int line;
	int n;
	const char **cell; /* n cells; "" for an empty one */
};

struct table {
	int nrows;
	struct table_row *row;
};

/* Reads data as xlsx (the sheet named sheet_name, else the first) or as UTF-8 CSV. Strings
 * live in the arena. Returns 0, or -1 with a Chinese reason in why. Entirely empty rows are
 * skipped. */
int table_read(const void *data, size_t len, bool xlsx, const char *sheet_name, struct arena *a, struct table *out,
               char *why, size_t whylen);

#endif
