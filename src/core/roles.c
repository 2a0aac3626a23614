#include "core/roles.h"

#include <string.h>

static const struct {
	const char *code, *zh, *en;
} table[] = {
#define LD_ROLE_ROW(name, code, zh, en) {code, zh, en},
	LD_ROLES(LD_ROLE_ROW)
#undef LD_ROLE_ROW
};

int role_from_code(const char *code)
{
	for (int i = 0; code && i < ROLE_COUNT; i++)
		if (strcmp(table[i].code, code) == 0)
			return i;
	return -1;
}

const char *role_code(enum role r) { return (unsigned)r < ROLE_COUNT ? table[r].code : "?"; }
const char *role_name_zh(enum role r) { return (unsigned)r < ROLE_COUNT ? table[r].zh : "?"; }
const char *role_name_en(enum role r) { return (unsigned)r < ROLE_COUNT ? table[r].en : "?"; }

bool role_compatible(unsigned held, enum role r)
{
	unsigned admins = held & ROLES_ADMIN3, business = held & ROLES_BUSINESS;
	if (!(ROLE_BIT(r) & ROLES_ADMIN3))
		return admins == 0;
	return business == 0 && (admins == 0 || admins == ROLE_BIT(r));
}
