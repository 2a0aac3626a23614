/* A fuzz target for io/xlsx: opens the input as a workbook and reads every cell.
 *
 * With libFuzzer (clang, the seeds are the unit test's fixtures):
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     src/io/xlsx.c tests/fuzz/fuzz_xlsx.c $(pkg-config --cflags --libs libzip expat) -o /tmp/fuzz_xlsx
 *   mkdir -p /tmp/xlsx-corpus && /tmp/fuzz_xlsx -max_len=65536 /tmp/xlsx-corpus tests/unit/data/xlsx
 *
 * Mutated archives mostly fail their CRC check once a part is read, so the cell table
 * behind a sheet is seldom built. -DFUZZ_SHEET_XML makes the input the XML of the one sheet
 * of a fixed workbook (with shared strings and styles) instead, to reach it; seed it with
 * sheet parts unzipped from the fixtures.
 *
 * Without libFuzzer, -DFUZZ_MAIN adds a main that runs the target over the files named on
 * the command line (a crash input kept as a regression case, for instance). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef FUZZ_SHEET_XML
#include <zip.h>
#endif

#include "io/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small limits keep each run quick while still reaching every path. */
#define FUZZ_MAX_CELLS 20000
#define FUZZ_MAX_BYTES (4u << 20)

#ifdef FUZZ_SHEET_XML
#define SML "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* A stored zip of a workbook whose sheet is sheet[0..len); malloc'ed, or NULL. */
static uint8_t *zip_with_sheet(const uint8_t *sheet, size_t len, size_t *zip_len)
{
	static const char *const parts[][2] = {
		{"_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
				"<Relationship Id=\"r\" Type=\"" RELS "/officeDocument\" Target=\"xl/workbook.xml\"/>"
				"</Relationships>"},
		{"xl/workbook.xml", "<workbook xmlns=\"" SML "\" xmlns:r=\"" RELS "\"><sheets>"
				    "<sheet name=\"s\" sheetId=\"1\" r:id=\"r1\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"r1\" Type=\"" RELS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		 "<Relationship Id=\"r2\" Type=\"" RELS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
		 "<Relationship Id=\"r3\" Type=\"" RELS "/styles\" Target=\"styles.xml\"/></Relationships>"},
		{"xl/sharedStrings.xml", "<sst xmlns=\"" SML "\"><si><t>a</t></si><si><r><t>b</t></r></si></sst>"},
		{"xl/styles.xml", "<styleSheet xmlns=\"" SML "\"><numFmts><numFmt numFmtId=\"164\" formatCode=\"yy\"/>"
				  "</numFmts><cellXfs><xf/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"},
	};
	uint8_t *out = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = NULL;
	if (!src)
		goto out;
	zip_source_keep(src);
	if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)))
		goto out;
	for (size_t i = 0; i <= sizeof parts / sizeof parts[0]; i++) {
		int last = i == sizeof parts / sizeof parts[0];
		const char *name = last ? "xl/worksheets/sheet1.xml" : parts[i][0];
		zip_source_t *fs = last ? zip_source_buffer(za, sheet, len, 0)
					: zip_source_buffer(za, parts[i][1], strlen(parts[i][1]), 0);
		zip_int64_t idx = fs ? zip_file_add(za, name, fs, 0) : -1;
		if (idx < 0) {
			zip_source_free(fs);
			goto out;
		}
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	int closed = zip_close(za);
	za = NULL;
	if (closed != 0 || zip_source_open(src) != 0)
		goto out;
	zip_source_seek(src, 0, SEEK_END);
	zip_int64_t n = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	if (n > 0 && (out = malloc((size_t)n)) && zip_source_read(src, out, (zip_uint64_t)n) == n) {
		*zip_len = (size_t)n;
	} else {
		free(out);
		out = NULL;
	}
	zip_source_close(src);
out:
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}
#endif

/* Opens the input as a workbook and walks all of it. */
static int fuzz_one(const uint8_t *data, size_t size)
{
	struct xlsx_book *b = NULL;
	char detail[128];
	if (xlsx_open(data, size, FUZZ_MAX_CELLS, FUZZ_MAX_BYTES, &b, detail, sizeof detail) != XLSX_OK) {
		if (b || strlen(detail) == 0)
			abort(); /* a failure leaves nothing behind and always says why */
		return 0;
	}
	size_t sum = 0;
	for (int s = -1; s <= xlsx_sheet_count(b); s++) {
		const char *name = xlsx_sheet_name(b, s);
		sum += name ? strlen(name) : 0;
		int rows = xlsx_rows(b, s);
		for (int r = -1; r <= rows; r++) {
			int cols = xlsx_cols(b, s, r);
			for (int c = -1; c <= cols; c++) {
				const struct xlsx_cell *cell = xlsx_cell(b, s, r, c);
				if (!cell)
					continue;
				sum += strlen(cell->text); /* reads every byte: ASan sees a missing NUL */
				int y, m, d;
				if (xlsx_cell_is_date(b, s, r, c) && xlsx_serial_to_date(b, cell->number, &y, &m, &d) &&
				    (m < 1 || m > 12 || d < 1 || d > 31))
					abort();
			}
		}
	}
	xlsx_free(b);
	return sum == SIZE_MAX; /* keeps the reads from being optimized away */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef FUZZ_SHEET_XML
	size_t len;
	uint8_t *zip = zip_with_sheet(data, size, &len);
	if (!zip)
		return 0;
	fuzz_one(zip, len);
	free(zip);
	return 0;
#else
	return fuzz_one(data, size);
#endif
}

#ifdef FUZZ_MAIN
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, n = 0, got;
		uint8_t *data = malloc(cap);
		while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
			n += got;
			if (n == cap) {
				uint8_t *more = realloc(data, cap *= 2);
				if (!more)
					free(data);
				data = more;
			}
		}
		fclose(f);
		if (!data) {
			fprintf(stderr, "%s: out of memory\n", argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput(data, n);
		free(data);
		printf("ok %s\n", argv[i]);
	}
	return 0;
}
#endif
