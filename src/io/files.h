/* files — uploaded files kept by content hash outside the web root: DIR/ab/abcdef… (SHA-256).
 * A file is written to a temporary name, synced, then renamed, so a crash never leaves half
 * a file under its hash; the same content is stored once. */
#ifndef LD_FILES_H
#define LD_FILES_H

#include <stddef.h>

#include "core/err.h"
#include "util/buf.h"

#define FILES_HASH_HEX 65

/* The hex SHA-256 of data. */
void files_hash(const void *data, size_t len, char out[FILES_HASH_HEX]);
/* Stores data under its hash in dir; out gets the hash. LD_IO on failure (logged). */
enum lderr files_put(const char *dir, const void *data, size_t len, char out[FILES_HASH_HEX]);
/* Appends the stored file's bytes to b. LD_NOT_FOUND when missing, LD_IO otherwise. */
enum lderr files_get(const char *dir, const char *hash, struct buf *b);

#endif
