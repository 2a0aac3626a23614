/* arena — memory for one request (or one command), released all at once.
 *
 * Allocations are never freed one by one: arena_fini releases everything. Blocks grow as
 * needed up to the arena's cap; past it allocation returns NULL. */
#ifndef LD_ARENA_H
#define LD_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;   /* bytes handed out, for the cap */
	size_t max;
};

void arena_init(struct arena *a, size_t max);
/* Releases every allocation; the arena may be used again. NULL is a no-op. */
void arena_fini(struct arena *a);
/* Moves what from holds into a (a's limit is not checked), leaving from empty: what another
 * thread built in an arena of its own lives on with a. */
void arena_adopt(struct arena *a, struct arena *from);

/* n bytes aligned for any type, or NULL when the cap is reached or memory ran out. */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc, zero-filled. */
void *arena_zalloc(struct arena *a, size_t n);
/* The array p of n elements of size bytes (capacity *cap) with room for one more: p itself
 * when it has room, else a copy of double the capacity (first, to begin with) in the arena;
 * NULL when the arena ran out. */
void *arena_grow(struct arena *a, void *p, int n, int *cap, size_t size, int first);
/* A NUL-terminated copy of s (or of its first n bytes), or NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena, or NULL. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
