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

void jw_keyn(struct jw *w, const char *key, size_t n)
{
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

/* Writes v, when it is the double nearest a decimal of at most six places and fifteen
 * significant digits (a score rounded to hundredths, a weight of 0.25), as that decimal —
 * what "%.15g" writes for such a value, since fifteen digits bring a double back to the decimal
 * it was read from — without printf, whose floating-point conversion was a third of an
 * assessment's time (one explanation of every indicator per unit). Returns false otherwise. */
static bool decimal(struct jw *w, double v)
{
	static const double scale[] = {1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	if (!(fabs(v) >= 1e-4)) /* below, "%g" writes an exponent; and -0 */
		return false;
	for (int k = 0; k < 6; k++) {
		double x = v * scale[k];
		if (!(fabs(x) < 1e15))
			return false;
		long long n = llround(x);
		if ((double)n / scale[k] != v)
			continue;
		unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
		char d[32], *p = d + sizeof(d);
		int places = k + 1;
		while (places > 0 && u % 10 == 0) { /* 12.50 → 12.5 */
			u /= 10;
			places--;
		}
		for (int i = 0; i < places; i++, u /= 10)
			*--p = (char)('0' + u % 10);
		*--p = '.';
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (n < 0)
			*--p = '-';
		char c = sep_char(w);
		if (c)
			*--p = c;
		buf_append(w->b, p, (size_t)(d + sizeof(d) - p));
		return true;
	}
	return false;
}

void jw_double(struct jw *w, double v)
{
	if (!isfinite(v)) {
		sep(w);
		buf_puts(w->b, "null");
	} else if (fabs(v) < 9007199254740992.0 && v == (double)(long long)v && !(v == 0 && signbit(v))) {
		jw_int(w, (long long)v); /* most numbers here (progress, weights) are whole: no printf */
	} else if (!decimal(w, v)) {
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

