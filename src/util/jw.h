/* jw — a streaming JSON writer into a struct buf.
 *
 * List answers are written row by row with it instead of building a jansson tree per row
 * (DESIGN.md §2: a tree per row halves a list page's speed). The writer tracks commas and
 * nesting; strings are escaped as JSON requires. Errors (the buffer's cap) are sticky in the
 * buffer: check buf.failed once at the end. Strings must be valid UTF-8; callers only pass
 * text that was validated on the way in. */
#ifndef LD_JW_H
#define LD_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/buf.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct buf *b;
	int depth;
	bool first[JW_MAX_DEPTH];  /* no element written yet at this depth */
	bool after_key;
};

void jw_init(struct jw *w, struct buf *b);

void jw_obj(struct jw *w);     /* { */
void jw_obj_end(struct jw *w); /* } */
void jw_arr(struct jw *w);     /* [ */
void jw_arr_end(struct jw *w); /* ] */
void jw_keyn(struct jw *w, const char *key, size_t n);
/* inline, so that a literal key's length is known when it is compiled: an assessment writes
 * a million keys */
static inline void jw_key(struct jw *w, const char *key) { jw_keyn(w, key, strlen(key)); }

void jw_str(struct jw *w, const char *s); /* NULL writes null */
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, long long v);
void jw_double(struct jw *w, double v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* Inserts json, which must already be one valid JSON value. */
void jw_raw(struct jw *w, const char *json);

/* key + value in one call. */
static inline void jw_kstr(struct jw *w, const char *key, const char *s) { jw_key(w, key); jw_str(w, s); }
static inline void jw_kint(struct jw *w, const char *key, long long v) { jw_key(w, key); jw_int(w, v); }
static inline void jw_kbool(struct jw *w, const char *key, bool v) { jw_key(w, key); jw_bool(w, v); }
static inline void jw_knull(struct jw *w, const char *key) { jw_key(w, key); jw_null(w); }

/* Appends s escaped as the inside of a JSON string (no quotes). */
void jw_escape(struct buf *b, const char *s, size_t n);

#endif
