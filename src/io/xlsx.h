/* xlsx — a reader for Excel .xlsx workbooks held in memory.
 *
 * xlsx_open reads every worksheet at once into an immutable book; the book keeps no pointer
 * into the caller's data, so the upload buffer may be freed as soon as xlsx_open returns.
 * All text handed out (sheet names, cell text) is NUL-terminated UTF-8 owned by the book and
 * valid until xlsx_free. A book is never changed after xlsx_open, so several threads may read
 * one book at the same time.
 *
 * Rows and columns are 0-based and follow the cells' A1 addresses: row r, column c is
 * Excel's row r+1, column c+1, whatever rows or cells the file leaves out. */
#ifndef LD_XLSX_H
#define LD_XLSX_H

#include <stdbool.h>
#include <stddef.h>

/* Hard limits that hold whatever the caller's max_cells and max_bytes are. */
#define XLSX_MAX_SHEETS 1024
#define XLSX_MAX_STRINGS (4u << 20)    /* entries in the shared string table */
#define XLSX_MAX_TEXT (128u << 10)     /* bytes of one text (Excel stops at 32,767 characters) */
#define XLSX_MAX_ROWS 1048576          /* Excel's own grid */
#define XLSX_MAX_COLS 16384            /* A..XFD */

enum xlsx_err {
	XLSX_OK = 0,
	XLSX_NOT_ZIP,   /* not a zip archive at all (an old .xls or an encrypted workbook is one) */
	XLSX_NOT_XLSX,  /* a zip archive, but without a workbook (a .docx, a plain .zip…) */
	XLSX_TOO_LARGE, /* past max_cells, max_bytes or one of the XLSX_MAX_ limits */
	XLSX_MALFORMED, /* damaged: a truncated archive, bad XML, a cell that makes no sense */
	XLSX_NOMEM,
};

enum xlsx_type {
	XLSX_EMPTY = 0, /* never stored: xlsx_cell returns NULL for an empty cell */
	XLSX_STRING,    /* shared, inline or formula text */
	XLSX_NUMBER,    /* dates included: Excel stores a date as a number with a date format */
	XLSX_BOOL,      /* number is 1 or 0, text "TRUE" or "FALSE" */
	XLSX_ERROR,     /* a formula's error, text such as "#DIV/0!" */
	XLSX_DATE,      /* only a cell stored as ISO 8601 text (t="d"); text is that text */
};

struct xlsx_cell {
	const char *text;    /* never NULL; for text, what the user typed (OOXML's _xHHHH_ escapes
			      * decoded, white space kept); for a number, the stored digits
			      * exactly ("45382", "12.5") */
	enum xlsx_type type;
	double number;       /* XLSX_NUMBER and XLSX_BOOL; 0 otherwise */
};

struct xlsx_book;

/* Reads the workbook in data[0..len) and every worksheet in it. data is only read during the
 * call. At most max_cells non-empty cells in all sheets together, and at most max_bytes of
 * XML once uncompressed in all parts together (the guard against zip bombs: the real
 * uncompressed size is counted while reading, not the size the archive claims).
 *
 * Returns XLSX_OK and the book in *out (out must not be NULL), which the caller frees with
 * xlsx_free. On failure *out is NULL, nothing is left to free, and err_detail (when not
 * NULL and errlen > 0) gets a short English reason for the server's log, one line of valid
 * UTF-8 however short errlen is, e.g. "xl/worksheets/sheet1.xml line 3: cell r=\"A0\" is
 * not a cell address". err_detail is "" on success. */
enum xlsx_err xlsx_open(const void *data, size_t len, size_t max_cells, size_t max_bytes,
			struct xlsx_book **out, char *err_detail, size_t errlen);

/* Frees the book and every string and cell it handed out. NULL is a harmless no-op. */
void xlsx_free(struct xlsx_book *b);

/* A fixed English name for err ("malformed", …); never NULL, not to be freed. */
const char *xlsx_strerror(enum xlsx_err err);

/* The number of sheets, in the order of the workbook's tabs (hidden ones included). Chart
 * and dialog sheets are counted and have no rows. */
int xlsx_sheet_count(const struct xlsx_book *b);

/* Sheet i's name (0-based, tab order), owned by the book; NULL when i is out of range. */
const char *xlsx_sheet_name(const struct xlsx_book *b, int i);

/* The number of rows of sheet up to and including the last one with a non-empty cell; 0 for
 * an empty sheet or a sheet out of range. A cell is non-empty when it holds a value, even
 * an empty string; a cell that only has a style is empty. */
int xlsx_rows(const struct xlsx_book *b, int sheet);

/* The number of columns of one row up to and including its last non-empty cell; 0 for an
 * empty row or when sheet or row is out of range. */
int xlsx_cols(const struct xlsx_book *b, int sheet, int row);

/* The cell at (row, col), owned by the book; NULL when it is empty or out of range. */
const struct xlsx_cell *xlsx_cell(const struct xlsx_book *b, int sheet, int row, int col);

/* Whether the cell shows a date or a time of day: an XLSX_DATE cell, or a number whose style
 * has such a format: built-in formats 14-22 and 45-47, the East Asian built-in date
 * formats 27-36 and 50-58, or a custom format with d, m, y, h or s outside quotes,
 * brackets, escapes and AM/PM, unless it shows elapsed time ([h]:mm is a duration). false
 * for an empty cell or one out of range. A time of day alone is a serial below 1, which
 * xlsx_serial_to_date refuses. */
bool xlsx_cell_is_date(const struct xlsx_book *b, int sheet, int row, int col);

/* Converts an Excel serial day number to a calendar date, in the book's date system: the
 * 1900 system (serial 1 is 1900-01-01, and Excel's nonexistent 1900-02-29 is serial 60, so
 * from 61 on serials are one day ahead) or the 1904 one (serial 0 is 1904-01-01) when the
 * workbook says date1904. A time of day (the fraction) is dropped. Returns false, leaving
 * y, m, d alone, for serial 60 of the 1900 system, a serial before the first day, after
 * 9999-12-31, or not finite. b may be NULL for the 1900 system. */
bool xlsx_serial_to_date(const struct xlsx_book *b, double serial, int *y, int *m, int *d);

#endif
