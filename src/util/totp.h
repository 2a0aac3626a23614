/* totp — the second factor (RFC 6238 time-based one-time codes, via Debian's liboath) and
 * the QR code that enrols it in an authenticator app (libqrencode, drawn as SVG). */
#ifndef LD_TOTP_H
#define LD_TOTP_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define TOTP_SECRET_HEX 41 /* 20 random bytes as hex */
#define TOTP_STEP 30

bool totp_init(void);
/* A new random secret. */
void totp_new_secret(char out[TOTP_SECRET_HEX]);
/* The otpauth:// URI an authenticator app reads, into b. */
bool totp_uri(const char *secret_hex, const char *account, const char *issuer, struct buf *b);
/* Whether code is valid at unix time now (one step of drift either way) for a time step after
 * last_step; *step gets the step it matched, to be stored so it is never accepted again. */
bool totp_check(const char *secret_hex, const char *code, long long now, long long last_step, long long *step);
/* The current code (for tests and the CLI). */
bool totp_code(const char *secret_hex, long long now, char out[7]);
/* text as a QR code in SVG, into b. */
bool totp_qr_svg(const char *text, struct buf *b);

#endif
