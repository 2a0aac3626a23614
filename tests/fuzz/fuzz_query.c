/* Fuzz target: URL query strings (util/query.c), as every request's ?… is parsed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct arena a;
	arena_init(&a, 1 << 20);
	struct query q;
	if (query_parse(&q, &a, s) == 0) {
		long long v;
		for (int i = 0; i < q.n; i++)
			parse_int(q.pair[i].value, -1000, 1000000, &v);
		query_get(&q, "page");
	}
	arena_fini(&a);
	free(s);
	return 0;
}
