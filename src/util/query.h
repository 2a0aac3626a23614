/* query — parsing of URL query strings (?a=1&b=%E5%8E%86) into decoded pairs.
 *
 * Written here rather than taken from libevent because only http/ may include libevent, and
 * this parser is also a fuzz target on its own. */
#ifndef LD_QUERY_H
#define LD_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

#define QUERY_MAX_PAIRS 64

struct query_pair {
	const char *key;
	const char *value;
};

struct query {
	struct query_pair pair[QUERY_MAX_PAIRS];
	int n;
};

/* Decodes %XX and '+' of s[0..n) into a new string in the arena. Returns NULL for a bad escape,
 * an embedded NUL, invalid UTF-8, or no memory. */
char *query_decode(struct arena *a, const char *s, size_t n);

/* Parses raw (may be NULL or empty) into q. Returns 0, or -1 for a malformed string or more
 * than QUERY_MAX_PAIRS pairs. Strings live in the arena. */
int query_parse(struct query *q, struct arena *a, const char *raw);

/* The first value of key, or NULL. */
const char *query_get(const struct query *q, const char *key);

/* Parses a whole decimal integer in [min, max]. Returns false for anything else. */
bool parse_int(const char *s, long long min, long long max, long long *out);

/* True if s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);

#endif
