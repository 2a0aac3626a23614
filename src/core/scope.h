/* scope — the one rule that decides what a user may see and change.
 *
 * A grant gives a role over a unit subtree (the unit's path is a prefix of every unit below
 * it), optionally narrowed to one sector. A unit is in a grant's scope when it lies in the
 * subtree and, for a sector grant, is a region (regions are the frame every sector lives in)
 * or belongs to that sector. Every handler asks scope_allows; nothing else decides. */
#ifndef LD_SCOPE_H
#define LD_SCOPE_H

#include <stdbool.h>

#include "core/roles.h"

struct scope_grant {
	long long id;
	enum role role;
	long long unit_id;
	const char *path;   /* the unit's path, e.g. "/1/5/" */
	const char *sector; /* NULL or "" for every sector */
};

struct scope {
	const struct scope_grant *grant;
	int n;
};

/* The thing asked about: its path, whether it is a region, and its sector (may be NULL). */
struct scope_target {
	const char *path;
	bool is_region;
	const char *sector;
};

/* True if path lies in the subtree rooted at root (both "/…/" paths). */
bool scope_path_within(const char *path, const char *root);

/* True if some grant of a role in roles (a mask) covers t. */
bool scope_allows(const struct scope *s, unsigned roles, const struct scope_target *t);

/* The mask of roles held by any grant. */
unsigned scope_roles(const struct scope *s);

#endif
