#include "core/scope.h"

#include <string.h>

bool scope_path_within(const char *path, const char *root)
{
	size_t n = strlen(root);
	return n > 0 && strncmp(path, root, n) == 0;
}

bool scope_allows(const struct scope *s, unsigned roles, const struct scope_target *t)
{
	if (!t->path)
		return false;
	for (int i = 0; i < s->n; i++) {
		const struct scope_grant *g = &s->grant[i];
		if (!(ROLE_BIT(g->role) & roles) || !scope_path_within(t->path, g->path))
			continue;
		if (!g->sector || !*g->sector || t->is_region)
			return true;
		if (t->sector && strcmp(t->sector, g->sector) == 0)
			return true;
	}
	return false;
}

unsigned scope_roles(const struct scope *s)
{
	unsigned mask = 0;
	for (int i = 0; i < s->n; i++)
		mask |= ROLE_BIT(s->grant[i].role);
	return mask;
}
