/* csv — an RFC 4180 reader over text in memory (quoted fields, doubled quotes, CRLF or LF,
 * a leading UTF-8 BOM skipped). Written here because Debian ships no small C CSV reader that
 * reports line numbers for error messages; it is a fuzz target. */
#ifndef LD_CSV_H
#define LD_CSV_H

#include <stddef.h>

#include "util/arena.h"

#define CSV_MAX_FIELDS 256

struct csv {
	const char *p;
	const char *end;
	int line;          /* the line the reader is on, from 1 */
	int row_line;      /* the line the last row read (or failed) started on */
	const char *error; /* set when csv_row returns -1 */
};

void csv_init(struct csv *c, const char *text, size_t len);

/* Reads the next row: fields (strings in the arena, valid UTF-8) into out, count into *n.
 * Returns 1 for a row, 0 at the end, -1 on a malformed row (c->error says why, c->row_line
 * where). Empty lines are skipped. */
int csv_row(struct csv *c, struct arena *a, char *out[CSV_MAX_FIELDS], int *n);

#endif
