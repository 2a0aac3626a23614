#include "test.h"

#include "core/password.h"

static void accepts_a_strong_password(void **state)
{
	assert_null(password_check("Liandong@2026", "office"));
	assert_null(password_check("correct horse 9X", "filler"));
	/* twelve characters counted as characters, not bytes: 8 Chinese + Aa1! */
	assert_null(password_check("链动责任清单督办Aa1!", "x"));
}

static void refuses_weak_passwords(void **state)
{
	assert_non_null(password_check(NULL, "u"));
	assert_non_null(password_check("", "u"));
	assert_non_null(password_check("Short@1a", "u"));          /* 8 characters */
	assert_non_null(password_check("alllowercase1", "u"));     /* two classes */
	assert_non_null(password_check("链动链动链动a1", "u"));      /* 8 characters, though 20 bytes */
	assert_non_null(password_check("Office@2026xx", "office")); /* contains the username, any case */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_a_strong_password),
		cmocka_unit_test(refuses_weak_passwords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
