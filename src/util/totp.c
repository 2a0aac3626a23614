#include "util/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

bool totp_init(void)
{
	return oath_init() == OATH_OK;
}

void totp_new_secret(char out[TOTP_SECRET_HEX])
{
	unsigned char raw[20];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, TOTP_SECRET_HEX, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

static bool raw_of(const char *hex, unsigned char out[20])
{
	size_t n = 0;
	return strlen(hex) == 40 && sodium_hex2bin(out, 20, hex, 40, NULL, &n, NULL) == 0 && n == 20;
}

bool totp_uri(const char *secret_hex, const char *account, const char *issuer, struct buf *b)
{
	unsigned char raw[20];
	char *b32 = NULL;
	size_t b32len = 0;
	if (!raw_of(secret_hex, raw) || oath_base32_encode((const char *)raw, sizeof(raw), &b32, &b32len) != OATH_OK)
		return false;
	/* base32 padding is not used in otpauth URIs */
	while (b32len && b32[b32len - 1] == '=')
		b32[--b32len] = '\0';
	buf_printf(b, "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=6&period=%d", issuer, account, b32,
	           issuer, TOTP_STEP);
	free(b32);
	sodium_memzero(raw, sizeof(raw));
	return !b->failed;
}

bool totp_code(const char *secret_hex, long long now, char out[7])
{
	unsigned char raw[20];
	bool ok = raw_of(secret_hex, raw) &&
	          oath_totp_generate((const char *)raw, sizeof(raw), (time_t)now, TOTP_STEP, 0, 6, out) == OATH_OK;
	sodium_memzero(raw, sizeof(raw));
	return ok;
}

bool totp_check(const char *secret_hex, const char *code, long long now, long long last_step, long long *step)
{
	if (!code || strlen(code) != 6)
		return false;
	for (int d = -1; d <= 1; d++) {
		long long t = now + (long long)d * TOTP_STEP;
		char want[7];
		if (!totp_code(secret_hex, t, want))
			return false;
		long long s = t / TOTP_STEP;
		if (sodium_memcmp(want, code, 6) == 0 && s > last_step) {
			*step = s;
			return true;
		}
	}
	return false;
}

bool totp_qr_svg(const char *text, struct buf *b)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return false;
	int w = q->width, margin = 4, size = w + 2 * margin;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	              "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", size, size, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				buf_printf(b, "M%d %dh1v1h-1z", x + margin, y + margin);
	buf_puts(b, "\"/></svg>");
	QRcode_free(q);
	return !b->failed;
}
