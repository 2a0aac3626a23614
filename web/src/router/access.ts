/* Which roles open which part of the UI. The server checks again; this only keeps menus honest. */
import type { RoleCode } from '@/types';

export type Access = (roles: ReadonlySet<RoleCode>) => boolean;

/* Everyone but an auditor who holds nothing else sees the organisation. */
export const canSeeOrg: Access = (roles) => [...roles].some((r) => r !== 'auditor');

export const canSeeUsers: Access = (roles) => roles.has('sysadmin') || roles.has('secadmin');

/* The audit log is the auditor's alone (三员分立: not even the system admin reads it). */
export const canSeeAudit: Access = (roles) => roles.has('auditor');

/* Adding and editing units. */
export const canEditUnits: Access = (roles) => roles.has('office') || roles.has('sysadmin');

/* Creating and changing squares. */
export const canEditSquares: Access = (roles) => roles.has('office');

/* Accounts (create, enable/disable, password) belong to the system admin… */
export const canManageAccounts: Access = (roles) => roles.has('sysadmin');

/* …and grants to the security admin (三员分立). */
export const canManageGrants: Access = (roles) => roles.has('secadmin');

/* The roles that take part in the responsibility chain (not the three administrators). */
const CHAIN_ROLES: readonly RoleCode[] = ['filler', 'unit_leader', 'supervisor', 'reviewer', 'office', 'leader'];

/* Cycles and the responsibility list are read by every business role. */
export const canSeeChain: Access = (roles) => CHAIN_ROLES.some((r) => roles.has(r));

/* Creating cycles and moving them through their phases. */
export const canManageCycles: Access = (roles) => roles.has('office');

/* Creating, editing, decomposing, importing items and bulk changes (somewhere in scope). */
export const canEditItems: Access = (roles) => roles.has('office') || roles.has('unit_leader');

/* The review queue. */
export const canReview: Access = (roles) => roles.has('office') || roles.has('unit_leader');

/* Progress reports and adoption belong to the responsible unit's people. */
export const canReport: Access = (roles) => roles.has('filler') || roles.has('unit_leader');
