#include "test.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/jw.h"

static void writes_valid_json_with_escapes(void **state)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "name", "历下区 \"quoted\" \\ \n\t\x01");
	jw_kint(&w, "n", -42);
	jw_kbool(&w, "ok", true);
	jw_knull(&w, "none");
	jw_key(&w, "list");
	jw_arr(&w);
	jw_int(&w, 1);
	jw_str(&w, NULL);
	jw_obj(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	assert_false(b.failed);
	json_error_t err;
	json_t *v = json_loads(buf_str(&b), 0, &err);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "name")), "历下区 \"quoted\" \\ \n\t\x01");
	assert_int_equal(json_integer_value(json_object_get(v, "n")), -42);
	assert_int_equal(json_array_size(json_object_get(v, "list")), 3);
	json_decref(v);
	buf_fini(&b);
}

static void writes_integers_at_their_limits(void **state)
{
	struct buf b;
	buf_init(&b, 1 << 10);
	struct jw w;
	jw_init(&w, &b);
	jw_arr(&w);
	const long long v[] = {0, 7, -1, 10, -10, 1234567890123LL, LLONG_MAX, LLONG_MIN};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		jw_int(&w, v[i]);
	jw_arr_end(&w);
	assert_false(b.failed);
	assert_string_equal(buf_str(&b), "[0,7,-1,10,-10,1234567890123,9223372036854775807,-9223372036854775808]");
	buf_fini(&b);
}

static void writes_whole_and_fractional_doubles(void **state)
{
	struct buf b;
	buf_init(&b, 1 << 10);
	struct jw w;
	jw_init(&w, &b);
	jw_arr(&w);
	const double v[] = {0, 100, 37.5, -2, 0.1, 1e300, 9007199254740993.0, -0.0};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		jw_double(&w, v[i]);
	jw_double(&w, 1.0 / 0.0);
	jw_arr_end(&w);
	assert_false(b.failed);
	assert_string_equal(buf_str(&b), "[0,100,37.5,-2,0.1,1e+300,9.00719925474099e+15,-0,null]");
	buf_fini(&b);
}

/* A decimal of up to six places goes out without printf, and must read as "%.15g" writes it:
 * across magnitudes, signs, places, the small values "%g" writes with an exponent, and values
 * no short decimal is nearest to. */
static void short_decimals_as_printf_writes_them(void **state)
{
	(void)state;
	unsigned long long x = 88172645463325252ULL; /* xorshift: the same values every run */
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
		long long n = (long long)(x >> 11) % (1LL << (int)(x % 50 + 1));
		double v = (i % 7 == 0 ? (double)(x >> 11) / 9007199254740992.0 : (double)n / scale[x % 8]) * (x & 1 ? -1 : 1);
		if (i % 11 == 0)
			v /= 1e6;
		struct buf b;
		buf_init(&b, 1 << 10);
		struct jw w;
		jw_init(&w, &b);
		jw_arr(&w);
		jw_double(&w, 1);
		jw_double(&w, v);
		jw_arr_end(&w);
		char want[64];
		snprintf(want, sizeof(want), "[1,%.15g]", v);
		if (v == (double)(long long)v && !(v == 0 && signbit(v)))
			snprintf(want, sizeof(want), "[1,%lld]", (long long)v);
		assert_string_equal(buf_str(&b), want);
		buf_fini(&b);
	}
}

/* Plain strings and keys go out in one piece with their comma, escaped ones piece by piece:
 * both ways give the same bytes, in any position. */
static void plain_and_escaped_text_in_every_position(void **state)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "a", "x");
	jw_kstr(&w, "q\"k", "say \"hi\"");
	jw_kstr(&w, "b", "");
	jw_key(&w, "l");
	jw_arr(&w);
	jw_str(&w, "\n");
	jw_str(&w, "plain");
	jw_int(&w, -3);
	jw_strn(&w, "tab\there", 8);
	jw_arr_end(&w);
	jw_obj_end(&w);
	assert_false(b.failed);
	assert_string_equal(buf_str(&b),
	                    "{\"a\":\"x\",\"q\\\"k\":\"say \\\"hi\\\"\",\"b\":\"\",\"l\":[\"\\n\",\"plain\",-3,\"tab\\there\"]}");
	buf_fini(&b);
}

static void the_cap_is_sticky(void **state)
{
	struct buf b;
	buf_init(&b, 16);
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "long", "this does not fit in sixteen bytes");
	assert_true(b.failed);
	assert_true(b.len <= 16);
	buf_fini(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_valid_json_with_escapes),
		cmocka_unit_test(writes_integers_at_their_limits),
		cmocka_unit_test(writes_whole_and_fractional_doubles),
		cmocka_unit_test(short_decimals_as_printf_writes_them),
		cmocka_unit_test(plain_and_escaped_text_in_every_position),
		cmocka_unit_test(the_cap_is_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
