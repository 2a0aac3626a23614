/* buf — a growable byte buffer with a size cap.
 *
 * Every buffer has a maximum size: an append that would pass it fails, leaves the buffer
 * as it was, and marks the buffer failed so a writer can check once at the end. */
#ifndef LD_BUF_H
#define LD_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* NUL-terminated after every successful append (when data != NULL) */
	size_t len;
	size_t cap;
	size_t max;   /* the cap: len never exceeds it */
	int failed;   /* set by the first append that did not fit or found no memory */
};

/* Prepares an empty buffer that may grow to max bytes. No allocation until the first append. */
void buf_init(struct buf *b, size_t max);
/* Frees the buffer's memory; the buffer may be buf_init'ed again. NULL is a no-op. */
void buf_fini(struct buf *b);
/* Empties the buffer, keeping its memory and clearing the failed mark. */
void buf_reset(struct buf *b);

/* Append n bytes / a C string / formatted text. Return 0, or -1 when it would pass the cap or
 * memory ran out (the buffer is unchanged but marked failed). */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
/* Grows the buffer by n bytes and returns where they start, for the caller to fill (the NUL
 * after them is written); NULL, with the buffer unchanged but marked failed, as an append. */
char *buf_extend(struct buf *b, size_t n);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The contents as a C string ("" for an empty buffer); borrowed, valid until the next append. */
const char *buf_str(const struct buf *b);

/* Takes the memory out of the buffer: the caller frees the result with free(); the buffer is
 * left empty. Returns NULL when the buffer is empty or failed. */
char *buf_steal(struct buf *b);

#endif
