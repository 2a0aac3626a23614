#include "io/sheets.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/columns.h"

/* A temporary path for a workbook; the file is created empty and removed by read_back. */
static int temp_path(char path[64])
{
	snprintf(path, 64, "/tmp/liandong-xlsx-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "sheets: cannot create a temporary file: %s\n", strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Appends the file to out and removes it. */
static enum lderr read_back(const char *path, struct buf *out)
{
	enum lderr e = LD_OK;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = LD_IO;
	} else {
		char chunk[65536];
		ssize_t n;
		while ((n = read(fd, chunk, sizeof(chunk))) > 0)
			if (buf_append(out, chunk, (size_t)n) < 0) {
				e = LD_TOO_LARGE;
				break;
			}
		if (n < 0)
			e = LD_IO;
		close(fd);
	}
	unlink(path);
	return e;
}

static lxw_format *header_format(lxw_workbook *wb, bool required)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_bold(f);
	format_set_bg_color(f, required ? 0xFCE4D6 : 0xDDEBF7);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

static void write_headers(lxw_workbook *wb, lxw_worksheet *ws, int first_col)
{
	lxw_format *req = header_format(wb, true), *opt = header_format(wb, false);
	for (int c = 0; c < COL_COUNT; c++) {
		/* required columns are marked by colour and named in 填写说明; the header stays the
		 * plain name, so sheets made elsewhere with the same headers match */
		worksheet_write_string(ws, 0, (lxw_col_t)(first_col + c), columns[c].header, columns[c].required ? req : opt);
		worksheet_set_column(ws, (lxw_col_t)(first_col + c), (lxw_col_t)(first_col + c), columns[c].width, NULL);
	}
	worksheet_set_row(ws, 0, 28, NULL);
	worksheet_freeze_panes(ws, 1, 0);
}

enum lderr sheets_template(const char *const *units, int nunits, const char *const *categories, int ncategories,
                           struct buf *out)
{
	char path[64];
	if (temp_path(path) < 0)
		return LD_IO;
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		return LD_IO;
	}
	lxw_worksheet *list = workbook_add_worksheet(wb, "清单");
	lxw_worksheet *help = workbook_add_worksheet(wb, "填写说明");
	lxw_worksheet *lists = workbook_add_worksheet(wb, "选项");
	write_headers(wb, list, 0);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	worksheet_set_column(list, COL_START, COL_DUE, 12, date);

	/* the options the drop-downs offer, on a hidden sheet: A categories, B units */
	worksheet_write_string(lists, 0, 0, "类别", NULL);
	worksheet_write_string(lists, 0, 1, "责任单位", NULL);
	for (int i = 0; i < ncategories; i++)
		worksheet_write_string(lists, (lxw_row_t)(i + 1), 0, categories[i], NULL);
	for (int i = 0; i < nunits; i++)
		worksheet_write_string(lists, (lxw_row_t)(i + 1), 1, units[i], NULL);
	worksheet_hide(lists);

	char formula[64];
	lxw_data_validation cat = {.validate = LXW_VALIDATION_TYPE_LIST_FORMULA, .value_formula = formula,
	                           .error_type = LXW_VALIDATION_ERROR_TYPE_WARNING, .show_error = LXW_VALIDATION_ON};
	snprintf(formula, sizeof(formula), "=选项!$A$2:$A$%d", ncategories + 1);
	worksheet_data_validation_range(list, 1, COL_CATEGORY, 10000, COL_CATEGORY, &cat);
	if (nunits > 0) {
		char uformula[64];
		lxw_data_validation unit = {.validate = LXW_VALIDATION_TYPE_LIST_FORMULA, .value_formula = uformula,
		                            .error_type = LXW_VALIDATION_ERROR_TYPE_WARNING, .show_error = LXW_VALIDATION_ON};
		snprintf(uformula, sizeof(uformula), "=选项!$B$2:$B$%d", nunits + 1);
		worksheet_data_validation_range(list, 1, COL_UNIT, 10000, COL_UNIT, &unit);
	}

	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	worksheet_set_column(help, 0, 0, 16, NULL);
	worksheet_set_column(help, 1, 1, 8, NULL);
	worksheet_set_column(help, 2, 2, 70, wrap);
	worksheet_write_string(help, 0, 0, "责任清单导入说明", bold);
	worksheet_write_string(help, 1, 0, "在“清单”工作表中每行填写一个事项，第一行为表头，请勿修改表头文字。"
	                                   "表头为橙色的列必填。导入前系统会逐行检查，有错误时整表不导入，并指出出错的行和列。"
	                                   "同一周期内，同一责任单位、同一工作项目下的同名事项再次导入时更新原事项，不会重复创建。", wrap);
	worksheet_write_string(help, 3, 0, "列", bold);
	worksheet_write_string(help, 3, 1, "必填", bold);
	worksheet_write_string(help, 3, 2, "说明", bold);
	for (int c = 0; c < COL_COUNT; c++) {
		worksheet_write_string(help, (lxw_row_t)(4 + c), 0, columns[c].header, NULL);
		worksheet_write_string(help, (lxw_row_t)(4 + c), 1, columns[c].required ? "是" : "否", NULL);
		worksheet_write_string(help, (lxw_row_t)(4 + c), 2, columns[c].note, wrap);
	}
	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR) {
		fprintf(stderr, "sheets: %s\n", lxw_strerror(err));
		unlink(path);
		return LD_IO;
	}
	return read_back(path, out);
}

struct sheet_export {
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *date, *pct;
	lxw_row_t row;
};

enum { X_ID, X_PARENT, X_FIRST, X_PROGRESS = X_FIRST + COL_COUNT, X_ROLLUP, X_STATE, X_LIGHT, X_COUNT };

struct sheet_export *sheets_export_begin(const char *title)
{
	struct sheet_export *x = calloc(1, sizeof(*x));
	if (!x || temp_path(x->path) < 0) {
		free(x);
		return NULL;
	}
	x->wb = workbook_new(x->path);
	if (!x->wb) {
		unlink(x->path);
		free(x);
		return NULL;
	}
	x->ws = workbook_add_worksheet(x->wb, "清单");
	lxw_doc_properties props = {.title = (char *)title, .author = "liandong"};
	workbook_set_properties(x->wb, &props);
	lxw_format *h = header_format(x->wb, false);
	worksheet_write_string(x->ws, 0, X_ID, "编号", h);
	worksheet_write_string(x->ws, 0, X_PARENT, "上级事项编号", h);
	write_headers(x->wb, x->ws, X_FIRST);
	static const char *const tail[] = {"进度(%)", "汇总进度(%)", "状态", "亮灯"};
	for (int i = 0; i < 4; i++) {
		worksheet_write_string(x->ws, 0, (lxw_col_t)(X_PROGRESS + i), tail[i], h);
		worksheet_set_column(x->ws, (lxw_col_t)(X_PROGRESS + i), (lxw_col_t)(X_PROGRESS + i), 10, NULL);
	}
	worksheet_set_column(x->ws, X_ID, X_PARENT, 8, NULL);
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->pct = workbook_add_format(x->wb);
	format_set_num_format(x->pct, "0.00");
	x->row = 1;
	return x;
}

static void write_date(struct sheet_export *x, lxw_col_t col, const char *ymd)
{
	int y, m, d;
	if (!ymd || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	lxw_datetime dt = {y, m, d, 0, 0, 0};
	worksheet_write_datetime(x->ws, x->row, col, &dt, x->date);
}

static void write_text(struct sheet_export *x, lxw_col_t col, const char *s)
{
	if (s && *s)
		worksheet_write_string(x->ws, x->row, col, s, NULL);
}

void sheets_export_row(struct sheet_export *x, const struct item *it, const char *light)
{
	static const char *const states[][2] = {{"active", "进行中"}, {"done", "已完成"}, {"cancelled", "已取消"}};
	worksheet_write_number(x->ws, x->row, X_ID, (double)it->id, NULL);
	if (it->parent_id)
		worksheet_write_number(x->ws, x->row, X_PARENT, (double)it->parent_id, NULL);
	write_text(x, X_FIRST + COL_PROJECT, it->project);
	write_text(x, X_FIRST + COL_CATEGORY, it->category);
	write_text(x, X_FIRST + COL_TITLE, it->title);
	write_text(x, X_FIRST + COL_UNIT, it->unit_name);
	write_text(x, X_FIRST + COL_PERSON, it->responsible_person);
	write_text(x, X_FIRST + COL_LEADER, it->lead_leader);
	write_date(x, X_FIRST + COL_START, it->start_date);
	write_date(x, X_FIRST + COL_DUE, it->due_date);
	write_text(x, X_FIRST + COL_TARGET, it->target_text);
	if (it->has_target_value)
		worksheet_write_number(x->ws, x->row, X_FIRST + COL_TARGET_VALUE, it->target_value, NULL);
	write_text(x, X_FIRST + COL_TARGET_UNIT, it->target_unit);
	write_text(x, X_FIRST + COL_EVIDENCE, it->evidence_required);
	worksheet_write_number(x->ws, x->row, X_FIRST + COL_WEIGHT, it->weight, NULL);
	write_text(x, X_FIRST + COL_DESCRIPTION, it->description);
	worksheet_write_number(x->ws, x->row, X_PROGRESS, it->progress, x->pct);
	worksheet_write_number(x->ws, x->row, X_ROLLUP, it->rollup, x->pct);
	for (int i = 0; i < 3; i++)
		if (strcmp(it->state, states[i][0]) == 0)
			write_text(x, X_STATE, states[i][1]);
	write_text(x, X_LIGHT, light);
	x->row++;
}

enum lderr sheets_export_end(struct sheet_export *x, struct buf *out)
{
	if (!x)
		return LD_INTERNAL;
	worksheet_autofilter(x->ws, 0, 0, x->row > 1 ? x->row - 1 : 1, X_COUNT - 1);
	lxw_error err = workbook_close(x->wb);
	enum lderr e = LD_OK;
	if (err != LXW_NO_ERROR) {
		fprintf(stderr, "sheets: %s\n", lxw_strerror(err));
		unlink(x->path);
		e = LD_IO;
	} else {
		e = read_back(x->path, out);
	}
	free(x);
	return e;
}

struct sheet_book {
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	lxw_row_t row;
	int cols;
};

struct sheet_book *sheets_book_new(void)
{
	struct sheet_book *b = calloc(1, sizeof(*b));
	if (!b || temp_path(b->path) < 0) {
		free(b);
		return NULL;
	}
	b->wb = workbook_new(b->path);
	if (!b->wb) {
		unlink(b->path);
		free(b);
		return NULL;
	}
	b->head = header_format(b->wb, false);
	return b;
}

static void close_sheet(struct sheet_book *b)
{
	if (b->ws && b->cols)
		worksheet_autofilter(b->ws, 0, 0, b->row > 1 ? b->row - 1 : 1, (lxw_col_t)(b->cols - 1));
}

void sheets_book_sheet(struct sheet_book *b, const char *name, const char *const *headers, int n)
{
	close_sheet(b);
	b->ws = workbook_add_worksheet(b->wb, name);
	if (!b->ws)
		b->ws = workbook_add_worksheet(b->wb, NULL);
	b->cols = n;
	for (int c = 0; c < n; c++) {
		worksheet_write_string(b->ws, 0, (lxw_col_t)c, headers[c], b->head);
		worksheet_set_column(b->ws, (lxw_col_t)c, (lxw_col_t)c, c == 1 ? 30 : 12, NULL);
	}
	worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
}

void sheets_book_text(struct sheet_book *b, int col, const char *text)
{
	if (b->ws && text && *text)
		worksheet_write_string(b->ws, b->row, (lxw_col_t)col, text, NULL);
}

void sheets_book_number(struct sheet_book *b, int col, double v)
{
	if (b->ws)
		worksheet_write_number(b->ws, b->row, (lxw_col_t)col, v, NULL);
}

void sheets_book_next_row(struct sheet_book *b)
{
	b->row++;
}

enum lderr sheets_book_end(struct sheet_book *b, struct buf *out)
{
	if (!b)
		return LD_INTERNAL;
	close_sheet(b);
	lxw_error err = workbook_close(b->wb);
	enum lderr e = err == LXW_NO_ERROR ? read_back(b->path, out) : LD_IO;
	if (err != LXW_NO_ERROR) {
		fprintf(stderr, "sheets: %s\n", lxw_strerror(err));
		unlink(b->path);
	}
	free(b);
	return e;
}
