#include "core/region.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum region_level region_level_of(const char code[7])
{
	if (strlen(code) != 6 || !all_digits(code, 6) || memcmp(code, "00", 2) == 0)
		return REGION_NONE;
	if (memcmp(code + 2, "0000", 4) == 0)
		return REGION_PROVINCE;
	if (memcmp(code + 4, "00", 2) == 0)
		return REGION_CITY;
	return REGION_COUNTY;
}

enum region_level region_normalise(const char *code, char out[7])
{
	size_t n = code ? strlen(code) : 0;
	if ((n != 2 && n != 4 && n != 6) || !all_digits(code, n))
		return REGION_NONE;
	memcpy(out, code, n);
	memset(out + n, '0', 6 - n);
	out[6] = '\0';
	enum region_level level = region_level_of(out);
	/* A four-digit code must name a city (3701), not a province written long (3700). */
	if ((n == 4 && level != REGION_CITY) || (n == 2 && level != REGION_PROVINCE))
		return REGION_NONE;
	return level;
}

bool region_parent(const char code[7], char parent[7])
{
	enum region_level level = region_level_of(code);
	if (level != REGION_CITY && level != REGION_COUNTY)
		return false;
	memcpy(parent, code, 7);
	if (level == REGION_COUNTY)
		memcpy(parent + 4, "00", 2);
	else
		memcpy(parent + 2, "0000", 4);
	return true;
}

const char *region_level_name(enum region_level level)
{
	switch (level) {
	case REGION_PROVINCE: return "province";
	case REGION_CITY: return "city";
	case REGION_COUNTY: return "county";
	default: return NULL;
	}
}
