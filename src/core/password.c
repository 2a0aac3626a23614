#include "core/password.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Case-insensitive (ASCII) substring test. */
static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return 0;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

const char *password_check(const char *password, const char *username)
{
	if (!password || !*password)
		return "密码不能为空";
	size_t bytes = strlen(password);
	if (bytes > PASSWORD_MAX_BYTES)
		return "密码过长";
	size_t chars = 0;
	int lower = 0, upper = 0, digit = 0, other = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (*p >= 'a' && *p <= 'z')
			lower = 1;
		else if (*p >= 'A' && *p <= 'Z')
			upper = 1;
		else if (*p >= '0' && *p <= '9')
			digit = 1;
		else
			other = 1;
	}
	if (chars < PASSWORD_MIN_CHARS)
		return "密码至少 12 个字符";
	if (lower + upper + digit + other < 3)
		return "密码须包含大写字母、小写字母、数字、符号中的至少三类";
	if (username && contains_ci(password, username))
		return "密码不能包含用户名";
	return NULL;
}
