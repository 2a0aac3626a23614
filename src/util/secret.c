#include "util/secret.h"

#include <sodium.h>
#include <string.h>

#define OPS 2
#define MEM (19u * 1024 * 1024)

bool secret_init(void)
{
	return sodium_init() >= 0;
}

bool secret_hash_password(const char *password, char out[SECRET_HASH_MAX])
{
	return crypto_pwhash_str_alg(out, password, strlen(password), OPS, MEM, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool secret_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_verify_dummy(const char *password)
{
	static const char salt[crypto_pwhash_SALTBYTES];
	unsigned char key[32];
	if (crypto_pwhash(key, sizeof(key), password, strlen(password), (const unsigned char *)salt, OPS, MEM,
	                  crypto_pwhash_ALG_ARGON2ID13) == 0)
		sodium_memzero(key, sizeof(key));
}

void secret_random_hex(char *out, size_t nbytes)
{
	unsigned char raw[32];
	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
	sodium_memzero(raw, sizeof(raw));
}

void secret_token_hash(const char *token, char out[SECRET_TOKEN_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SECRET_TOKEN_HEX, h, sizeof(h));
}
