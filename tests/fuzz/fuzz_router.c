/* Fuzz target: the router's path matching (api/router.c) — the first byte picks the method,
 * the rest is the decoded path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *path = malloc(size);
	if (!path)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	struct arena a;
	arena_init(&a, 1 << 20);
	struct req r;
	memset(&r, 0, sizeof(r));
	r.arena = &a;
	int known;
	route_match(&r, (enum http_method)(data[0] % 8), path, &known);
	arena_fini(&a);
	free(path);
	return 0;
}
