/* A fuzz target for io/xlsx: opens the input as a workbook and reads every cell.
 *
 * With libFuzzer (clang, the seeds are the unit test's fixtures):
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     src/io/xlsx.c tests/fuzz/fuzz_xlsx.c $(pkg-config --cflags --libs libzip expat) -o /tmp/fuzz_xlsx
 *   mkdir -p /tmp/xlsx-corpus && /tmp/fuzz_xlsx -max_len=65536 /tmp/xlsx-corpus tests/unit/data/xlsx
 *
 * Without it, -DFUZZ_MAIN adds a main that runs the target over the files named on the
 * command line (a crash input kept as a regression case, for instance) with any compiler. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small limits keep each run quick while still reaching every path. */
#define FUZZ_MAX_CELLS 20000
#define FUZZ_MAX_BYTES (4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
