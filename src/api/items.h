/* What the item endpoints share with reports, the workbench and Excel. */
#ifndef LD_API_ITEMS_H
#define LD_API_ITEMS_H

#include "api/api.h"
#include "core/cycle.h"
#include "store/cycles.h"
#include "store/items.h"

/* Roles by what they do with items (see the contract at the top of items.c). */
#define ROLES_ITEM_READ ROLES_BUSINESS
#define ROLES_ITEM_WRITE (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_UNIT_LEADER))
#define ROLES_ITEM_ADOPT (ROLE_BIT(ROLE_UNIT_LEADER) | ROLE_BIT(ROLE_FILLER))
#define ROLES_REPORT_WRITE (ROLE_BIT(ROLE_FILLER) | ROLE_BIT(ROLE_UNIT_LEADER))
#define ROLES_REPORT_REVIEW (ROLE_BIT(ROLE_UNIT_LEADER) | ROLE_BIT(ROLE_OFFICE))

/* Whether the caller holds one of roles over the item's unit. */
bool api_item_allowed(const struct req *r, unsigned roles, const struct item *it);
/* Loads item id if the caller holds one of roles over it; LD_NOT_FOUND otherwise. */
enum lderr api_item_load(struct req *r, unsigned roles, long long id, struct item *out);
/* The same with store_item_brief's fields only. */
enum lderr api_item_load_brief(struct req *r, unsigned roles, long long id, struct item *out);
/* Writes the API's Item object. */
void api_item_json(struct jw *w, const struct item *it);
/* LD_NOT_FOUND for an unknown cycle, LD_PHASE (with a message) when its phase forbids action. */
enum lderr api_cycle_check(struct req *r, long long cycle_id, enum cycle_action action, struct cycle *out);
/* Fills a filter from the query string (cycle_id, unit_id, …, sort); false with field errors. */
bool api_item_filter(struct req *r, struct item_filter *f);

/* LD_OK when the caller may see notice id (issuer, or the target in scope); LD_NOT_FOUND else. */
enum lderr api_notice_visible(struct req *r, long long id);

#endif
