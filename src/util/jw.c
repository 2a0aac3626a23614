#include "util/jw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void jw_init(struct jw *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* The separator a new value needs at the current position: ',' or none (0). */
static char sep_char(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return 0;
	}
	bool first = w->first[w->depth];
	w->first[w->depth] = false;
	return first ? 0 : ',';
}

/* Writes the separator a new value needs at the current position. */
static void sep(struct jw *w)
{
	char c = sep_char(w);
	if (c)
		buf_putc(w->b, c);
}

/* Whether s[0..n) goes into a JSON string as it is. */
static bool plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			return false;
	}
	return true;
}

/* Writes [sep]"s"[tail] with one append when s needs no escaping (keys and most values do
 * not): a list page is some two thousand of them, and an append per piece was a sixth of its
 * time. Returns false, having written nothing, when s needs escaping. */
static bool quoted_plain(struct jw *w, char sepc, const char *s, size_t n, const char *tail, size_t tn)
{
	if (!plain(s, n))
		return false;
	char *p = buf_extend(w->b, (sepc ? 1 : 0) + n + 2 + tn);
	if (!p)
		return true; /* the buffer is marked failed */
	if (sepc)
		*p++ = sepc;
	*p++ = '"';
	memcpy(p, s, n);
	p += n;
	*p++ = '"';
	memcpy(p, tail, tn);
	return true;
}

static void open(struct jw *w, char c)
{
	sep(w);
	buf_putc(w->b, c);
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		w->b->failed = 1;
		return;
	}
	w->first[++w->depth] = true;
}

static void close_(struct jw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	buf_putc(w->b, c);
}

void jw_obj(struct jw *w) { open(w, '{'); }
void jw_obj_end(struct jw *w) { close_(w, '}'); }
void jw_arr(struct jw *w) { open(w, '['); }
void jw_arr_end(struct jw *w) { close_(w, ']'); }

void jw_escape(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': buf_append(b, "\\\"", 2); break;
		case '\\': buf_append(b, "\\\\", 2); break;
		case '\n': buf_append(b, "\\n", 2); break;
		case '\r': buf_append(b, "\\r", 2); break;
		case '\t': buf_append(b, "\\t", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_append(b, u, 6);
		}
		}
	}
	buf_append(b, s + start, n - start);
}

void jw_key(struct jw *w, const char *key)
{
	size_t n = strlen(key);
	char c = sep_char(w);
	if (!quoted_plain(w, c, key, n, ":", 1)) {
		if (c)
			buf_putc(w->b, c);
		buf_putc(w->b, '"');
		jw_escape(w->b, key, n);
		buf_append(w->b, "\":", 2);
	}
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	char c = sep_char(w);
	if (quoted_plain(w, c, s, n, "", 0))
		return;
	if (c)
		buf_putc(w->b, c);
	buf_putc(w->b, '"');
	jw_escape(w->b, s, n);
	buf_putc(w->b, '"');
}

void jw_str(struct jw *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

void jw_int(struct jw *w, long long v)
{
	char c = sep_char(w);
	/* by hand: printf's machinery was a fifth of a dashboard answer's time */
	char d[24], *p = d + sizeof(d);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	if (c)
		*--p = c;
	buf_append(w->b, p, (size_t)(d + sizeof(d) - p));
}

void jw_double(struct jw *w, double v)
{
	if (!isfinite(v)) {
		sep(w);
		buf_puts(w->b, "null");
	} else if (fabs(v) < 9007199254740992.0 && v == (double)(long long)v && !(v == 0 && signbit(v))) {
		jw_int(w, (long long)v); /* most numbers here (progress, weights) are whole: no printf */
	} else {
		sep(w);
		buf_printf(w->b, "%.15g", v);
	}
}

void jw_bool(struct jw *w, bool v)
{
	sep(w);
	buf_puts(w->b, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	sep(w);
	buf_puts(w->b, "null");
}

void jw_raw(struct jw *w, const char *json)
{
	sep(w);
	buf_puts(w->b, json);
}

void jw_kstr(struct jw *w, const char *key, const char *s) { jw_key(w, key); jw_str(w, s); }
void jw_kint(struct jw *w, const char *key, long long v) { jw_key(w, key); jw_int(w, v); }
void jw_kbool(struct jw *w, const char *key, bool v) { jw_key(w, key); jw_bool(w, v); }
void jw_knull(struct jw *w, const char *key) { jw_key(w, key); jw_null(w); }
