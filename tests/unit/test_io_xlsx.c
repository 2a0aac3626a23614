/* Tests of io/xlsx: workbooks made by real writers (openpyxl, xlsxwriter; see
 * data/xlsx/make_fixtures.py), one made by hand for what they never do, broken files, and
 * small archives built here around one broken part each. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "io/xlsx.h"

#define MAX_CELLS 100000
#define MAX_BYTES (8u << 20)

/* The fixtures' folder: $LIANDONG_FIXTURES, else data/xlsx beside this file (meson compiles
 * it as ../tests/unit/… from the build folder it runs tests in; by hand it is
 * tests/unit/… from the repository root). */
static void fixture_path(const char *name, char *out, size_t outlen)
{
	const char *dir = getenv("LIANDONG_FIXTURES");
	if (dir) {
		snprintf(out, outlen, "%s/%s", dir, name);
		return;
	}
	const char *file = __FILE__;
	const char *slash = strrchr(file, '/');
	int dirlen = slash ? (int)(slash - file) + 1 : 0;
	snprintf(out, outlen, "%.*sdata/xlsx/%s", dirlen, file, name);
}

/* The fixture's bytes; the caller frees them. Fails the test when it cannot be read. */
static unsigned char *read_fixture(const char *name, size_t *len)
{
	char path[1024];
	fixture_path(name, path, sizeof path);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	unsigned char *data = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		size_t got = fread(data + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return data;
}

/* Opens a fixture with the test limits; the caller frees the book. */
static struct xlsx_book *open_fixture(const char *name)
{
	size_t len;
	unsigned char *data = read_fixture(name, &len);
	struct xlsx_book *b = NULL;
	char detail[256];
	enum xlsx_err err = xlsx_open(data, len, MAX_CELLS, MAX_BYTES, &b, detail, sizeof detail);
	free(data); /* the book keeps no pointer into it */
	if (err != XLSX_OK)
		fail_msg("%s: %s (%s)", name, xlsx_strerror(err), detail);
	assert_string_equal(detail, "");
	return b;
}

static enum xlsx_err open_bytes(const void *data, size_t len, size_t max_cells, size_t max_bytes, char *detail,
				size_t detail_len)
{
	struct xlsx_book *b = (struct xlsx_book *)1;
	enum xlsx_err err = xlsx_open(data, len, max_cells, max_bytes, &b, detail, detail_len);
	if (err == XLSX_OK)
		xlsx_free(b);
	else
		assert_null(b);
	return err;
}

static enum xlsx_err open_file_with(const char *name, size_t max_cells, size_t max_bytes)
{
	size_t len;
	unsigned char *data = read_fixture(name, &len);
	char detail[256];
	enum xlsx_err err = open_bytes(data, len, max_cells, max_bytes, detail, sizeof detail);
	if (err != XLSX_OK)
		assert_true(detail[0] != '\0');
	free(data);
	return err;
}

static const struct xlsx_cell *cell_of(const struct xlsx_book *b, int sheet, int row, int col, enum xlsx_type type)
{
	const struct xlsx_cell *c = xlsx_cell(b, sheet, row, col);
	if (!c)
		fail_msg("sheet %d row %d col %d is empty", sheet, row, col);
	assert_int_equal(c->type, type);
	return c;
}

static void assert_text(const struct xlsx_book *b, int sheet, int row, int col, const char *text)
{
	assert_string_equal(cell_of(b, sheet, row, col, XLSX_STRING)->text, text);
}

static void assert_number(const struct xlsx_book *b, int sheet, int row, int col, const char *text, double v)
{
	const struct xlsx_cell *c = cell_of(b, sheet, row, col, XLSX_NUMBER);
	assert_string_equal(c->text, text);
	assert_true(c->number == v);
}

static void assert_date(const struct xlsx_book *b, int sheet, int row, int col, int y, int m, int d)
{
	const struct xlsx_cell *c = cell_of(b, sheet, row, col, XLSX_NUMBER);
	assert_true(xlsx_cell_is_date(b, sheet, row, col));
	int yy = 0, mm = 0, dd = 0;
	assert_true(xlsx_serial_to_date(b, c->number, &yy, &mm, &dd));
	assert_int_equal(yy, y);
	assert_int_equal(mm, m);
	assert_int_equal(dd, d);
}

/* openpyxl writes inline strings with character references, absolute sheet targets. */
static void reads_openpyxl_book(void **state)
{
	(void)state;
	struct xlsx_book *b = open_fixture("openpyxl.xlsx");
	assert_int_equal(xlsx_sheet_count(b), 3);
	assert_string_equal(xlsx_sheet_name(b, 0), "名单");
	assert_string_equal(xlsx_sheet_name(b, 1), "Alpha"); /* tab order, not creation order */
	assert_string_equal(xlsx_sheet_name(b, 2), "Zeta");
	assert_null(xlsx_sheet_name(b, 3));
	assert_null(xlsx_sheet_name(b, -1));

	assert_int_equal(xlsx_rows(b, 0), 8);
	assert_text(b, 0, 0, 0, "单位名称");
	assert_text(b, 0, 1, 0, "山东省济南市历下区");
	assert_number(b, 0, 1, 1, "12", 12);
	assert_false(xlsx_cell_is_date(b, 0, 1, 1));
	assert_date(b, 0, 1, 2, 2024, 3, 31);
	assert_text(b, 0, 2, 0, "  前后有空格  ");
	assert_number(b, 0, 2, 1, "12.5", 12.5);
	assert_date(b, 0, 2, 2, 1900, 3, 1); /* 61.5: noon of the day after Excel's 1900-02-29 */

	/* the gaps stay where they are: row 4 is missing, row 5 only has D5 */
	assert_int_equal(xlsx_cols(b, 0, 3), 0);
	assert_null(xlsx_cell(b, 0, 3, 0));
	assert_int_equal(xlsx_cols(b, 0, 4), 4);
	assert_null(xlsx_cell(b, 0, 4, 2));
	assert_text(b, 0, 4, 3, "gap");
	assert_int_equal(xlsx_cols(b, 0, 6), 2);
	assert_null(xlsx_cell(b, 0, 6, 0));
	assert_number(b, 0, 6, 1, "-0.25", -0.25);

	const struct xlsx_cell *t = cell_of(b, 0, 7, 0, XLSX_BOOL);
	assert_string_equal(t->text, "TRUE");
	assert_true(t->number == 1);
	const struct xlsx_cell *f = cell_of(b, 0, 7, 1, XLSX_BOOL);
	assert_string_equal(f->text, "FALSE");
	assert_true(f->number == 0);

	assert_int_equal(xlsx_rows(b, 1), 2);
	assert_int_equal(xlsx_cols(b, 1, 1), 2);
	assert_text(b, 1, 1, 1, "a");
	assert_text(b, 2, 0, 0, "z");

	/* out of range is empty, never a crash */
	assert_null(xlsx_cell(b, 0, 8, 0));
	assert_null(xlsx_cell(b, 0, -1, 0));
	assert_null(xlsx_cell(b, 0, 0, -1));
	assert_null(xlsx_cell(b, 3, 0, 0));
	assert_int_equal(xlsx_rows(b, 3), 0);
	assert_int_equal(xlsx_cols(b, 0, 100), 0);
	assert_int_equal(xlsx_cols(b, -1, 0), 0);
	assert_false(xlsx_cell_is_date(b, 0, 3, 0));
	xlsx_free(b);
}

/* xlsxwriter writes shared strings (rich ones too), cached formula values, relative targets. */
static void reads_xlsxwriter_book(void **state)
{
	(void)state;
	struct xlsx_book *b = open_fixture("xlsxwriter.xlsx");
	assert_int_equal(xlsx_sheet_count(b), 3);
	assert_string_equal(xlsx_sheet_name(b, 0), "数据");
	assert_string_equal(xlsx_sheet_name(b, 1), "b");
	assert_string_equal(xlsx_sheet_name(b, 2), "A");
	assert_text(b, 1, 0, 0, "second tab");
	assert_text(b, 2, 0, 0, "third tab");

	assert_text(b, 0, 0, 0, "普通加粗红色"); /* rich text runs joined */
	assert_number(b, 0, 1, 2, "42", 42);     /* =A2+B2, its cached value */
	assert_text(b, 0, 1, 3, "普通加粗红色!"); /* t="str" */
	assert_string_equal(cell_of(b, 0, 1, 4, XLSX_ERROR)->text, "#DIV/0!");
	assert_string_equal(cell_of(b, 0, 1, 5, XLSX_BOOL)->text, "TRUE");

	assert_date(b, 0, 2, 0, 2024, 3, 31); /* built-in format 14 */
	assert_date(b, 0, 2, 1, 2024, 3, 31); /* yyyy"年"m"月"d"日" */
	assert_date(b, 0, 2, 2, 2024, 3, 31); /* [$-409]d-mmm-yy;@ */
	assert_false(xlsx_cell_is_date(b, 0, 2, 3)); /* [h]:mm, a duration */
	assert_false(xlsx_cell_is_date(b, 0, 2, 4)); /* "d"0 */
	assert_false(xlsx_cell_is_date(b, 0, 2, 5)); /* 0.00 */
	assert_number(b, 0, 2, 5, "45382", 45382);

	assert_text(b, 0, 3, 0, "tab\there\r\nCRLF"); /* _x000D_ decoded */
	assert_text(b, 0, 4, 0, "山东省济南市");
	assert_text(b, 0, 4, 2, "山东省济南市");
	assert_null(xlsx_cell(b, 0, 4, 1));
	xlsx_free(b);
}

static void reads_inline_strings_and_1904_dates(void **state)
{
	(void)state;
	struct xlsx_book *b = open_fixture("inline_1904.xlsx");
	assert_text(b, 0, 0, 0, "内联字符串");
	assert_text(b, 0, 0, 1, "甲乙");
	assert_number(b, 0, 1, 0, "43920", 43920);
	assert_date(b, 0, 1, 0, 2024, 3, 31);
	assert_date(b, 0, 1, 1, 1904, 1, 1);
	assert_text(b, 0, 3, 2, " x ");
	assert_int_equal(xlsx_rows(b, 0), 4);
	xlsx_free(b);

	b = open_fixture("openpyxl_1904.xlsx");
	assert_date(b, 0, 0, 0, 2024, 3, 31);
	assert_date(b, 0, 1, 0, 1904, 1, 2);
	xlsx_free(b);

	b = open_fixture("iso_dates.xlsx");
	const struct xlsx_cell *c = cell_of(b, 0, 0, 0, XLSX_DATE);
	assert_string_equal(c->text, "2024-03-31T08:30:00");
	assert_true(xlsx_cell_is_date(b, 0, 0, 0));
	xlsx_free(b);
}

static void reads_what_writers_rarely_do(void **state)
{
	(void)state;
	struct xlsx_book *b = open_fixture("handmade.xlsx");
	assert_int_equal(xlsx_sheet_count(b), 3);
	assert_string_equal(xlsx_sheet_name(b, 0), "第二"); /* its part is "sheet 2.xml" */
	assert_string_equal(xlsx_sheet_name(b, 1), "first");
	assert_string_equal(xlsx_sheet_name(b, 2), "chart");
	assert_int_equal(xlsx_rows(b, 2), 0);

	/* <x:c> elements, cells out of order, a formula never calculated */
	assert_int_equal(xlsx_rows(b, 0), 2);
	assert_text(b, 0, 0, 0, "x");
	assert_null(xlsx_cell(b, 0, 0, 1));
	assert_number(b, 0, 1, 0, "1", 1);
	assert_number(b, 0, 1, 1, "2", 2);

	/* rows and cells without addresses follow the previous ones */
	assert_text(b, 1, 0, 0, "漢字"); /* the phonetic guide is not text */
	assert_text(b, 1, 0, 1, "  粗体 普通");
	assert_date(b, 1, 0, 2, 2024, 3, 31); /* [$-804]yyyy"年"m"月"d"日";@ */
	assert_false(xlsx_cell_is_date(b, 1, 1, 0)); /* [Red]0.00\ "day" */
	assert_date(b, 1, 1, 1, 2024, 3, 31); /* built-in 31, Chinese yyyy"年"m"月"d"日" */
	assert_string_equal(cell_of(b, 1, 1, 2, XLSX_ERROR)->text, "#N/A");
	assert_null(xlsx_cell(b, 1, 1, 3)); /* a style, no value */
	assert_int_equal(xlsx_cols(b, 1, 1), 3);
	assert_int_equal(xlsx_cols(b, 1, 2), 0);
	assert_text(b, 1, 4, 2, "line\rbreak and _x0041_ kept");
	assert_text(b, 1, 4, 3, ""); /* an empty string is a value */
	assert_text(b, 1, 5, 0, "内联");
	assert_int_equal(xlsx_rows(b, 1), 6);
	xlsx_free(b);
}

static void converts_serial_days(void **state)
{
	(void)state;
	static const struct {
		double serial;
		int y, m, d;
	} ok[] = {
		{1, 1900, 1, 1}, {59, 1900, 2, 28}, {61, 1900, 3, 1}, {45382, 2024, 3, 31},
		{45382.999, 2024, 3, 31}, {36526, 2000, 1, 1}, {2958465, 9999, 12, 31},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int y, m, d;
		assert_true(xlsx_serial_to_date(NULL, ok[i].serial, &y, &m, &d));
		assert_int_equal(y, ok[i].y);
		assert_int_equal(m, ok[i].m);
		assert_int_equal(d, ok[i].d);
	}
	static const double bad[] = {0, 0.5, -1, 60, 60.5, 2958466, 1e300, NAN, INFINITY, -INFINITY};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int y = -7, m = -7, d = -7;
		assert_false(xlsx_serial_to_date(NULL, bad[i], &y, &m, &d));
		assert_int_equal(y, -7);
	}

	struct xlsx_book *b = open_fixture("openpyxl_1904.xlsx");
	int y, m, d;
	assert_true(xlsx_serial_to_date(b, 0, &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 19040101);
	assert_true(xlsx_serial_to_date(b, 59, &y, &m, &d)); /* no 1900 bug in the 1904 system */
	assert_int_equal(y * 10000 + m * 100 + d, 19040229);
	assert_true(xlsx_serial_to_date(b, 2957003, &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 99991231);
	assert_false(xlsx_serial_to_date(b, 2957004, &y, &m, &d));
	assert_false(xlsx_serial_to_date(b, -1, &y, &m, &d));
	xlsx_free(b);
}

static void refuses_broken_files(void **state)
{
	(void)state;
	assert_int_equal(open_file_with("not_zip.xlsx", MAX_CELLS, MAX_BYTES), XLSX_NOT_ZIP);
	assert_int_equal(open_file_with("no_workbook.zip", MAX_CELLS, MAX_BYTES), XLSX_NOT_XLSX);
	assert_int_equal(open_file_with("truncated.xlsx", MAX_CELLS, MAX_BYTES), XLSX_MALFORMED);
	/* 16 MiB of XML in 17 KiB: refused under the limit, read above it */
	assert_int_equal(open_file_with("bomb.xlsx", MAX_CELLS, 1u << 20), XLSX_TOO_LARGE);
	assert_int_equal(open_file_with("bomb.xlsx", MAX_CELLS, 32u << 20), XLSX_OK);
	/* a bomb whose archive says its sheet is 100 bytes */
	assert_int_equal(open_file_with("lying_size.xlsx", MAX_CELLS, 1u << 20), XLSX_TOO_LARGE);
	/* the openpyxl book has 15 cells */
	assert_int_equal(open_file_with("openpyxl.xlsx", 14, MAX_BYTES), XLSX_TOO_LARGE);
	assert_int_equal(open_file_with("openpyxl.xlsx", 15, MAX_BYTES), XLSX_OK);

	char detail[256];
	assert_int_equal(open_bytes("", 0, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_NOT_ZIP);
	static const unsigned char xls[16] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	assert_int_equal(open_bytes(xls, sizeof xls, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_NOT_ZIP);
	assert_non_null(strstr(detail, ".xls"));
	/* a detail buffer too small, or none, is fine */
	assert_int_equal(open_bytes("PK\x03\x04", 4, MAX_CELLS, MAX_BYTES, detail, 8), XLSX_MALFORMED);
	assert_int_equal(strlen(detail), 7);
	assert_int_equal(open_bytes("PK\x05\x06", 4, MAX_CELLS, MAX_BYTES, NULL, 0), XLSX_NOT_ZIP);
	xlsx_free(NULL);

	assert_string_equal(xlsx_strerror(XLSX_OK), "ok");
	for (enum xlsx_err e = XLSX_NOT_ZIP; e <= XLSX_NOMEM; e++)
		assert_string_not_equal(xlsx_strerror(e), xlsx_strerror(e - 1));
	assert_string_equal(xlsx_strerror((enum xlsx_err)99), "unknown error");
}

/* ---- small archives around one part ------------------------------------------------------ */

struct part {
	const char *name;
	const char *text;
};

/* A zip of parts made in memory, compressed with method, encrypted with AES when password
 * is not NULL; the caller frees it. */
static unsigned char *make_zip_how(const struct part *parts, size_t n, zip_int32_t method, const char *password,
				   size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *fs = zip_source_buffer(za, parts[i].text, strlen(parts[i].text), 0);
		assert_non_null(fs);
		zip_int64_t idx = zip_file_add(za, parts[i].name, fs, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, method, 0), 0);
		if (password)
			assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, password), 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
	zip_int64_t size = zip_source_tell(src);
	assert_true(size > 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
	unsigned char *data = malloc((size_t)size);
	assert_non_null(data);
	assert_int_equal(zip_source_read(src, data, (zip_uint64_t)size), size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = (size_t)size;
	return data;
}

static unsigned char *make_zip(const struct part *parts, size_t n, size_t *len)
{
	return make_zip_how(parts, n, ZIP_CM_DEFAULT, NULL, len);
}

#define SML "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define DOC_RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define ROOT_RELS                                                                                    \
	"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS            \
	"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WORKBOOK                                                                                     \
	"<workbook xmlns=\"" SML "\" xmlns:r=\"" DOC_RELS "\"><sheets><sheet name=\"s\" sheetId=\"1\" " \
	"r:id=\"rId1\"/></sheets></workbook>"
#define WORKBOOK_RELS                                                                                \
	"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS            \
	"/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" DOC_RELS    \
	"/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
#define SST "<sst xmlns=\"" SML "\"><si><t>only</t></si></sst>"

/* A workbook of one sheet whose sheetData holds rows, compressed with method; the caller
 * frees it. */
static unsigned char *sheet_zip(const char *rows, zip_int32_t method, size_t *len)
{
	size_t n = strlen(rows) + 200;
	char *sheet = malloc(n);
	assert_non_null(sheet);
	snprintf(sheet, n, "<worksheet xmlns=\"%s\"><sheetData>%s</sheetData></worksheet>", SML, rows);
	const struct part parts[] = {
		{"_rels/.rels", ROOT_RELS},
		{"xl/workbook.xml", WORKBOOK},
		{"xl/_rels/workbook.xml.rels", WORKBOOK_RELS},
		{"xl/sharedStrings.xml", SST},
		{"xl/worksheets/sheet1.xml", sheet},
	};
	unsigned char *zip = make_zip_how(parts, sizeof parts / sizeof parts[0], method, NULL, len);
	free(sheet);
	return zip;
}

/* Opens a workbook of one sheet whose sheetData holds rows; returns the outcome. */
static enum xlsx_err open_sheet(const char *rows, char *detail, size_t detail_len)
{
	size_t len;
	unsigned char *zip = sheet_zip(rows, ZIP_CM_DEFAULT, &len);
	enum xlsx_err err = open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, detail_len);
	free(zip);
	return err;
}

/* Like open_sheet, for rows that make a good book; the caller frees it. */
static struct xlsx_book *open_sheet_book(const char *rows)
{
	size_t len;
	unsigned char *zip = sheet_zip(rows, ZIP_CM_DEFAULT, &len);
	struct xlsx_book *b = NULL;
	char detail[256];
	enum xlsx_err err = xlsx_open(zip, len, MAX_CELLS, MAX_BYTES, &b, detail, sizeof detail);
	free(zip);
	if (err != XLSX_OK)
		fail_msg("%s (%s)", xlsx_strerror(err), detail);
	return b;
}

/* Whether s is valid UTF-8 (no overlong forms or surrogates). */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : *p >= 0xC2 && *p < 0xE0 ? 1 : *p >= 0xE0 && *p < 0xF0 ? 2 : *p >= 0xF0 && *p < 0xF5 ? 3 : -1;
		if (n < 0)
			return false;
		unsigned cp = n == 0 ? *p : *p & (0x3F >> n);
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		p += n + 1;
	}
	return true;
}

static void refuses_broken_sheets(void **state)
{
	(void)state;
	static const struct {
		const char *rows;
		enum xlsx_err err;
		const char *says;
	} cases[] = {
		{"<row><c r=\"A1\" t=\"s\"><v>0</v></c></row>", XLSX_OK, ""},
		{"<row><c r=\"A1\" t=\"s\"><v>1</v></c></row>", XLSX_MALFORMED, "cell A1: shared string \"1\" does not exist"},
		{"<row><c r=\"A1\" t=\"s\"><v>-1</v></c></row>", XLSX_MALFORMED, "does not exist"},
		{"<row><c r=\"A1\" t=\"s\"><v>99999999999999999999999</v></c></row>", XLSX_MALFORMED, "does not exist"},
		{"<row><c r=\"A0\"><v>1</v></c></row>", XLSX_MALFORMED, "\"A0\" is not a cell address"},
		{"<row><c r=\"XFE1\"><v>1</v></c></row>", XLSX_MALFORMED, "not a cell address"},
		{"<row><c r=\"XFD1048577\"><v>1</v></c></row>", XLSX_MALFORMED, "not a cell address"},
		{"<row><c r=\"1A\"><v>1</v></c></row>", XLSX_MALFORMED, "not a cell address"},
		{"<row><c r=\"A1 \"><v>1</v></c></row>", XLSX_MALFORMED, "not a cell address"},
		{"<row><c r=\"XFD1048576\"><v>1</v></c></row>", XLSX_OK, ""},
		{"<row r=\"1048577\"><c><v>1</v></c></row>", XLSX_MALFORMED, "not a row number"},
		{"<row r=\"1048576\"/><row><c><v>1</v></c></row>", XLSX_MALFORMED, "past row"},
		{"<row><c r=\"XFD1\"/><c><v>1</v></c></row>", XLSX_MALFORMED, "past column"},
		{"<row><c r=\"B2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>", XLSX_MALFORMED, "two cells at B2"},
		{"<row r=\"12\"><c r=\"AB12\"><v>1</v></c><c r=\"AB12\"><v>1</v></c></row>", XLSX_MALFORMED, "two cells at AB12"},
		{"<row><c r=\"单元格\"><v>1</v></c></row>", XLSX_MALFORMED, "r=\"?????????\" is not"},
		{"<row><c><v>1,5</v></c></row>", XLSX_MALFORMED, "not a number"},
		{"<row><c><v>0x10</v></c></row>", XLSX_MALFORMED, "not a number"},
		{"<row><c><v>nan</v></c></row>", XLSX_MALFORMED, "not a number"},
		{"<row><c><v>1e999</v></c></row>", XLSX_MALFORMED, "not a number"},
		{"<row><c><v>1E-3</v></c><c><v>-.5</v></c><c><v></v></c></row>", XLSX_OK, ""},
		{"<row><c><v> 12\n</v></c><c t=\"b\"><v> 1 </v></c><c t=\"s\"><v>\t0</v></c></row>", XLSX_OK, ""},
		{"<row><c t=\"b\"><v>2</v></c></row>", XLSX_MALFORMED, "not a boolean"},
		{"<row><c t=\"x\"><v>2</v></c></row>", XLSX_MALFORMED, "not a cell type"},
		{"<row><c t=\"inlineStrXXXXXXX\"><v>2</v></c></row>", XLSX_MALFORMED, "not a cell type"},
		{"<row><c s=\"-1\"><v>2</v></c></row>", XLSX_MALFORMED, "not a style index"},
		{"<row><c s=\"99\"><v>2</v></c></row>", XLSX_OK, ""}, /* no styles part: not a date */
		{"<row><c><v>1</v></row>", XLSX_MALFORMED, "mismatched tag"},
		{"<row><c><v>\xff</v></c></row>", XLSX_MALFORMED, "line 1"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char detail[256] = "unset";
		enum xlsx_err err = open_sheet(cases[i].rows, detail, sizeof detail);
		if (err != cases[i].err || !strstr(detail, cases[i].says) || !utf8_valid(detail))
			fail_msg("case %zu: %s (%s), want %s", i, xlsx_strerror(err), detail, xlsx_strerror(cases[i].err));
	}
}

static void refuses_hostile_xml(void **state)
{
	(void)state;
	char detail[256];
	/* entities would expand; a DOCTYPE is refused before any can be declared */
	static const char laughs[] =
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
		"\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><worksheet xmlns=\"" SML "\"><sheetData>"
		"<row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>";
	const struct part parts[] = {
		{"_rels/.rels", ROOT_RELS},
		{"xl/workbook.xml", WORKBOOK},
		{"xl/_rels/workbook.xml.rels", WORKBOOK_RELS},
		{"xl/worksheets/sheet1.xml", laughs},
	};
	size_t len;
	unsigned char *zip = make_zip(parts, 4, &len);
	assert_int_equal(open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_MALFORMED);
	assert_non_null(strstr(detail, "DOCTYPE"));
	free(zip);

	/* nesting deeper than anything Office writes */
	char *deep = malloc(20000);
	assert_non_null(deep);
	size_t n = 0;
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(deep + n, 20000 - n, "<a>");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(deep + n, 20000 - n, "</a>");
	assert_int_equal(open_sheet(deep, detail, sizeof detail), XLSX_MALFORMED);
	assert_non_null(strstr(detail, "nested"));
	free(deep);

	/* one text longer than XLSX_MAX_TEXT */
	size_t big = XLSX_MAX_TEXT + 100;
	char *longtext = malloc(big + 100);
	assert_non_null(longtext);
	n = (size_t)snprintf(longtext, 100, "<row><c t=\"inlineStr\"><is><t>");
	memset(longtext + n, 'x', XLSX_MAX_TEXT + 1);
	n += XLSX_MAX_TEXT + 1;
	snprintf(longtext + n, 100, "</t></is></c></row>");
	assert_int_equal(open_sheet(longtext, detail, sizeof detail), XLSX_TOO_LARGE);
	/* exactly XLSX_MAX_TEXT is fine */
	memmove(longtext + n - 1, longtext + n, strlen(longtext + n) + 1);
	assert_int_equal(open_sheet(longtext, detail, sizeof detail), XLSX_OK);
	free(longtext);
}

static void finds_parts_or_refuses_packages(void **state)
{
	(void)state;
	static const char sheet[] = "<worksheet xmlns=\"" SML "\"><sheetData/></worksheet>";
	static const char docx_rels[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS
		"/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	static const char climbing_rels[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS
		"/worksheet\" Target=\"../../sheet1.xml\"/></Relationships>";
	static const char other_rels[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId9\" Type=\"" DOC_RELS
		"/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
	static const char escaped_rels[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS
		"/worksheet\" Target=\"worksheets/sheet%201.xml\"/></Relationships>";
	static const char no_sheets[] = "<workbook xmlns=\"" SML "\"><sheets/></workbook>";
	static const char bad_1904[] = "<workbook xmlns=\"" SML "\"><workbookPr date1904=\"yes\"/></workbook>";
	static const struct {
		struct part parts[4];
		enum xlsx_err err;
	} cases[] = {
		/* a .docx */
		{{{"_rels/.rels", docx_rels}, {"word/document.xml", "<w:document xmlns:w=\"urn:w\"/>"}}, XLSX_NOT_XLSX},
		/* a workbook part that is no workbook */
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", "<sst xmlns=\"" SML "\"/>"}}, XLSX_NOT_XLSX},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", no_sheets}}, XLSX_MALFORMED},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", bad_1904}}, XLSX_MALFORMED},
		/* no workbook relationships, or none for the sheet */
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}}, XLSX_MALFORMED},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", other_rels}},
		 XLSX_MALFORMED},
		/* the sheet's part is missing, or named above the root */
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", WORKBOOK_RELS}},
		 XLSX_MALFORMED},
		{{{"_rels/.rels", ROOT_RELS},
		  {"xl/workbook.xml", WORKBOOK},
		  {"xl/_rels/workbook.xml.rels", climbing_rels},
		  {"sheet1.xml", sheet}},
		 XLSX_MALFORMED},
		/* a writer that kept a target's %20 in the zip's name */
		{{{"_rels/.rels", ROOT_RELS},
		  {"xl/workbook.xml", WORKBOOK},
		  {"xl/_rels/workbook.xml.rels", escaped_rels},
		  {"xl/worksheets/sheet%201.xml", sheet}},
		 XLSX_OK},
		/* no _rels/.rels: Excel's usual names are tried; part names ignore case */
		{{{"XL/Workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", WORKBOOK_RELS}, {"xl/worksheets/sheet1.xml", sheet}},
		 XLSX_OK},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = 0;
		while (n < 4 && cases[i].parts[n].name)
			n++;
		size_t len;
		unsigned char *zip = make_zip(cases[i].parts, n, &len);
		char detail[256];
		enum xlsx_err err = open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail);
		free(zip);
		if (err != cases[i].err)
			fail_msg("case %zu: %s (%s), want %s", i, xlsx_strerror(err), detail, xlsx_strerror(cases[i].err));
	}
}

static void decodes_escapes(void **state)
{
	(void)state;
	static const struct {
		const char *xml, *text;
	} cases[] = {
		{"a_x000D_b", "a\rb"},
		{"_x00E9_t_x00e9_", "été"}, /* two-byte, either case of hex */
		{"_x4E2D_文", "中文"},       /* three-byte */
		{"_x0000_", "_x0000_"},      /* NUL would cut the text: kept */
		{"_xD800_", "_xD800_"},      /* a lone surrogate is no character: kept */
		{"_x12_ _x0041 _x00G1_", "_x12_ _x0041 _x00G1_"},
		{"_x005F_x0041_", "_x0041_"},
		{"&lt;&amp;&#x4E2D;&gt;", "<&中>"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char rows[256];
		snprintf(rows, sizeof rows, "<row><c t=\"inlineStr\"><is><t>%s</t></is></c><c t=\"str\"><v>%s</v></c></row>",
			 cases[i].xml, cases[i].xml);
		struct xlsx_book *b = open_sheet_book(rows);
		assert_text(b, 0, 0, 0, cases[i].text);
		assert_text(b, 0, 0, 1, cases[i].text);
		xlsx_free(b);
	}
}

/* ISO/IEC 29500 strict names everything differently; Excel can save it. */
static void reads_strict_workbooks(void **state)
{
	(void)state;
	static const char strict_rels[] = "http://purl.oclc.org/ooxml/officeDocument/relationships";
	static const char strict_sml[] = "http://purl.oclc.org/ooxml/spreadsheetml/main";
	char root[512], workbook[512], rels[512], sheet[512];
	snprintf(root, sizeof root,
		 "<Relationships xmlns=\"%s\"><Relationship Id=\"rId1\" Type=\"%s/officeDocument\" Target=\"xl/workbook.xml\"/>"
		 "</Relationships>",
		 PKG_RELS, strict_rels);
	snprintf(workbook, sizeof workbook,
		 "<workbook xmlns=\"%s\" xmlns:r=\"%s\"><sheets><sheet name=\"严格\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
		 "</workbook>",
		 strict_sml, strict_rels);
	snprintf(rels, sizeof rels,
		 "<Relationships xmlns=\"%s\"><Relationship Id=\"rId1\" Type=\"%s/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		 "</Relationships>",
		 PKG_RELS, strict_rels);
	snprintf(sheet, sizeof sheet,
		 "<s:worksheet xmlns:s=\"%s\"><s:sheetData><s:row><s:c><s:v>7</s:v></s:c></s:row></s:sheetData></s:worksheet>",
		 strict_sml);
	const struct part parts[] = {
		{"_rels/.rels", root},
		{"xl/workbook.xml", workbook},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/worksheets/sheet1.xml", sheet},
	};
	size_t len;
	unsigned char *zip = make_zip(parts, 4, &len);
	struct xlsx_book *b = NULL;
	assert_int_equal(xlsx_open(zip, len, MAX_CELLS, MAX_BYTES, &b, NULL, 0), XLSX_OK);
	free(zip);
	assert_string_equal(xlsx_sheet_name(b, 0), "严格");
	assert_number(b, 0, 0, 0, "7", 7);
	xlsx_free(b);
}

/* Parts whose bytes are damaged in the archive, or locked with a password. */
static void refuses_damaged_parts(void **state)
{
	(void)state;
	char detail[256];
	size_t len;
	unsigned char *zip = sheet_zip("<row><c><v>123</v></c></row>", ZIP_CM_STORE, &len);
	assert_int_equal(open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_OK);
	unsigned char *digit = NULL;
	for (size_t i = 0; i + 3 <= len && !digit; i++)
		if (memcmp(zip + i, "123", 3) == 0)
			digit = zip + i;
	assert_non_null(digit);
	*digit = '9'; /* still good XML, no longer the bytes the CRC was taken of */
	assert_int_equal(open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_MALFORMED);
	assert_non_null(strstr(detail, "CRC"));
	free(zip);

	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1))
		return; /* this libzip cannot write encrypted entries */
	const struct part parts[] = {{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}};
	zip = make_zip_how(parts, 2, ZIP_CM_DEFAULT, "secret", &len);
	assert_int_equal(open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_MALFORMED);
	assert_non_null(strstr(detail, "encrypted"));
	free(zip);
}

/* head, n copies of item, tail: malloc'ed, the caller frees it. item may hold one %d,
 * replaced by the copy's number. */
static char *repeat(const char *head, const char *item, int n, const char *tail)
{
	size_t cap = strlen(head) + (size_t)n * (strlen(item) + 12) + strlen(tail) + 1;
	char *out = malloc(cap);
	assert_non_null(out);
	size_t len = (size_t)snprintf(out, cap, "%s", head);
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, cap - len, item, i);
	snprintf(out + len, cap - len, "%s", tail);
	return out;
}

/* The counts a hostile file could blow up, and parts without what they must have. */
static void enforces_caps_and_shapes(void **state)
{
	(void)state;
	char *many_sheets = repeat("<workbook xmlns=\"" SML "\" xmlns:r=\"" DOC_RELS "\"><sheets>",
				   "<sheet name=\"s%d\" sheetId=\"1\" r:id=\"rId1\"/>", XLSX_MAX_SHEETS + 1, "</sheets></workbook>");
	char *many_rels = repeat("<Relationships xmlns=\"" PKG_RELS "\">",
				 "<Relationship Id=\"r%d\" Type=\"" DOC_RELS "/image\" Target=\"x.png\"/>", 8193,
				 "</Relationships>");
	char *many_xfs = repeat("<styleSheet xmlns=\"" SML "\"><cellXfs>", "<xf/>", 65537, "</cellXfs></styleSheet>");
	static const char rels_with_styles[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS
		"/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" DOC_RELS
		"/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId3\" Type=\"" DOC_RELS
		"/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
	static const char sheet[] = "<worksheet xmlns=\"" SML "\"><sheetData/></worksheet>";
	static const char no_root_doc[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS
		"/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";
	static const char no_target[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS "/worksheet\"/></Relationships>";
	static const char nameless[] =
		"<workbook xmlns=\"" SML "\" xmlns:r=\"" DOC_RELS "\"><sheets><sheet r:id=\"rId1\"/></sheets></workbook>";
	const struct {
		struct part parts[6];
		enum xlsx_err err;
		const char *says;
	} cases[] = {
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", many_sheets}}, XLSX_TOO_LARGE, "more than 1024 sheets"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", many_rels}},
		 XLSX_TOO_LARGE, "more than 8192 relationships"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", rels_with_styles},
		  {"xl/styles.xml", many_xfs}},
		 XLSX_TOO_LARGE, "more than 65536 cell formats"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", rels_with_styles},
		  {"xl/styles.xml", "<styleSheet xmlns=\"" SML "\"><numFmts><numFmt numFmtId=\"164\"/></numFmts></styleSheet>"}},
		 XLSX_MALFORMED, "a numFmt without"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", rels_with_styles},
		  {"xl/styles.xml", "<styleSheet xmlns=\"" SML "\"><cellXfs><xf numFmtId=\"x\"/></cellXfs></styleSheet>"}},
		 XLSX_MALFORMED, "numFmtId=\"x\""},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", rels_with_styles},
		  {"xl/sharedStrings.xml", "<strings xmlns=\"" SML "\"/>"}},
		 XLSX_MALFORMED, "no <sst>"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", WORKBOOK_RELS},
		  {"xl/worksheets/sheet1.xml", "<sheet xmlns=\"" SML "\"/>"}},
		 XLSX_MALFORMED, "without <worksheet>"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", no_target}},
		 XLSX_MALFORMED, "without Id, Type or Target"},
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", nameless}}, XLSX_MALFORMED, "without a name"},
		{{{"_rels/.rels", no_root_doc}, {"xl/workbook.xml", WORKBOOK}}, XLSX_NOT_XLSX, "names no main document"},
		/* styles and shared strings that are named but missing: Excel opens such files too */
		{{{"_rels/.rels", ROOT_RELS}, {"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", rels_with_styles},
		  {"xl/worksheets/sheet1.xml", sheet}},
		 XLSX_OK, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = 0;
		while (n < 6 && cases[i].parts[n].name)
			n++;
		size_t len;
		unsigned char *zip = make_zip(cases[i].parts, n, &len);
		char detail[256] = "";
		enum xlsx_err err = open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail);
		free(zip);
		if (err != cases[i].err || !strstr(detail, cases[i].says))
			fail_msg("case %zu: %s (%s), want %s", i, xlsx_strerror(err), detail, xlsx_strerror(cases[i].err));
	}
	free(many_sheets);
	free(many_rels);
	free(many_xfs);
}

/* Each custom format on one cell of its own. */
static void tells_date_formats(void **state)
{
	(void)state;
	static const struct {
		const char *code; /* as it stands in the XML attribute */
		bool is_date;
	} formats[] = {
		{"yyyy-mm-dd", true},
		{"m/d/yy h:mm", true},
		{"h:mm AM/PM", true},
		{"mm:ss", true},
		{"[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@", true},
		{"[h]:mm:ss", false},
		{"[mm]:ss", false},
		{"General", false},
		{"0.00", false},
		{"#,##0 &quot;元&quot;", false},
		{"&quot;day &quot;0", false},
		{"0\\d", false},
		{"0_m", false},
		{"[Red]0.0;[Blue]-0.0", false},
		{"0 A/P", false},
		{"&quot;unclosed", false},
	};
	enum { N = sizeof formats / sizeof formats[0] };
	char styles[4096], rows[2048];
	size_t s = (size_t)snprintf(styles, sizeof styles, "<styleSheet xmlns=\"%s\"><numFmts>", SML);
	for (int i = 0; i < N; i++)
		s += (size_t)snprintf(styles + s, sizeof styles - s, "<numFmt numFmtId=\"%d\" formatCode=\"%s\"/>", 200 + i,
				      formats[i].code);
	s += (size_t)snprintf(styles + s, sizeof styles - s, "</numFmts><cellXfs><xf numFmtId=\"0\"/>");
	for (int i = 0; i < N; i++)
		s += (size_t)snprintf(styles + s, sizeof styles - s, "<xf numFmtId=\"%d\"/>", 200 + i);
	snprintf(styles + s, sizeof styles - s, "</cellXfs></styleSheet>");
	assert_true(strlen(styles) < sizeof styles - 1);
	size_t r = (size_t)snprintf(rows, sizeof rows, "<worksheet xmlns=\"%s\"><sheetData><row><c><v>1</v></c>", SML);
	for (int i = 0; i < N; i++)
		r += (size_t)snprintf(rows + r, sizeof rows - r, "<c s=\"%d\"><v>45382</v></c>", i + 1);
	snprintf(rows + r, sizeof rows - r, "</row></sheetData></worksheet>");
	assert_true(strlen(rows) < sizeof rows - 1);

	static const char rels[] =
		"<Relationships xmlns=\"" PKG_RELS "\"><Relationship Id=\"rId1\" Type=\"" DOC_RELS
		"/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" DOC_RELS
		"/styles\" Target=\"styles.xml\"/></Relationships>";
	const struct part parts[] = {
		{"_rels/.rels", ROOT_RELS},           {"xl/workbook.xml", WORKBOOK},
		{"xl/_rels/workbook.xml.rels", rels}, {"xl/styles.xml", styles},
		{"xl/worksheets/sheet1.xml", rows},
	};
	size_t len;
	unsigned char *zip = make_zip(parts, 5, &len);
	struct xlsx_book *b = NULL;
	assert_int_equal(xlsx_open(zip, len, MAX_CELLS, MAX_BYTES, &b, NULL, 0), XLSX_OK);
	free(zip);
	assert_false(xlsx_cell_is_date(b, 0, 0, 0)); /* no style: General */
	for (int i = 0; i < N; i++)
		if (xlsx_cell_is_date(b, 0, 0, i + 1) != formats[i].is_date)
			fail_msg("%s: is_date should be %d", formats[i].code, formats[i].is_date);
	xlsx_free(b);
}

/* A detail cut short by its buffer still ends on a whole character. */
static void keeps_details_utf8(void **state)
{
	(void)state;
	char workbook[2048];
	size_t n = (size_t)snprintf(workbook, sizeof workbook, "<workbook xmlns=\"%s\" xmlns:r=\"%s\"><sheets><sheet name=\"", SML,
				    DOC_RELS);
	for (int i = 0; i < 120; i++)
		n += (size_t)snprintf(workbook + n, sizeof workbook - n, "汉");
	snprintf(workbook + n, sizeof workbook - n, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
	const struct part parts[] = {
		{"_rels/.rels", ROOT_RELS},
		{"xl/workbook.xml", workbook},
		{"xl/_rels/workbook.xml.rels", WORKBOOK_RELS},
		{"xl/sharedStrings.xml", SST},
		{"xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" SML "\"><sheetData><row><c r=\"A1\"><v>1</v></c>"
					     "<c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>"},
	};
	size_t len;
	unsigned char *zip = make_zip(parts, 5, &len);
	for (size_t size = 8; size <= 256; size++) {
		char detail[256];
		assert_int_equal(open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, size), XLSX_MALFORMED);
		assert_true(strlen(detail) < size);
		assert_true(utf8_valid(detail));
	}
	free(zip);

	/* a line break in a sheet's name does not reach the log line */
	snprintf(workbook, sizeof workbook,
		 "<workbook xmlns=\"%s\" xmlns:r=\"%s\"><sheets><sheet name=\"line&#10;break\" sheetId=\"1\" "
		 "r:id=\"rId1\"/></sheets></workbook>",
		 SML, DOC_RELS);
	zip = make_zip(parts, 5, &len);
	char detail[256];
	assert_int_equal(open_bytes(zip, len, MAX_CELLS, MAX_BYTES, detail, sizeof detail), XLSX_MALFORMED);
	assert_non_null(strstr(detail, "sheet \"line?break\""));
	free(zip);
}

#ifdef XLSX_FAULT_INJECTION
extern long xlsx_fault_countdown;

/* Every allocation of xlsx.c and expat made to fail in turn: each open either succeeds or
 * says XLSX_NOMEM, and (under AddressSanitizer) leaks nothing. */
static void survives_each_allocation_failing(void **state)
{
	(void)state;
	static const char *const names[] = {"xlsxwriter.xlsx", "handmade.xlsx", "inline_1904.xlsx"};
	for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
		size_t len;
		unsigned char *data = read_fixture(names[f], &len);
		for (long n = 1;; n++) {
			struct xlsx_book *b = NULL;
			xlsx_fault_countdown = n;
			enum xlsx_err err = xlsx_open(data, len, MAX_CELLS, MAX_BYTES, &b, NULL, 0);
			int injected = xlsx_fault_countdown == 0;
			xlsx_fault_countdown = 0;
			if (!injected) {
				assert_int_equal(err, XLSX_OK);
				xlsx_free(b);
				break;
			}
			if (err == XLSX_OK)
				xlsx_free(b); /* a failure expat recovered from */
			else if (err != XLSX_NOMEM)
				fail_msg("%s, allocation %ld failing: %s", names[f], n, xlsx_strerror(err));
		}
		free(data);
	}
}
#else
static void survives_each_allocation_failing(void **state)
{
	(void)state;
	skip(); /* needs -DXLSX_FAULT_INJECTION */
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_openpyxl_book),
		cmocka_unit_test(reads_xlsxwriter_book),
		cmocka_unit_test(reads_inline_strings_and_1904_dates),
		cmocka_unit_test(reads_what_writers_rarely_do),
		cmocka_unit_test(converts_serial_days),
		cmocka_unit_test(refuses_broken_files),
		cmocka_unit_test(refuses_broken_sheets),
		cmocka_unit_test(refuses_hostile_xml),
		cmocka_unit_test(finds_parts_or_refuses_packages),
		cmocka_unit_test(decodes_escapes),
		cmocka_unit_test(reads_strict_workbooks),
		cmocka_unit_test(refuses_damaged_parts),
		cmocka_unit_test(enforces_caps_and_shapes),
		cmocka_unit_test(tells_date_formats),
		cmocka_unit_test(keeps_details_utf8),
		cmocka_unit_test(survives_each_allocation_failing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
