/* digest — SM3 and SHA-256 through OpenSSL 3 (国密 SM3 is in its default provider). */
#ifndef LD_DIGEST_H
#define LD_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#define DIGEST_HEX 65

/* Whether the algorithm ("sm3" or "sha256") is available here. */
bool digest_available(const char *alg);
/* The hex digest of data with alg into out. false when alg is unavailable. */
bool digest_hex(const char *alg, const void *data, size_t len, char out[DIGEST_HEX]);

/* The same, over data given in pieces: digest_begin (NULL when alg is unavailable or memory
 * is short), digest_update for each piece, digest_end for the hex digest; digest_end frees d
 * and returns false if any step failed. */
struct digest;
struct digest *digest_begin(const char *alg);
void digest_update(struct digest *d, const void *data, size_t len);
bool digest_end(struct digest *d, char out[DIGEST_HEX]);

#endif
