#include "io/table.h"

#include <stdio.h>
#include <string.h>

#include "io/xlsx.h"
#include "util/csv.h"

/* Appends a row unless every cell is blank. */
static int add_row(struct table *t, int *cap, struct arena *a, int line, const char **cells, int n)
{
	bool blank = true;
	for (int i = 0; i < n && blank; i++)
		for (const char *p = cells[i]; *p && blank; p++)
			blank = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
	if (blank)
		return 0;
	if (t->nrows == TABLE_MAX_ROWS)
		return -1;
	if (t->nrows == *cap) {
		int ncap = *cap ? *cap * 2 : 256;
		struct table_row *bigger = arena_alloc(a, sizeof(*bigger) * (size_t)ncap);
		if (!bigger)
			return -1;
		if (t->row)
			memcpy(bigger, t->row, sizeof(*bigger) * (size_t)t->nrows);
		t->row = bigger;
		*cap = ncap;
	}
	struct table_row *r = &t->row[t->nrows++];
	r->line = line;
	r->n = n;
	r->cell = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
	if (!r->cell)
		return -1;
	memcpy(r->cell, cells, sizeof(char *) * (size_t)n);
	return 0;
}

static int read_csv(const void *data, size_t len, struct arena *a, struct table *t, char *why, size_t whylen)
{
	struct csv c;
	csv_init(&c, data, len);
	char *f[CSV_MAX_FIELDS];
	int n, rc, cap = 0;
	while ((rc = csv_row(&c, a, f, &n)) == 1) {
		if (n > TABLE_MAX_COLS) {
			snprintf(why, whylen, "第 %d 行列数过多（%d 列）", c.row_line, n);
			return -1;
		}
		if (add_row(t, &cap, a, c.row_line, (const char **)f, n) < 0) {
			snprintf(why, whylen, "表格超过 %d 行，请分批导入", TABLE_MAX_ROWS);
			return -1;
		}
	}
	if (rc < 0) {
		snprintf(why, whylen, "CSV 第 %d 行格式错误：%s（请使用 UTF-8 编码）", c.row_line,
		         strcmp(c.error, "not valid UTF-8 text") == 0 ? "不是 UTF-8 文本" : c.error);
		return -1;
	}
	return 0;
}

static int read_xlsx(const void *data, size_t len, const char *sheet_name, struct arena *a, struct table *t,
                     char *why, size_t whylen)
{
	struct xlsx_book *b = NULL;
	char detail[256];
	enum xlsx_err err = xlsx_open(data, len, (size_t)TABLE_MAX_ROWS * TABLE_MAX_COLS, 128u << 20, &b, detail,
	                              sizeof(detail));
	if (err != XLSX_OK) {
		fprintf(stderr, "import: xlsx: %s: %s\n", xlsx_strerror(err), detail);
		snprintf(why, whylen, "%s",
		         err == XLSX_NOT_ZIP ? "文件不是 .xlsx 工作簿（旧版 .xls 请另存为 .xlsx）"
		         : err == XLSX_NOT_XLSX ? "压缩包中没有 Excel 工作簿"
		         : err == XLSX_TOO_LARGE ? "工作簿过大，请分批导入"
		                                 : "工作簿已损坏，无法读取");
		return -1;
	}
	int sheet = 0;
	for (int i = 0; sheet_name && i < xlsx_sheet_count(b); i++)
		if (strcmp(xlsx_sheet_name(b, i), sheet_name) == 0)
			sheet = i;
	int rows = xlsx_rows(b, sheet), cap = 0, rc = 0;
	const char *cells[TABLE_MAX_COLS];
	for (int r = 0; r < rows && rc == 0; r++) {
		int n = xlsx_cols(b, sheet, r);
		if (n > TABLE_MAX_COLS) {
			snprintf(why, whylen, "第 %d 行列数过多（%d 列）", r + 1, n);
			rc = -1;
			break;
		}
		for (int c = 0; c < n; c++) {
			const struct xlsx_cell *cell = xlsx_cell(b, sheet, r, c);
			int y, m, d;
			if (!cell)
				cells[c] = "";
			else if (cell->type == XLSX_NUMBER && xlsx_cell_is_date(b, sheet, r, c) &&
			         xlsx_serial_to_date(b, cell->number, &y, &m, &d))
				cells[c] = arena_printf(a, "%04d-%02d-%02d", y, m, d);
			else if (cell->type == XLSX_DATE)
				cells[c] = arena_strndup(a, cell->text, strlen(cell->text) >= 10 ? 10 : strlen(cell->text));
			else
				cells[c] = arena_strdup(a, cell->text);
			if (!cells[c]) {
				snprintf(why, whylen, "内存不足");
				rc = -1;
				break;
			}
		}
		if (rc == 0 && add_row(t, &cap, a, r + 1, cells, n) < 0) {
			snprintf(why, whylen, "表格超过 %d 行，请分批导入", TABLE_MAX_ROWS);
			rc = -1;
		}
	}
	xlsx_free(b);
	return rc;
}

int table_read(const void *data, size_t len, bool xlsx, const char *sheet_name, struct arena *a, struct table *out,
               char *why, size_t whylen)
{
	out->nrows = 0;
	out->row = NULL;
	return xlsx ? read_xlsx(data, len, sheet_name, a, out, why, whylen) : read_csv(data, len, a, out, why, whylen);
}
