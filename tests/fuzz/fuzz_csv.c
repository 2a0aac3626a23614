/* Fuzz target: the CSV reader (util/csv.c) that uploaded lists go through. */
#include <stdint.h>

#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 64u << 20);
	struct csv c;
	csv_init(&c, (const char *)data, size);
	char *f[CSV_MAX_FIELDS];
	int n;
	while (csv_row(&c, &a, f, &n) == 1)
		;
	arena_fini(&a);
	return 0;
}
