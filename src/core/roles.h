/* roles — the roles a grant can give, and which of them may be held together.
 *
 * The three administrators (三员: sysadmin, secadmin, auditor) are separated: nobody holds
 * two of them. */
#ifndef LD_ROLES_H
#define LD_ROLES_H

#include <stdbool.h>

#define LD_ROLES(X)                                             \
	X(ROLE_FILLER, "filler", "填报员", "Filler")                \
	X(ROLE_UNIT_LEADER, "unit_leader", "单位负责人", "Unit leader") \
	X(ROLE_SUPERVISOR, "supervisor", "督查员", "Supervisor")    \
	X(ROLE_REVIEWER, "reviewer", "评审员", "Reviewer")          \
	X(ROLE_OFFICE, "office", "工委管理员", "Work-committee office") \
	X(ROLE_LEADER, "leader", "领导", "Leader")                  \
	X(ROLE_SYSADMIN, "sysadmin", "系统管理员", "System administrator") \
	X(ROLE_SECADMIN, "secadmin", "安全管理员", "Security administrator") \
	X(ROLE_AUDITOR, "auditor", "审计管理员", "Auditor")

enum role {
#define LD_ROLE_ENUM(name, code, zh, en) name,
	LD_ROLES(LD_ROLE_ENUM)
#undef LD_ROLE_ENUM
	ROLE_COUNT
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE_COUNT) - 1)
#define ROLES_ADMIN3 (ROLE_BIT(ROLE_SYSADMIN) | ROLE_BIT(ROLE_SECADMIN) | ROLE_BIT(ROLE_AUDITOR))
#define ROLES_BUSINESS (ROLES_ALL & ~ROLES_ADMIN3)

/* The role named by code, or -1. */
int role_from_code(const char *code);
const char *role_code(enum role r);
const char *role_name_zh(enum role r);
const char *role_name_en(enum role r);

/* Whether a user who holds the roles in held (a mask) may also be granted r: false when
 * that would give them two of the three administrators, or mix an administrator's role with
 * a business role (an administrator sees no business data). */
bool role_compatible(unsigned held, enum role r);

#endif
