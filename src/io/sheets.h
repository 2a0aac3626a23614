/* sheets — the .xlsx files liandong hands out: the list template and list exports
 * (libxlsxwriter). libxlsxwriter 1.1.4 writes to a file, so each workbook is built in a
 * temporary file and read back into the answer. */
#ifndef LD_SHEETS_H
#define LD_SHEETS_H

#include "core/err.h"
#include "store/items.h"
#include "util/buf.h"

/* The import template: sheet 清单 with the column headers, drop-downs for 类别 and 责任单位
 * (units listed on a hidden sheet), and sheet 填写说明 with the instructions. Appends the
 * file's bytes to out. */
enum lderr sheets_template(const char *const *units, int nunits, const char *const *categories, int ncategories,
                           struct buf *out);

struct sheet_export;

/* Starts an export of items; title names the list (e.g. "2026年度责任清单"). NULL on failure. */
struct sheet_export *sheets_export_begin(const char *title);
/* Adds one item as a row. */
void sheets_export_row(struct sheet_export *x, const struct item *it, const char *light);
/* Finishes the workbook, appends its bytes to out, and frees x (also on failure; NULL is a
 * no-op returning LD_INTERNAL). */
enum lderr sheets_export_end(struct sheet_export *x, struct buf *out);

/* A plain workbook of tables (results sheets and the like): sheets with a bold, frozen header
 * row and filters, then rows of text and numbers. */
struct sheet_book;
struct sheet_book *sheets_book_new(void);
/* Starts a new sheet named name (≤ 31 characters) with the given headers. */
void sheets_book_sheet(struct sheet_book *b, const char *name, const char *const *headers, int n);
void sheets_book_text(struct sheet_book *b, int col, const char *text);
void sheets_book_number(struct sheet_book *b, int col, double v);
void sheets_book_next_row(struct sheet_book *b);
/* Finishes the workbook, appends its bytes to out, frees b (NULL: LD_INTERNAL). */
enum lderr sheets_book_end(struct sheet_book *b, struct buf *out);

#endif
