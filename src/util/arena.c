#include "util/arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t off;
	alignas(max_align_t) unsigned char data[];
};

#define ARENA_BLOCK 8192

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->used = 0;
	a->max = max;
}

void arena_fini(struct arena *a)
{
	if (!a)
		return;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

void arena_adopt(struct arena *a, struct arena *from)
{
	struct arena_block *last = from->head;
	if (!last)
		return;
	while (last->next)
		last = last->next;
	/* a's current block stays first: it may have room for the next allocation */
	if (a->head) {
		last->next = a->head->next;
		a->head->next = from->head;
	} else {
		a->head = from->head;
	}
	a->used += from->used;
	from->head = NULL;
	from->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	if (n > a->max || a->used > a->max - n)
		return NULL;
	struct arena_block *b = a->head;
	if (!b || b->size - b->off < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->off = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->off;
	b->off += n;
	a->used += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	char *p = n < 0 ? NULL : arena_alloc(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *p, int n, int *cap, size_t size, int first)
{
	if (n < *cap)
		return p;
	int want = *cap ? *cap * 2 : first;
	void *bigger = arena_alloc(a, size * (size_t)want);
	if (!bigger)
		return NULL;
	if (n)
		memcpy(bigger, p, size * (size_t)n);
	*cap = want;
	return bigger;
}
