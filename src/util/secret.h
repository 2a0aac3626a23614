/* secret — password hashing (Argon2id via libsodium), random tokens, and token hashes.
 *
 * Argon2id parameters: 2 passes over 19 MiB (the OWASP recommendation for Argon2id), so that
 * a login costs tens of milliseconds and a few concurrent logins stay well inside the
 * server's memory budget. The parameters are stored in each hash, so they can be raised
 * later without invalidating existing passwords. */
#ifndef LD_SECRET_H
#define LD_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_HASH_MAX 128  /* crypto_pwhash_STRBYTES */
#define SECRET_TOKEN_HEX 65  /* 32 random bytes as hex, with the NUL */

/* Initialises libsodium; call once at start. false when it cannot. */
bool secret_init(void);
/* Hashes password into out. false when memory ran out. */
bool secret_hash_password(const char *password, char out[SECRET_HASH_MAX]);
/* Whether password matches hash (constant time in the password). */
bool secret_verify_password(const char *hash, const char *password);
/* Spends the time of one verification without a real hash, so that an unknown username
 * takes as long to refuse as a wrong password. */
void secret_verify_dummy(const char *password);
/* nbytes (≤ 32) random bytes as lower-case hex into out (2*nbytes+1). */
void secret_random_hex(char *out, size_t nbytes);
/* The hex BLAKE2b-256 of token: what the database keeps instead of a session token. */
void secret_token_hash(const char *token, char out[SECRET_TOKEN_HEX]);

#endif
