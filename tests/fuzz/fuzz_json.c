/* Fuzz target: JSON request bodies as handlers read them — jansson's parser, then the field
 * readers of api/api.c (types, lengths, trimming, unknown fields). */
#include <stdint.h>
#include <string.h>

#include "api/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	if (!j)
		return 0;
	struct arena a;
	arena_init(&a, 4u << 20);
	struct req r;
	memset(&r, 0, sizeof(r));
	r.arena = &a;
	r.json = j;
	static const char *const allowed[] = {"name", "title", "due_date", NULL};
	const char *s = NULL;
	long long i = 0;
	int b = 0;
	api_only(&r, allowed);
	api_str(&r, "name", true, 100, &s);
	api_str(&r, "title", false, 5, &s);
	api_int(&r, "id", false, &i);
	api_bool(&r, "submit", false, &b);
	json_decref(j);
	arena_fini(&a);
	return 0;
}
