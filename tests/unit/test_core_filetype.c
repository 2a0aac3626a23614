#include "test.h"

#include <string.h>

#include "core/filetype.h"

static void knows_evidence_by_its_bytes(void **state)
{
	struct filetype t;
	assert_true(filetype_detect((const unsigned char *)"%PDF-1.7\n", 9, &t));
	assert_string_equal(t.mime, "application/pdf");
	assert_true(filetype_detect((const unsigned char *)"\x89PNG\r\n\x1a\n....", 12, &t));
	assert_string_equal(t.ext, "png");
	assert_true(filetype_detect((const unsigned char *)"\xFF\xD8\xFF\xE0", 4, &t));
	const char docx[] = "PK\x03\x04....[Content_Types].xml....word/document.xml";
	assert_true(filetype_detect((const unsigned char *)docx, sizeof(docx) - 1, &t));
	assert_string_equal(t.ext, "docx");
	const char zip[] = "PK\x03\x04....photos/a.jpg";
	assert_true(filetype_detect((const unsigned char *)zip, sizeof(zip) - 1, &t));
	assert_true(t.archive);
}

static void refuses_what_a_browser_would_run(void **state)
{
	struct filetype t;
	static const char *const bad[] = {"<html><script>alert(1)</script>", "<!DOCTYPE html>", "#!/bin/sh\nrm -rf /",
	                                  "\x7f" "ELF\x02\x01", "MZ\x90\x00", "<svg onload=alert(1)>", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(filetype_detect((const unsigned char *)bad[i], strlen(bad[i]), &t));
	/* a name or a claimed type changes nothing: the bytes decide */
	assert_false(filetype_detect((const unsigned char *)"%PD", 3, &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(knows_evidence_by_its_bytes),
		cmocka_unit_test(refuses_what_a_browser_would_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
