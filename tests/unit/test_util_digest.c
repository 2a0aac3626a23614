#include "test.h"

#include <string.h>

#include "util/digest.h"

/* The published test vectors: GB/T 32905-2016's example for SM3, FIPS 180-2's for SHA-256.
 * The audit chain's hashes are these, in lower-case hex: a change here breaks every chain. */
static void hashes_the_standard_examples(void **state)
{
	(void)state;
	char out[DIGEST_HEX];
	assert_true(digest_hex("sm3", "abc", 3, out));
	assert_string_equal(out, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
	assert_true(digest_hex("sha256", "abc", 3, out));
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd";
	assert_true(digest_hex("sm3", m, strlen(m), out));
	assert_string_equal(out, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

static void refuses_an_unknown_algorithm(void **state)
{
	(void)state;
	char out[DIGEST_HEX];
	assert_false(digest_available("md5"));
	assert_false(digest_hex("md5", "abc", 3, out));
	assert_true(digest_available("sm3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hashes_the_standard_examples),
		cmocka_unit_test(refuses_an_unknown_algorithm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
