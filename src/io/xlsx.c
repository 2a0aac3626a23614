/* xlsx — reading .xlsx workbooks that users upload.
 *
 * Written here because Debian ships no C library that reads .xlsx (libxlsxwriter only
 * writes). An .xlsx is a zip archive of XML parts (ECMA-376, Office Open XML): libzip opens
 * the archive from memory and expat parses each part as a stream, so no part is ever held
 * whole in memory.
 *
 * The input is hostile until proven otherwise: every allocation is checked; the real
 * uncompressed size of every part is counted against the caller's max_bytes while it is
 * read (never the size the archive claims); cells, shared strings, sheets, styles, nesting
 * and the length of one text have caps; a DOCTYPE is refused, so no entity can expand; and
 * every index read from the file (shared string, style, cell address) is checked before
 * use. Any problem makes xlsx_open fail with everything it allocated freed.
 *
 * The parts are found the way Excel finds them: _rels/.rels names the workbook, the
 * workbook's relationships name its sheets, shared strings and styles. Element names are
 * matched by namespace, not prefix, so both the transitional and the strict namespaces and
 * any prefix (<x:c> as well as <c>) are read. */
#include "io/xlsx.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#define XLSX_MAX_DEPTH 256      /* XML nesting; real parts stay under 10 */
#define XLSX_MAX_RELS 8192      /* relationships in one .rels part */
#define XLSX_MAX_FORMATS 65536  /* numFmt and cellXfs entries (Excel stops at 64,000) */
#define XLSX_MAX_PATH 1024      /* a part name */
#define XLSX_CHUNK (64 << 10)   /* bytes handed to expat at a time */
#define XLSX_POOL_BLOCK (64 << 10)

/* ---- allocation ------------------------------------------------------------------------ */

#ifdef XLSX_FAULT_INJECTION
/* Tests set this to n > 0 to make the n-th allocation from now on fail (expat's included). */
long xlsx_fault_countdown;
static bool xlsx_fault(void)
{
	return xlsx_fault_countdown > 0 && --xlsx_fault_countdown == 0;
}
#else
static bool xlsx_fault(void)
{
	return false;
}
#endif

/* Set when an allocation of this thread failed: expat reports some of its failures as XML
 * errors ("unbound prefix"), and this tells them apart. */
static _Thread_local bool xlsx_alloc_failed;

static void *xlsx_malloc(size_t n)
{
	void *p = xlsx_fault() ? NULL : malloc(n);
	if (!p)
		xlsx_alloc_failed = true;
	return p;
}

static void *xlsx_realloc(void *p, size_t n)
{
	void *np = xlsx_fault() ? NULL : realloc(p, n);
	if (!np)
		xlsx_alloc_failed = true;
	return np;
}

static const XML_Memory_Handling_Suite xlsx_expat_memory = {xlsx_malloc, xlsx_realloc, free};

/* Makes room for one more element in the array *v of n elements of size sz and capacity
 * *cap. Returns 0, or -1 when memory ran out (the array is left as it was). */
static int xlsx_grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	if (ncap < *cap || ncap > SIZE_MAX / sz)
		return -1;
	void *nv = xlsx_realloc(*v, ncap * sz);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Strings live in a pool of blocks freed all at once with the book. */
struct pool_block {
	struct pool_block *next;
	size_t used;
	size_t size;
	char data[];
};

/* n bytes from the pool, or NULL when memory ran out. */
static char *pool_alloc(struct pool_block **pool, size_t n)
{
	struct pool_block *b = *pool;
	if (!b || b->size - b->used < n) {
		size_t size = n > XLSX_POOL_BLOCK ? n : XLSX_POOL_BLOCK;
		if (size > SIZE_MAX - sizeof *b)
			return NULL;
		b = xlsx_malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		/* a block made for one big string goes second, so the current block stays in use */
		if (*pool && size > XLSX_POOL_BLOCK) {
			b->next = (*pool)->next;
			(*pool)->next = b;
		} else {
			b->next = *pool;
			*pool = b;
		}
	}
	char *p = b->data + b->used;
	b->used += n;
	return p;
}

static char *pool_strndup(struct pool_block **pool, const char *s, size_t n)
{
	char *p = pool_alloc(pool, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void pool_free(struct pool_block *b)
{
	while (b) {
		struct pool_block *next = b->next;
		free(b);
		b = next;
	}
}

/* ---- the book ------------------------------------------------------------------------- */

struct entry {
	struct xlsx_cell cell;
	int row;
	int col;
	unsigned style; /* index into cellXfs */
};

struct row_span {
	int row;
	size_t first; /* cells[first .. first + n) are this row's, by column */
	size_t n;
};

struct sheet {
	const char *name;
	struct entry *cells; /* sorted by row, then column */
	size_t ncells;
	struct row_span *rows; /* sorted by row */
	size_t nrows;
};

struct xlsx_book {
	struct sheet *sheets;
	int nsheets;
	bool date1904;
	unsigned char *xf_date; /* per cellXfs entry: 1 when its number format is a date */
	size_t nxf;
	struct pool_block *pool;
};

void xlsx_free(struct xlsx_book *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].cells);
		free(b->sheets[i].rows);
	}
	free(b->sheets);
	free(b->xf_date);
	pool_free(b->pool);
	free(b);
}

const char *xlsx_strerror(enum xlsx_err err)
{
	switch (err) {
	case XLSX_OK: return "ok";
	case XLSX_NOT_ZIP: return "not a zip archive";
	case XLSX_NOT_XLSX: return "not an xlsx workbook";
	case XLSX_TOO_LARGE: return "too large";
	case XLSX_MALFORMED: return "malformed";
	case XLSX_NOMEM: return "out of memory";
	}
	return "unknown error";
}

/* ---- what xlsx_open works with --------------------------------------------------------- */

struct rel {
	const char *id;
	const char *kind;   /* the Type URI's last segment: "worksheet", "styles"… */
	const char *target;
	bool external;
};

struct rels {
	struct rel *v;
	size_t n, cap;
};

struct sheet_ref {
	const char *name;
	const char *rid;
};

struct numfmt {
	unsigned id;
	bool is_date;
};

struct reader {
	struct xlsx_book *b;
	zip_t *za;
	size_t max_bytes, bytes_left;
	size_t max_cells, cells_left;
	char detail[256];

	struct sheet_ref *refs; /* from workbook.xml, in tab order */
	size_t nrefs, refs_cap;
	const char **strings;   /* the shared string table */
	size_t nstrings, strings_cap;
	struct numfmt *numfmts;
	size_t nnumfmts, numfmts_cap;
	unsigned *xf_fmt;       /* cellXfs' numFmtIds */
	size_t nxf, xf_cap;
};

/* Cuts a trailing incomplete UTF-8 sequence, left where snprintf ran out of room. */
static void utf8_trim_tail(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

/* A value from the file fit for an error message, in out: at most 24 bytes, anything but
 * printable ASCII shown as '?'. */
static const char *shown(const char *v, char out[32])
{
	size_t n = 0;
	for (; v[n] && n < 24; n++)
		out[n] = v[n] >= 0x20 && v[n] < 0x7F ? v[n] : '?';
	out[n] = '\0';
	return out;
}

/* "B3" for row 2, column 1 (0-based). */
static const char *cell_name(int row, int col, char out[16])
{
	char letters[4];
	int n = 0;
	for (int c = col + 1; c > 0 && n < 3; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int o = 0;
	while (n > 0)
		out[o++] = letters[--n];
	snprintf(out + o, (size_t)(16 - o), "%d", row + 1);
	return out;
}

static enum xlsx_err reader_fail(struct reader *rd, enum xlsx_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records why the open fails (the first reason wins) and returns err. The reason is one
 * line of valid UTF-8. */
static enum xlsx_err reader_fail(struct reader *rd, enum xlsx_err err, const char *fmt, ...)
{
	if (rd->detail[0] == '\0') {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(rd->detail, sizeof rd->detail, fmt, ap);
		va_end(ap);
		utf8_trim_tail(rd->detail);
		for (char *p = rd->detail; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = '?'; /* a sheet name's line break must not split a log line */
	}
	return err;
}

/* ---- small parsers --------------------------------------------------------------------- */

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A decimal number without sign, at most max. */
static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s)
		return false;
	unsigned long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* xsd:boolean: "1", "true", "0", "false". Returns 1 or 0 in *out, or 0 when s is neither. */
static bool parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
		*out = true;
	else if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* An A1 cell address ("AB12") to a 0-based row and column. */
static bool parse_ref(const char *s, int *row, int *col)
{
	int c = 0, letters = 0;
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
		if (++letters > 3)
			return false;
		c = c * 26 + (ascii_lower(*s) - 'a' + 1);
	}
	unsigned long r;
	if (letters == 0 || c > XLSX_MAX_COLS || *s == '0' || !parse_uint(s, XLSX_MAX_ROWS, &r) || r == 0)
		return false;
	*row = (int)r - 1;
	*col = c - 1;
	return true;
}

/* A cell's number as Excel writes it: decimal digits with an optional sign, point and
 * exponent; no hex, inf or nan. strtod reads it in the C locale, which the server keeps. */
static bool parse_number(const char *s, double *out)
{
	const char *p = s;
	int digits = 0;
	if (*p == '-' || *p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != p || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Copies s[0..n) into the pool, decoding OOXML's _xHHHH_ escapes (how Excel writes
 * characters XML cannot hold, such as a carriage return as _x000D_, and a literal "_x" as
 * _x005F_x). An escape of U+0000 or of a surrogate is kept as written: it could only come
 * out as a cut string or invalid UTF-8. Decoding never lengthens the text. */
static char *decode_text(struct pool_block **pool, const char *s, size_t n)
{
	char *out = pool_alloc(pool, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_') {
			unsigned cp = 0;
			bool ok = true;
			for (size_t k = 2; k < 6 && ok; k++) {
				int h = hexval(s[i + k]);
				ok = h >= 0;
				cp = cp << 4 | (unsigned)(ok ? h : 0);
			}
			if (ok && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				if (cp < 0x80) {
					out[o++] = (char)cp;
				} else if (cp < 0x800) {
					out[o++] = (char)(0xC0 | (cp >> 6));
					out[o++] = (char)(0x80 | (cp & 0x3F));
				} else {
					out[o++] = (char)(0xE0 | (cp >> 12));
					out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
					out[o++] = (char)(0x80 | (cp & 0x3F));
				}
				i += 7;
				continue;
			}
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

/* Whether a bracketed part of a format, between p (after '[') and close, is an elapsed-time
 * code: [h], [mm], [ss]… */
static bool is_elapsed(const char *p, const char *close)
{
	if (p == close)
		return false;
	char c = ascii_lower(*p);
	for (const char *q = p; q < close; q++)
		if (ascii_lower(*q) != c)
			return false;
	return c == 'h' || c == 'm' || c == 's';
}

/* Whether a number format code shows a date or a time of day: one of d, m, y, h, s outside
 * "quoted text", [brackets] (colours, locales), escaped characters (\x, _x, *x) and AM/PM,
 * unless it shows elapsed time ([h]:mm, a duration, not a moment). */
static bool format_is_date(const char *code)
{
	bool moment = false, elapsed = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			p = strchr(p + 1, '"');
			if (!p)
				return false;
		} else if (*p == '[') {
			const char *close = strchr(p + 1, ']');
			if (!close)
				return false;
			elapsed = elapsed || is_elapsed(p + 1, close);
			p = close;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p++;
		} else if (strncasecmp(p, "AM/PM", 5) == 0) {
			p += 4;
		} else if (strncasecmp(p, "A/P", 3) == 0) {
			p += 2;
		} else if (strchr("dmyhsDMYHS", *p)) {
			moment = true;
		}
	}
	return moment && !elapsed;
}

/* Built-in number formats that are dates or times: 14-22 and 45-47 everywhere, 27-36 and
 * 50-58 in the East Asian locales (Chinese Excel writes 31 for yyyy"年"m"月"d"日"). */
static bool builtin_is_date(unsigned id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* Resolves a relationship's target against the part that holds it (source, such as
 * "xl/workbook.xml"; "" for the package) into out, a part name without a leading '/'.
 * Absolute targets start from the package root; "." and ".." are resolved, and %XX escapes
 * when decode is set. Returns false when the result would not fit or climbs above the
 * root. */
static bool resolve_target(const char *source, const char *target, bool decode, char *out, size_t outlen)
{
	char tmp[XLSX_MAX_PATH];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(source, '/');
		size_t dirlen = slash ? (size_t)(slash - source) + 1 : 0;
		if (dirlen >= sizeof tmp)
			return false;
		memcpy(tmp, source, dirlen);
		n = dirlen;
	}
	for (const char *t = target; *t; t++) {
		char c = *t;
		if (c == '%' && decode) {
			int hi = hexval(t[1]), lo = hi >= 0 ? hexval(t[2]) : -1;
			if (lo < 0 || (hi == 0 && lo == 0))
				return false;
			c = (char)(hi << 4 | lo);
			t += 2;
		}
		if (n + 1 >= sizeof tmp)
			return false;
		tmp[n++] = c;
	}
	tmp[n] = '\0';

	/* walk the segments, dropping "" and ".", undoing the last segment for ".." */
	size_t o = 0;
	const char *seg = tmp;
	for (;;) {
		const char *slash = strchr(seg, '/');
		size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (o == 0)
				return false;
			o--; /* the '/' after the last segment kept */
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else if (len > 0 && !(len == 1 && seg[0] == '.')) {
			if (o + len + 1 >= outlen)
				return false;
			memcpy(out + o, seg, len);
			o += len;
			out[o++] = '/';
		}
		if (!slash)
			break;
		seg = slash + 1;
	}
	if (o == 0)
		return false;
	out[o - 1] = '\0'; /* the trailing '/' */
	return true;
}

/* ---- streaming XML ---------------------------------------------------------------------- */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_MAIN_STRICT "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define NS_PKG_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_DOC_RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_DOC_RELS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* The elements the reader cares about; everything else is EL_OTHER and skipped. */
enum el {
	EL_OTHER,
	EL_WORKSHEET, EL_SHEETDATA, EL_ROW, EL_C, EL_V, EL_IS, EL_T, EL_R,
	EL_SST, EL_SI,
	EL_WORKBOOK, EL_WORKBOOKPR, EL_SHEETS, EL_SHEET,
	EL_STYLESHEET, EL_NUMFMTS, EL_NUMFMT, EL_CELLXFS, EL_XF,
	EL_RELATIONSHIPS, EL_RELATIONSHIP,
};

static const struct {
	const char *name;
	enum el el;
} main_elements[] = {
	{"worksheet", EL_WORKSHEET}, {"sheetData", EL_SHEETDATA}, {"row", EL_ROW}, {"c", EL_C},
	{"v", EL_V}, {"is", EL_IS}, {"t", EL_T}, {"r", EL_R}, {"sst", EL_SST}, {"si", EL_SI},
	{"workbook", EL_WORKBOOK}, {"workbookPr", EL_WORKBOOKPR}, {"sheets", EL_SHEETS},
	{"sheet", EL_SHEET}, {"styleSheet", EL_STYLESHEET}, {"numFmts", EL_NUMFMTS},
	{"numFmt", EL_NUMFMT}, {"cellXfs", EL_CELLXFS}, {"xf", EL_XF},
};

/* expat, namespace-aware, names elements "namespace|local". An element without a
 * namespace is taken as SpreadsheetML: Excel refuses such parts, but nothing is lost by
 * reading them. */
static enum el element_of(const char *name)
{
	const char *bar = strrchr(name, '|');
	size_t nslen = bar ? (size_t)(bar - name) : 0;
	const char *local = bar ? bar + 1 : name;
	if (nslen == strlen(NS_PKG_RELS) && memcmp(name, NS_PKG_RELS, nslen) == 0) {
		if (strcmp(local, "Relationships") == 0)
			return EL_RELATIONSHIPS;
		if (strcmp(local, "Relationship") == 0)
			return EL_RELATIONSHIP;
		return EL_OTHER;
	}
	if (bar && !(nslen == strlen(NS_MAIN) && memcmp(name, NS_MAIN, nslen) == 0) &&
	    !(nslen == strlen(NS_MAIN_STRICT) && memcmp(name, NS_MAIN_STRICT, nslen) == 0))
		return EL_OTHER;
	for (size_t i = 0; i < sizeof main_elements / sizeof main_elements[0]; i++)
		if (strcmp(local, main_elements[i].name) == 0)
			return main_elements[i].el;
	return EL_OTHER;
}

/* An attribute's value by its expanded name ("r", or "namespace|local"), or NULL. */
static const char *attr(const XML_Char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

/* One part being parsed. The handlers of each kind of part see the element just opened or
 * about to close at up(s, 0), its parent at up(s, 1)… */
struct sax {
	struct reader *rd;
	XML_Parser p;
	const char *part;
	enum xlsx_err err;
	int depth;
	unsigned char stack[XLSX_MAX_DEPTH];
	bool capture;           /* character data goes to text */
	char *text;
	size_t text_len, text_cap;
	void (*on_start)(struct sax *s, const XML_Char **atts);
	void (*on_end)(struct sax *s);
	void *state;            /* the part's own */
};

static enum el up(const struct sax *s, int k)
{
	return k < s->depth ? (enum el)s->stack[s->depth - 1 - k] : EL_OTHER;
}

static void sax_fail(struct sax *s, enum xlsx_err err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Stops the parse with err and a reason that says where. The first failure wins. */
static void sax_fail(struct sax *s, enum xlsx_err err, const char *fmt, ...)
{
	if (s->err != XLSX_OK)
		return;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->err = err;
	reader_fail(s->rd, err, "%s line %lu: %s", s->part, (unsigned long)XML_GetCurrentLineNumber(s->p), msg);
	XML_StopParser(s->p, XML_FALSE);
}

static void text_reset(struct sax *s)
{
	s->text_len = 0;
}

/* The text collected since text_reset, NUL-terminated (borrowed, and the caller may
 * change it in place; "" when nothing), or NULL when memory ran out (the parse is then
 * failed). */
static char *text_str(struct sax *s)
{
	if (!s->text) {
		if (xlsx_grow((void **)&s->text, &s->text_cap, 0, 1) != 0) {
			sax_fail(s, XLSX_NOMEM, "out of memory");
			return NULL;
		}
	}
	s->text[s->text_len] = '\0';
	return s->text;
}

static void XMLCALL sax_chars(void *user, const XML_Char *data, int len)
{
	struct sax *s = user;
	if (s->err != XLSX_OK || !s->capture || len <= 0)
		return;
	size_t n = (size_t)len;
	if (n > XLSX_MAX_TEXT - s->text_len) {
		sax_fail(s, XLSX_TOO_LARGE, "a text longer than %u bytes", XLSX_MAX_TEXT);
		return;
	}
	/* room for the text and a NUL; XLSX_MAX_TEXT keeps these sums small */
	if (s->text_len + n + 1 > s->text_cap) {
		size_t cap = s->text_cap ? s->text_cap : 256;
		while (cap < s->text_len + n + 1)
			cap *= 2;
		char *t = xlsx_realloc(s->text, cap);
		if (!t) {
			sax_fail(s, XLSX_NOMEM, "out of memory");
			return;
		}
		s->text = t;
		s->text_cap = cap;
	}
	memcpy(s->text + s->text_len, data, n);
	s->text_len += n;
}

static void XMLCALL sax_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct sax *s = user;
	if (s->err != XLSX_OK)
		return;
	if (s->depth == XLSX_MAX_DEPTH) {
		sax_fail(s, XLSX_MALFORMED, "elements nested deeper than %d", XLSX_MAX_DEPTH);
		return;
	}
	s->stack[s->depth++] = (unsigned char)element_of(name);
	s->on_start(s, atts);
}

static void XMLCALL sax_end(void *user, const XML_Char *name)
{
	struct sax *s = user;
	(void)name;
	if (s->err != XLSX_OK)
		return;
	s->on_end(s);
	s->depth--;
}

static void XMLCALL sax_doctype(void *user, const XML_Char *name, const XML_Char *sysid,
				const XML_Char *pubid, int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	sax_fail(user, XLSX_MALFORMED, "a DOCTYPE, which no Office part has");
}

/* The index of a part by name: exactly, else ignoring case as part names are (ECMA-376
 * part 2, 8.1.1.1); -1 when there is none. */
static zip_int64_t find_part(struct reader *rd, const char *name)
{
	zip_int64_t i = zip_name_locate(rd->za, name, 0);
	if (i < 0)
		i = zip_name_locate(rd->za, name, ZIP_FL_NOCASE);
	return i;
}

/* Finds the part a relationship's target names, resolved against source, and puts its
 * name in path. Targets are URIs whose %XX escapes stand for the characters of the part's
 * name; a writer that kept the escapes in the zip's names is understood too. Returns the
 * part's index, -1 when there is no such part, -2 when the target is no usable name. */
static zip_int64_t find_target(struct reader *rd, const char *source, const char *target, char path[XLSX_MAX_PATH])
{
	if (!resolve_target(source, target, true, path, XLSX_MAX_PATH))
		return -2;
	zip_int64_t idx = find_part(rd, path);
	char raw[XLSX_MAX_PATH];
	if (idx < 0 && strchr(target, '%') && resolve_target(source, target, false, raw, sizeof raw) &&
	    (idx = find_part(rd, raw)) >= 0)
		memcpy(path, raw, sizeof raw);
	return idx;
}

/* Maps a libzip error met while reading part to ours. */
static enum xlsx_err zip_fail(struct reader *rd, const char *part, zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_MEMORY:
		return reader_fail(rd, XLSX_NOMEM, "out of memory");
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		return reader_fail(rd, XLSX_MALFORMED, "%s is encrypted", part);
	case ZIP_ER_COMPNOTSUPP:
		return reader_fail(rd, XLSX_MALFORMED, "%s uses an unsupported compression", part);
	case ZIP_ER_CRC:
		return reader_fail(rd, XLSX_MALFORMED, "%s is damaged (CRC error)", part);
	default:
		return reader_fail(rd, XLSX_MALFORMED, "%s cannot be read: %s", part, zip_error_strerror(ze));
	}
}

/* Streams part number idx (named part) through expat into the handlers of s. Returns
 * XLSX_OK, or the failure (already recorded in rd). s->text is freed either way. */
static enum xlsx_err parse_part(struct reader *rd, zip_int64_t idx, const char *part, struct sax *s)
{
	enum xlsx_err err = XLSX_OK;
	zip_file_t *zf = NULL;
	s->rd = rd;
	s->part = part;
	xlsx_alloc_failed = false;
	s->p = XML_ParserCreate_MM(NULL, &xlsx_expat_memory, "|");
	if (!s->p) {
		err = reader_fail(rd, XLSX_NOMEM, "out of memory");
		goto out;
	}
	XML_SetUserData(s->p, s);
	XML_SetElementHandler(s->p, sax_start, sax_end);
	XML_SetCharacterDataHandler(s->p, sax_chars);
	XML_SetStartDoctypeDeclHandler(s->p, sax_doctype);

	zip_stat_t st;
	if (zip_stat_index(rd->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > rd->bytes_left) {
		err = reader_fail(rd, XLSX_TOO_LARGE, "%s would pass the limit of %zu bytes of XML", part, rd->max_bytes);
		goto out;
	}
	zf = zip_fopen_index(rd->za, (zip_uint64_t)idx, 0);
	if (!zf) {
		err = zip_fail(rd, part, zip_get_error(rd->za));
		goto out;
	}
	for (;;) {
		void *buf = XML_GetBuffer(s->p, XLSX_CHUNK);
		if (!buf) {
			err = reader_fail(rd, XLSX_NOMEM, "out of memory");
			goto out;
		}
		zip_int64_t n = zip_fread(zf, buf, XLSX_CHUNK);
		if (n < 0) {
			err = zip_fail(rd, part, zip_file_get_error(zf));
			goto out;
		}
		/* the real size counts, whatever the archive's directory says */
		if ((zip_uint64_t)n > rd->bytes_left) {
			err = reader_fail(rd, XLSX_TOO_LARGE, "%s passes the limit of %zu bytes of XML", part, rd->max_bytes);
			goto out;
		}
		rd->bytes_left -= (size_t)n;
		if (XML_ParseBuffer(s->p, (int)n, n == 0) != XML_STATUS_OK) {
			if (s->err != XLSX_OK) {
				err = s->err;
			} else if (XML_GetErrorCode(s->p) == XML_ERROR_NO_MEMORY || xlsx_alloc_failed) {
				err = reader_fail(rd, XLSX_NOMEM, "out of memory");
			} else {
				err = reader_fail(rd, XLSX_MALFORMED, "%s line %lu: %s", part,
						  (unsigned long)XML_GetCurrentLineNumber(s->p),
						  XML_ErrorString(XML_GetErrorCode(s->p)));
			}
			goto out;
		}
		if (n == 0)
			break;
	}
out:
	if (zf)
		zip_fclose(zf);
	if (s->p)
		XML_ParserFree(s->p);
	s->p = NULL;
	free(s->text);
	s->text = NULL;
	return err;
}

/* ---- _rels/.rels and xl/_rels/workbook.xml.rels ----------------------------------------- */

static void rels_start(struct sax *s, const XML_Char **atts)
{
	struct rels *rels = s->state;
	if (up(s, 0) != EL_RELATIONSHIP || up(s, 1) != EL_RELATIONSHIPS)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !type || !target) {
		sax_fail(s, XLSX_MALFORMED, "a relationship without Id, Type or Target");
		return;
	}
	if (rels->n == XLSX_MAX_RELS) {
		sax_fail(s, XLSX_TOO_LARGE, "more than %d relationships", XLSX_MAX_RELS);
		return;
	}
	if (xlsx_grow((void **)&rels->v, &rels->cap, rels->n, sizeof *rels->v) != 0) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	const char *slash = strrchr(type, '/');
	const char *kind = slash ? slash + 1 : type;
	struct pool_block **pool = &s->rd->b->pool;
	struct rel *r = &rels->v[rels->n];
	r->id = pool_strndup(pool, id, strlen(id));
	r->kind = pool_strndup(pool, kind, strlen(kind));
	r->target = pool_strndup(pool, target, strlen(target));
	r->external = mode && strcmp(mode, "External") == 0;
	if (!r->id || !r->kind || !r->target) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	rels->n++;
}

/* For parts whose closing tags say nothing. */
static void ignore_end(struct sax *s)
{
	(void)s;
}

static enum xlsx_err parse_rels(struct reader *rd, zip_int64_t idx, const char *part, struct rels *rels)
{
	struct sax s = {.on_start = rels_start, .on_end = ignore_end, .state = rels};
	return parse_part(rd, idx, part, &s);
}

static const struct rel *rel_by_kind(const struct rels *rels, const char *kind)
{
	for (size_t i = 0; i < rels->n; i++)
		if (!rels->v[i].external && strcmp(rels->v[i].kind, kind) == 0)
			return &rels->v[i];
	return NULL;
}

static const struct rel *rel_by_id(const struct rels *rels, const char *id)
{
	for (size_t i = 0; i < rels->n; i++)
		if (strcmp(rels->v[i].id, id) == 0)
			return &rels->v[i];
	return NULL;
}

/* ---- xl/workbook.xml -------------------------------------------------------------------- */

static void workbook_start(struct sax *s, const XML_Char **atts)
{
	char buf[32];
	struct reader *rd = s->rd;
	if (s->depth == 1 && up(s, 0) != EL_WORKBOOK) {
		sax_fail(s, XLSX_NOT_XLSX, "the main part is not a workbook");
		return;
	}
	if (up(s, 0) == EL_WORKBOOKPR && up(s, 1) == EL_WORKBOOK) {
		const char *v = attr(atts, "date1904");
		if (v && !parse_bool(v, &rd->b->date1904))
			sax_fail(s, XLSX_MALFORMED, "date1904=\"%s\" is not a boolean", shown(v, buf));
		return;
	}
	if (up(s, 0) != EL_SHEET || up(s, 1) != EL_SHEETS)
		return;
	const char *name = attr(atts, "name");
	const char *rid = attr(atts, NS_DOC_RELS "|id");
	if (!rid)
		rid = attr(atts, NS_DOC_RELS_STRICT "|id");
	if (!name || !rid) {
		sax_fail(s, XLSX_MALFORMED, "a sheet without a name or r:id");
		return;
	}
	if (rd->nrefs == XLSX_MAX_SHEETS) {
		sax_fail(s, XLSX_TOO_LARGE, "more than %d sheets", XLSX_MAX_SHEETS);
		return;
	}
	if (xlsx_grow((void **)&rd->refs, &rd->refs_cap, rd->nrefs, sizeof *rd->refs) != 0) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	struct sheet_ref *ref = &rd->refs[rd->nrefs];
	ref->name = pool_strndup(&rd->b->pool, name, strlen(name));
	ref->rid = pool_strndup(&rd->b->pool, rid, strlen(rid));
	if (!ref->name || !ref->rid) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	rd->nrefs++;
}

/* ---- xl/sharedStrings.xml --------------------------------------------------------------- */

/* <si><t>text</t></si>, or rich text <si><r><t>run</t></r>…</si> whose runs are joined.
 * Phonetic guides (<rPh><t>) are not part of the text. */
static bool in_string_text(const struct sax *s, enum el holder)
{
	return up(s, 0) == EL_T && (up(s, 1) == holder || (up(s, 1) == EL_R && up(s, 2) == holder));
}

static void sst_start(struct sax *s, const XML_Char **atts)
{
	(void)atts;
	if (s->depth == 1 && up(s, 0) != EL_SST)
		sax_fail(s, XLSX_MALFORMED, "the shared strings part has no <sst>");
	else if (up(s, 0) == EL_SI && up(s, 1) == EL_SST)
		text_reset(s);
	else if (in_string_text(s, EL_SI))
		s->capture = true;
}

static void sst_end(struct sax *s)
{
	struct reader *rd = s->rd;
	if (in_string_text(s, EL_SI)) {
		s->capture = false;
		return;
	}
	if (up(s, 0) != EL_SI || up(s, 1) != EL_SST)
		return;
	if (rd->nstrings == XLSX_MAX_STRINGS) {
		sax_fail(s, XLSX_TOO_LARGE, "more than %u shared strings", XLSX_MAX_STRINGS);
		return;
	}
	if (xlsx_grow((void **)&rd->strings, &rd->strings_cap, rd->nstrings, sizeof *rd->strings) != 0) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	const char *text = text_str(s);
	if (!text)
		return;
	const char *str = decode_text(&rd->b->pool, text, s->text_len);
	if (!str) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	rd->strings[rd->nstrings++] = str;
}

/* ---- xl/styles.xml ---------------------------------------------------------------------- */

static void styles_start(struct sax *s, const XML_Char **atts)
{
	char buf[32];
	struct reader *rd = s->rd;
	unsigned long id = 0;
	if (up(s, 0) == EL_NUMFMT && up(s, 1) == EL_NUMFMTS && up(s, 2) == EL_STYLESHEET) {
		const char *code = attr(atts, "formatCode");
		if (!parse_uint(attr(atts, "numFmtId"), UINT_MAX, &id) || !code) {
			sax_fail(s, XLSX_MALFORMED, "a numFmt without a numFmtId or formatCode");
			return;
		}
		if (rd->nnumfmts == XLSX_MAX_FORMATS) {
			sax_fail(s, XLSX_TOO_LARGE, "more than %d number formats", XLSX_MAX_FORMATS);
			return;
		}
		if (xlsx_grow((void **)&rd->numfmts, &rd->numfmts_cap, rd->nnumfmts, sizeof *rd->numfmts) != 0) {
			sax_fail(s, XLSX_NOMEM, "out of memory");
			return;
		}
		rd->numfmts[rd->nnumfmts++] = (struct numfmt){(unsigned)id, format_is_date(code)};
	} else if (up(s, 0) == EL_XF && up(s, 1) == EL_CELLXFS && up(s, 2) == EL_STYLESHEET) {
		const char *v = attr(atts, "numFmtId");
		if (v && !parse_uint(v, UINT_MAX, &id)) {
			sax_fail(s, XLSX_MALFORMED, "numFmtId=\"%s\" is not a number", shown(v, buf));
			return;
		}
		if (rd->nxf == XLSX_MAX_FORMATS) {
			sax_fail(s, XLSX_TOO_LARGE, "more than %d cell formats", XLSX_MAX_FORMATS);
			return;
		}
		if (xlsx_grow((void **)&rd->xf_fmt, &rd->xf_cap, rd->nxf, sizeof *rd->xf_fmt) != 0) {
			sax_fail(s, XLSX_NOMEM, "out of memory");
			return;
		}
		rd->xf_fmt[rd->nxf++] = (unsigned)id;
	}
}

static int numfmt_cmp(const void *a, const void *b)
{
	unsigned x = ((const struct numfmt *)a)->id, y = ((const struct numfmt *)b)->id;
	return (x > y) - (x < y);
}

/* Works out which cellXfs entries are dates, once both lists are read. */
static enum xlsx_err styles_finish(struct reader *rd)
{
	struct xlsx_book *b = rd->b;
	if (rd->nxf == 0)
		return XLSX_OK;
	b->xf_date = xlsx_malloc(rd->nxf);
	if (!b->xf_date)
		return reader_fail(rd, XLSX_NOMEM, "out of memory");
	b->nxf = rd->nxf;
	if (rd->nnumfmts > 1)
		qsort(rd->numfmts, rd->nnumfmts, sizeof *rd->numfmts, numfmt_cmp);
	for (size_t i = 0; i < rd->nxf; i++) {
		struct numfmt key = {rd->xf_fmt[i], 0};
		const struct numfmt *f = rd->nnumfmts ? bsearch(&key, rd->numfmts, rd->nnumfmts, sizeof key, numfmt_cmp) : NULL;
		b->xf_date[i] = (unsigned char)(f ? f->is_date : builtin_is_date(key.id));
	}
	return XLSX_OK;
}

/* ---- xl/worksheets/sheetN.xml ----------------------------------------------------------- */

struct ws {
	struct sheet *sh;
	size_t cap;
	bool sorted;   /* cells came in row, then column order, as they should */
	int next_row;  /* where a <row> or <c> without an address goes (0-based) */
	int next_col;
	/* the cell being read */
	int row, col;
	unsigned style;
	char type[10]; /* the t attribute: "n", "s", "str", "inlineStr", "b", "e", "d" */
	bool has_v, has_is;
};

static void ws_start(struct sax *s, const XML_Char **atts)
{
	char buf[32];
	struct ws *ws = s->state;
	enum el e = up(s, 0);
	if (s->depth == 1 && e != EL_WORKSHEET) {
		sax_fail(s, XLSX_MALFORMED, "a sheet part without <worksheet>");
		return;
	}
	if (e == EL_ROW && up(s, 1) == EL_SHEETDATA) {
		const char *r = attr(atts, "r");
		unsigned long n = 0;
		if (r && (!parse_uint(r, XLSX_MAX_ROWS, &n) || n == 0)) {
			sax_fail(s, XLSX_MALFORMED, "row r=\"%s\" is not a row number", shown(r, buf));
			return;
		}
		int row = r ? (int)n - 1 : ws->next_row;
		if (row >= XLSX_MAX_ROWS) {
			sax_fail(s, XLSX_MALFORMED, "a row past row %d", XLSX_MAX_ROWS);
			return;
		}
		ws->next_row = row;
		ws->next_col = 0;
	} else if (e == EL_C && up(s, 1) == EL_ROW && up(s, 2) == EL_SHEETDATA) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
		if (r) {
			if (!parse_ref(r, &ws->row, &ws->col)) {
				sax_fail(s, XLSX_MALFORMED, "cell r=\"%s\" is not a cell address", shown(r, buf));
				return;
			}
		} else {
			ws->row = ws->next_row;
			ws->col = ws->next_col;
			if (ws->col >= XLSX_MAX_COLS) {
				sax_fail(s, XLSX_MALFORMED, "a cell past column XFD");
				return;
			}
		}
		ws->next_row = ws->row;
		ws->next_col = ws->col + 1;
		unsigned long style = 0;
		if (st && !parse_uint(st, UINT_MAX, &style)) {
			sax_fail(s, XLSX_MALFORMED, "cell s=\"%s\" is not a style index", shown(st, buf));
			return;
		}
		ws->style = (unsigned)style;
		if (!t)
			t = "n";
		if (strlen(t) >= sizeof ws->type) {
			sax_fail(s, XLSX_MALFORMED, "cell t=\"%s\" is not a cell type", shown(t, buf));
			return;
		}
		memcpy(ws->type, t, strlen(t) + 1);
		ws->has_v = ws->has_is = false;
		text_reset(s);
	} else if (e == EL_V && up(s, 1) == EL_C) {
		text_reset(s);
		ws->has_v = true;
		ws->has_is = false;
		s->capture = true;
	} else if (e == EL_IS && up(s, 1) == EL_C) {
		text_reset(s);
		ws->has_is = true;
		ws->has_v = false;
	} else if (in_string_text(s, EL_IS)) {
		s->capture = true;
	}
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->row != y->row)
		return (x->row > y->row) - (x->row < y->row);
	return (x->col > y->col) - (x->col < y->col);
}

/* The value of the cell just closed, in *cell. Returns false for an empty cell, or when the
 * value makes no sense or memory ran out (the parse is then failed). */
static bool ws_value(struct sax *s, struct ws *ws, struct xlsx_cell *cell)
{
	char buf[32], at[16];
	struct reader *rd = s->rd;
	struct pool_block **pool = &rd->b->pool;
	char *v = text_str(s);
	if (!v)
		return false;
	size_t len = s->text_len;
	const char *t = ws->type;
	*cell = (struct xlsx_cell){.type = XLSX_STRING};

	if (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0 || (ws->has_is && strcmp(t, "n") == 0)) {
		if (!ws->has_is && !ws->has_v)
			return false; /* a formula never calculated */
		cell->text = decode_text(pool, v, len);
		goto out;
	}
	if (!ws->has_v)
		return false; /* a style without a value */
	/* the other values are XML Schema numbers and names: space around them means nothing */
	while (len > 0 && strchr(" \t\r\n", v[0]))
		v++, len--;
	while (len > 0 && strchr(" \t\r\n", v[len - 1]))
		len--;
	v[len] = '\0';

	if (strcmp(t, "n") == 0) {
		if (len == 0)
			return false;
		if (!parse_number(v, &cell->number)) {
			sax_fail(s, XLSX_MALFORMED, "cell %s: \"%s\" is not a number", cell_name(ws->row, ws->col, at), shown(v, buf));
			return false;
		}
		cell->type = XLSX_NUMBER;
		cell->text = pool_strndup(pool, v, len);
	} else if (strcmp(t, "s") == 0) {
		unsigned long i;
		if (!parse_uint(v, ULONG_MAX, &i) || i >= rd->nstrings) {
			sax_fail(s, XLSX_MALFORMED, "cell %s: shared string \"%s\" does not exist", cell_name(ws->row, ws->col, at), shown(v, buf));
			return false;
		}
		cell->text = rd->strings[i];
	} else if (strcmp(t, "b") == 0) {
		bool on;
		if (!parse_bool(v, &on)) {
			sax_fail(s, XLSX_MALFORMED, "cell %s: \"%s\" is not a boolean", cell_name(ws->row, ws->col, at), shown(v, buf));
			return false;
		}
		cell->type = XLSX_BOOL;
		cell->number = on;
		cell->text = on ? "TRUE" : "FALSE";
	} else if (strcmp(t, "e") == 0 || strcmp(t, "d") == 0) {
		cell->type = t[0] == 'e' ? XLSX_ERROR : XLSX_DATE;
		cell->text = pool_strndup(pool, v, len);
	} else {
		sax_fail(s, XLSX_MALFORMED, "cell %s: t=\"%s\" is not a cell type", cell_name(ws->row, ws->col, at), shown(t, buf));
		return false;
	}
out:
	if (!cell->text) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return false;
	}
	return true;
}

/* Appends the cell just closed; an empty one is not stored. */
static void ws_cell(struct sax *s, struct ws *ws)
{
	struct reader *rd = s->rd;
	struct sheet *sh = ws->sh;
	struct xlsx_cell cell;
	if (!ws_value(s, ws, &cell))
		return;
	if (rd->cells_left == 0) {
		sax_fail(s, XLSX_TOO_LARGE, "more than %zu cells", rd->max_cells);
		return;
	}
	if (xlsx_grow((void **)&sh->cells, &ws->cap, sh->ncells, sizeof *sh->cells) != 0) {
		sax_fail(s, XLSX_NOMEM, "out of memory");
		return;
	}
	struct entry *e = &sh->cells[sh->ncells];
	*e = (struct entry){.cell = cell, .row = ws->row, .col = ws->col, .style = ws->style};
	if (sh->ncells > 0 && entry_cmp(e - 1, e) >= 0)
		ws->sorted = false;
	sh->ncells++;
	rd->cells_left--;
}

static void ws_end(struct sax *s)
{
	struct ws *ws = s->state;
	enum el e = up(s, 0);
	if (e == EL_C && up(s, 1) == EL_ROW && up(s, 2) == EL_SHEETDATA)
		ws_cell(s, ws);
	else if (e == EL_V && up(s, 1) == EL_C)
		s->capture = false;
	else if (in_string_text(s, EL_IS))
		s->capture = false;
	else if (e == EL_ROW && up(s, 1) == EL_SHEETDATA)
		ws->next_row++;
}

/* Puts the cells in order (Excel writes them in order; others might not), refuses two cells
 * at one address, and indexes the rows. */
static enum xlsx_err ws_finish(struct reader *rd, struct sheet *sh, bool sorted)
{
	char at[16];
	if (sh->ncells == 0)
		return XLSX_OK;
	if (!sorted) {
		qsort(sh->cells, sh->ncells, sizeof *sh->cells, entry_cmp);
		for (size_t i = 1; i < sh->ncells; i++)
			if (entry_cmp(&sh->cells[i - 1], &sh->cells[i]) == 0)
				return reader_fail(rd, XLSX_MALFORMED, "sheet \"%s\" has two cells at %s", sh->name,
						   cell_name(sh->cells[i].row, sh->cells[i].col, at));
	}
	size_t nrows = 1;
	for (size_t i = 1; i < sh->ncells; i++)
		nrows += sh->cells[i].row != sh->cells[i - 1].row;
	sh->rows = xlsx_malloc(nrows * sizeof *sh->rows);
	if (!sh->rows)
		return reader_fail(rd, XLSX_NOMEM, "out of memory");
	size_t r = 0;
	for (size_t i = 0; i < sh->ncells; i++) {
		if (i == 0 || sh->cells[i].row != sh->cells[i - 1].row)
			sh->rows[r++] = (struct row_span){.row = sh->cells[i].row, .first = i, .n = 0};
		sh->rows[r - 1].n++;
	}
	sh->nrows = nrows;
	return XLSX_OK;
}

static enum xlsx_err parse_sheet(struct reader *rd, zip_int64_t idx, const char *part, struct sheet *sh)
{
	struct ws ws = {.sh = sh, .sorted = true};
	struct sax s = {.on_start = ws_start, .on_end = ws_end, .state = &ws};
	enum xlsx_err err = parse_part(rd, idx, part, &s);
	if (err == XLSX_OK)
		err = ws_finish(rd, sh, ws.sorted);
	return err;
}

/* ---- opening --------------------------------------------------------------------------- */

/* The workbook's part, named by the package relationships, or by Excel's usual name when
 * the package has none: its name in path, its index in *idx. */
static enum xlsx_err find_workbook(struct reader *rd, char path[XLSX_MAX_PATH], zip_int64_t *idx)
{
	char buf[32];
	struct rels rels = {0};
	enum xlsx_err err = XLSX_OK;
	zip_int64_t i = find_part(rd, "_rels/.rels");
	if (i < 0) {
		snprintf(path, XLSX_MAX_PATH, "xl/workbook.xml");
		*idx = find_part(rd, path);
	} else {
		if ((err = parse_rels(rd, i, "_rels/.rels", &rels)) != XLSX_OK)
			goto out;
		const struct rel *r = rel_by_kind(&rels, "officeDocument");
		if (!r) {
			err = reader_fail(rd, XLSX_NOT_XLSX, "the archive names no main document");
			goto out;
		}
		if ((*idx = find_target(rd, "", r->target, path)) == -2) {
			err = reader_fail(rd, XLSX_MALFORMED, "the main document's name \"%s\" is not usable",
					  shown(r->target, buf));
			goto out;
		}
	}
	if (*idx < 0)
		err = reader_fail(rd, XLSX_NOT_XLSX, "the archive holds no workbook");
out:
	free(rels.v);
	return err;
}

/* "xl/workbook.xml" → "xl/_rels/workbook.xml.rels" */
static bool rels_path_of(const char *part, char *out, size_t outlen)
{
	const char *slash = strrchr(part, '/');
	int dirlen = slash ? (int)(slash - part) + 1 : 0;
	int n = snprintf(out, outlen, "%.*s_rels/%s.rels", dirlen, part, part + dirlen);
	return n > 0 && (size_t)n < outlen;
}

/* Reads the optional part a relationship of kind names: styles or shared strings. */
static enum xlsx_err parse_optional(struct reader *rd, const struct rels *rels, const char *wb_path,
				    const char *kind, struct sax *s)
{
	char buf[32];
	char path[XLSX_MAX_PATH];
	const struct rel *r = rel_by_kind(rels, kind);
	if (!r)
		return XLSX_OK;
	zip_int64_t idx = find_target(rd, wb_path, r->target, path);
	if (idx == -2)
		return reader_fail(rd, XLSX_MALFORMED, "the %s part's name \"%s\" is not usable", kind, shown(r->target, buf));
	if (idx < 0)
		return XLSX_OK; /* Excel, too, opens such a file */
	return parse_part(rd, idx, path, s);
}

static enum xlsx_err read_book(struct reader *rd)
{
	char buf[32];
	struct xlsx_book *b = rd->b;
	struct rels rels = {0};
	char wb_path[XLSX_MAX_PATH], path[XLSX_MAX_PATH];
	zip_int64_t idx = -1;
	enum xlsx_err err = find_workbook(rd, wb_path, &idx);
	if (err != XLSX_OK)
		goto out;
	struct sax wb = {.on_start = workbook_start, .on_end = ignore_end};
	if ((err = parse_part(rd, idx, wb_path, &wb)) != XLSX_OK)
		goto out;
	if (rd->nrefs == 0) {
		err = reader_fail(rd, XLSX_MALFORMED, "the workbook has no sheets");
		goto out;
	}

	if (!rels_path_of(wb_path, path, sizeof path) || (idx = find_part(rd, path)) < 0) {
		err = reader_fail(rd, XLSX_MALFORMED, "the workbook has no relationships part");
		goto out;
	}
	if ((err = parse_rels(rd, idx, path, &rels)) != XLSX_OK)
		goto out;

	struct sax styles = {.on_start = styles_start, .on_end = ignore_end};
	if ((err = parse_optional(rd, &rels, wb_path, "styles", &styles)) != XLSX_OK)
		goto out;
	if ((err = styles_finish(rd)) != XLSX_OK)
		goto out;
	struct sax sst = {.on_start = sst_start, .on_end = sst_end};
	if ((err = parse_optional(rd, &rels, wb_path, "sharedStrings", &sst)) != XLSX_OK)
		goto out;

	b->sheets = xlsx_malloc(rd->nrefs * sizeof *b->sheets);
	if (!b->sheets) {
		err = reader_fail(rd, XLSX_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rd->nrefs; i++) {
		struct sheet *sh = &b->sheets[i];
		*sh = (struct sheet){.name = rd->refs[i].name};
		b->nsheets++;
		const struct rel *r = rel_by_id(&rels, rd->refs[i].rid);
		if (!r || r->external) {
			err = reader_fail(rd, XLSX_MALFORMED, "sheet \"%s\" has no part", sh->name);
			goto out;
		}
		if (strcmp(r->kind, "worksheet") != 0)
			continue; /* a chart or dialog sheet: no cells */
		if ((idx = find_target(rd, wb_path, r->target, path)) == -2) {
			err = reader_fail(rd, XLSX_MALFORMED, "sheet \"%s\": part name \"%s\" is not usable", sh->name, shown(r->target, buf));
			goto out;
		}
		if (idx < 0) {
			err = reader_fail(rd, XLSX_MALFORMED, "sheet \"%s\": part %s is missing", sh->name, shown(path, buf));
			goto out;
		}
		if ((err = parse_sheet(rd, idx, path, sh)) != XLSX_OK)
			goto out;
	}
out:
	free(rels.v);
	return err;
}

/* Why a buffer libzip will not open is not an .xlsx, for the user's sake. */
static enum xlsx_err open_fail(struct reader *rd, const unsigned char *d, size_t len, zip_error_t *ze)
{
	static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	int code = zip_error_code_zip(ze);
	if (code == ZIP_ER_MEMORY)
		return reader_fail(rd, XLSX_NOMEM, "out of memory");
	if (len >= sizeof ole2 && memcmp(d, ole2, sizeof ole2) == 0)
		return reader_fail(rd, XLSX_NOT_ZIP, "an Excel 97-2003 .xls file or a password-protected workbook");
	if (len >= 4 && memcmp(d, "PK\x03\x04", 4) == 0)
		return reader_fail(rd, XLSX_MALFORMED, "a damaged or truncated zip archive");
	if (code == ZIP_ER_NOZIP)
		return reader_fail(rd, XLSX_NOT_ZIP, "not a zip archive");
	return reader_fail(rd, XLSX_MALFORMED, "a damaged zip archive: %s", zip_error_strerror(ze));
}

enum xlsx_err xlsx_open(const void *data, size_t len, size_t max_cells, size_t max_bytes,
			struct xlsx_book **out, char *err_detail, size_t errlen)
{
	struct reader rd = {.max_bytes = max_bytes, .bytes_left = max_bytes, .max_cells = max_cells, .cells_left = max_cells};
	enum xlsx_err err = XLSX_OK;
	zip_source_t *src = NULL;
	*out = NULL;

	rd.b = xlsx_malloc(sizeof *rd.b);
	if (!rd.b) {
		err = reader_fail(&rd, XLSX_NOMEM, "out of memory");
		goto out;
	}
	*rd.b = (struct xlsx_book){0};
	if (len == 0 || !data) {
		err = reader_fail(&rd, XLSX_NOT_ZIP, "an empty file");
		goto out;
	}

	zip_error_t ze;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		rd.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!rd.za) {
		err = open_fail(&rd, data, len, &ze);
		zip_error_fini(&ze);
		goto out;
	}
	src = NULL; /* the archive owns it now */
	zip_error_fini(&ze);

	err = read_book(&rd);
out:
	if (src)
		zip_source_free(src);
	if (rd.za)
		zip_discard(rd.za);
	free(rd.refs);
	free(rd.strings);
	free(rd.numfmts);
	free(rd.xf_fmt);
	if (err == XLSX_OK) {
		*out = rd.b;
		rd.detail[0] = '\0';
	} else {
		xlsx_free(rd.b);
	}
	if (err_detail && errlen > 0) {
		snprintf(err_detail, errlen, "%s", rd.detail);
		utf8_trim_tail(err_detail);
	}
	return err;
}

/* ---- reading the book ------------------------------------------------------------------- */

int xlsx_sheet_count(const struct xlsx_book *b)
{
	return b ? b->nsheets : 0;
}

const char *xlsx_sheet_name(const struct xlsx_book *b, int i)
{
	return b && i >= 0 && i < b->nsheets ? b->sheets[i].name : NULL;
}

static const struct sheet *sheet_at(const struct xlsx_book *b, int i)
{
	return b && i >= 0 && i < b->nsheets ? &b->sheets[i] : NULL;
}

static const struct row_span *row_at(const struct sheet *sh, int row)
{
	size_t lo = 0, hi = sh->nrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sh->rows[mid].row < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sh->nrows && sh->rows[lo].row == row ? &sh->rows[lo] : NULL;
}

static const struct entry *entry_at(const struct xlsx_book *b, int sheet, int row, int col)
{
	const struct sheet *sh = sheet_at(b, sheet);
	const struct row_span *rs = sh ? row_at(sh, row) : NULL;
	if (!rs)
		return NULL;
	const struct entry *cells = sh->cells + rs->first;
	size_t lo = 0, hi = rs->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cells[mid].col < col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rs->n && cells[lo].col == col ? &cells[lo] : NULL;
}

int xlsx_rows(const struct xlsx_book *b, int sheet)
{
	const struct sheet *sh = sheet_at(b, sheet);
	return sh && sh->nrows ? sh->rows[sh->nrows - 1].row + 1 : 0;
}

int xlsx_cols(const struct xlsx_book *b, int sheet, int row)
{
	const struct sheet *sh = sheet_at(b, sheet);
	const struct row_span *rs = sh ? row_at(sh, row) : NULL;
	return rs ? sh->cells[rs->first + rs->n - 1].col + 1 : 0;
}

const struct xlsx_cell *xlsx_cell(const struct xlsx_book *b, int sheet, int row, int col)
{
	const struct entry *e = entry_at(b, sheet, row, col);
	return e ? &e->cell : NULL;
}

bool xlsx_cell_is_date(const struct xlsx_book *b, int sheet, int row, int col)
{
	const struct entry *e = entry_at(b, sheet, row, col);
	if (!e)
		return false;
	if (e->cell.type == XLSX_DATE)
		return true;
	return e->cell.type == XLSX_NUMBER && e->style < b->nxf && b->xf_date[e->style];
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms). */
static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool xlsx_serial_to_date(const struct xlsx_book *b, double serial, int *y, int *m, int *d)
{
	if (!isfinite(serial))
		return false;
	long z;
	if (b && b->date1904) {
		/* 0 is 1904-01-01; 2957003 is 9999-12-31 */
		if (serial < 0 || serial >= 2957004)
			return false;
		z = days_from_civil(1904, 1, 1) + (long)serial; /* (long) drops the time of day */
	} else {
		/* 1 is 1900-01-01; Excel counts a 1900-02-29 as 60, so from 61 on the days are
		 * counted from 1899-12-30; 2958465 is 9999-12-31 */
		if (serial < 1 || (serial >= 60 && serial < 61) || serial >= 2958466)
			return false;
		long day = (long)serial;
		z = days_from_civil(1899, 12, day < 60 ? 31 : 30) + day;
	}
	civil_from_days(z, y, m, d);
	return true;
}
