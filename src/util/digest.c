#include "util/digest.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Fetched once: a digest named by a legacy handle (EVP_sha256, EVP_get_digestbyname) is looked
 * up in the provider again on every EVP_Digest, a tenth of an audited write's time. */
static EVP_MD *sm3, *sha256;

static void fetch_all(void)
{
	sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
	sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *md_of(const char *alg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, fetch_all);
	return strcmp(alg, "sm3") == 0 ? sm3 : strcmp(alg, "sha256") == 0 ? sha256 : NULL;
}

bool digest_available(const char *alg)
{
	return md_of(alg) != NULL;
}

static bool hex_of(const unsigned char *h, unsigned n, char out[DIGEST_HEX])
{
	if (n != 32)
		return false;
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[2 * n] = '\0';
	return true;
}

bool digest_hex(const char *alg, const void *data, size_t len, char out[DIGEST_HEX])
{
	const EVP_MD *md = md_of(alg);
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	return md && EVP_Digest(data, len, h, &n, md, NULL) == 1 && hex_of(h, n, out);
}

struct digest {
	EVP_MD_CTX *ctx;
	bool failed;
};

struct digest *digest_begin(const char *alg)
{
	const EVP_MD *md = md_of(alg);
	struct digest *d = md ? calloc(1, sizeof(*d)) : NULL;
	if (d && (!(d->ctx = EVP_MD_CTX_new()) || EVP_DigestInit_ex(d->ctx, md, NULL) != 1)) {
		EVP_MD_CTX_free(d->ctx);
		free(d);
		d = NULL;
	}
	return d;
}

void digest_update(struct digest *d, const void *data, size_t len)
{
	if (!d->failed && EVP_DigestUpdate(d->ctx, data, len) != 1)
		d->failed = true;
}

bool digest_end(struct digest *d, char out[DIGEST_HEX])
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	bool ok = !d->failed && EVP_DigestFinal_ex(d->ctx, h, &n) == 1 && hex_of(h, n, out);
	EVP_MD_CTX_free(d->ctx);
	free(d);
	return ok;
}
