#include "test.h"

#include <string.h>

#include "cli/args.h"

#define PARSE(...)                                                        \
	({                                                                \
		char *argv[] = {"liandong", __VA_ARGS__, NULL};           \
		args_parse((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv, &a, err, sizeof(err)); \
	})

static void parses_each_form(void **state)
{
	struct cli_args a;
	char err[256];
	assert_int_equal(PARSE("serve", "--db", "x.db", "--listen", "127.0.0.1:0", "--threads=3", "--quiet"), 0);
	assert_int_equal(a.cmd, CMD_SERVE);
	assert_string_equal(a.db, "x.db");
	assert_string_equal(a.serve.listen_host, "127.0.0.1");
	assert_int_equal(a.serve.listen_port, 0);
	assert_int_equal(a.serve.threads, 3);
	assert_false(a.serve.access_log);
	assert_int_equal(PARSE("import", "regions", "--db", "x", "--from", "d", "--province", "37"), 0);
	assert_int_equal(a.cmd, CMD_IMPORT_REGIONS);
	assert_string_equal(a.province, "37");
	assert_int_equal(PARSE("demo", "--db", "x", "--scale", "province", "--seed", "7"), 0);
	assert_int_equal(a.scale, SCALE_PROVINCE);
	assert_int_equal(a.seed, 7);
	assert_int_equal(PARSE("user", "add", "--db", "x", "--username", "u", "--role", "filler", "--scope", "370102",
	                       "--password-stdin"), 0);
	assert_int_equal(a.cmd, CMD_USER_ADD);
	assert_true(a.password_stdin);
	assert_int_equal(PARSE("serve", "--listen", "[::1]:8080", "--db", "x"), 0);
	assert_string_equal(a.serve.listen_host, "::1");
}

static void help_wins(void **state)
{
	struct cli_args a;
	char err[256];
	assert_int_equal(PARSE("init", "--help"), 0);
	assert_true(a.help);
	assert_int_equal(a.cmd, CMD_INIT);
	assert_non_null(strstr(args_help(CMD_INIT), "--db"));
	assert_int_equal(PARSE("--help"), 0);
	assert_true(a.help);
}

static void errors_name_the_option(void **state)
{
	struct cli_args a;
	char err[256];
	assert_int_equal(PARSE("frobnicate"), -1);
	assert_non_null(strstr(err, "frobnicate"));
	assert_int_equal(PARSE("init"), -1);
	assert_non_null(strstr(err, "--db"));
	assert_int_equal(PARSE("init", "--db"), -1);
	assert_non_null(strstr(err, "needs a value"));
	assert_int_equal(PARSE("init", "--db", "x", "--threads", "2"), -1);
	assert_non_null(strstr(err, "--threads"));
	assert_int_equal(PARSE("serve", "--db", "x", "--threads", "0"), -1);
	assert_int_equal(PARSE("serve", "--db", "x", "--listen", "8080"), -1);
	assert_non_null(strstr(err, "--listen"));
	assert_int_equal(PARSE("demo", "--db", "x", "--scale", "huge"), -1);
	assert_non_null(strstr(err, "--scale"));
	assert_int_equal(PARSE("import", "regions", "--db", "x", "--from", "d", "--province", "3701"), -1);
	assert_int_equal(PARSE("user", "frob", "--db", "x"), -1);
	assert_non_null(strstr(err, "frob"));
	assert_int_equal(PARSE("serve", "--db", "x", "stray"), -1);
	assert_non_null(strstr(err, "stray"));
	assert_int_equal(PARSE("user", "list", "--db="), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_each_form),
		cmocka_unit_test(help_wins),
		cmocka_unit_test(errors_name_the_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
