#include "core/filetype.h"

#include <string.h>

static bool starts(const unsigned char *d, size_t n, const char *magic, size_t m)
{
	return n >= m && memcmp(d, magic, m) == 0;
}

/* Whether name occurs in the first 64 KiB (the zip's local headers name its parts). */
static bool mentions(const unsigned char *d, size_t n, const char *name)
{
	size_t m = strlen(name), lim = n < 65536 ? n : 65536;
	for (size_t i = 0; i + m <= lim; i++)
		if (d[i] == (unsigned char)name[0] && memcmp(d + i, name, m) == 0)
			return true;
	return false;
}

bool filetype_detect(const unsigned char *d, size_t n, struct filetype *out)
{
	static const struct filetype pdf = {"application/pdf", "pdf", false}, png = {"image/png", "png", false},
	                             jpg = {"image/jpeg", "jpg", false}, gif = {"image/gif", "gif", false},
	                             docx = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	                                     "docx", false},
	                             xlsx = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
	                                     false},
	                             pptx = {"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	                                     "pptx", false},
	                             ole = {"application/x-ole-storage", "doc", false},
	                             zip = {"application/zip", "zip", true}, rar = {"application/vnd.rar", "rar", true};
	if (starts(d, n, "%PDF-", 5))
		*out = pdf;
	else if (starts(d, n, "\x89PNG\r\n\x1a\n", 8))
		*out = png;
	else if (starts(d, n, "\xFF\xD8\xFF", 3))
		*out = jpg;
	else if (starts(d, n, "GIF87a", 6) || starts(d, n, "GIF89a", 6))
		*out = gif;
	else if (starts(d, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		*out = ole;
	else if (starts(d, n, "Rar!\x1A\x07", 6))
		*out = rar;
	else if (starts(d, n, "PK\x03\x04", 4)) {
		if (!mentions(d, n, "[Content_Types].xml"))
			*out = zip;
		else if (mentions(d, n, "word/"))
			*out = docx;
		else if (mentions(d, n, "xl/"))
			*out = xlsx;
		else if (mentions(d, n, "ppt/"))
			*out = pptx;
		else
			*out = zip;
	} else
		return false;
	return true;
}
