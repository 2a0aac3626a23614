#include "util/digest.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static const EVP_MD *md_of(const char *alg)
{
	return strcmp(alg, "sm3") == 0 ? EVP_get_digestbyname("SM3") : strcmp(alg, "sha256") == 0 ? EVP_sha256() : NULL;
}

bool digest_available(const char *alg)
{
	return md_of(alg) != NULL;
}

bool digest_hex(const char *alg, const void *data, size_t len, char out[DIGEST_HEX])
{
	const EVP_MD *md = md_of(alg);
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!md || EVP_Digest(data, len, h, &n, md, NULL) != 1 || n != 32)
		return false;
	for (unsigned i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return true;
}
