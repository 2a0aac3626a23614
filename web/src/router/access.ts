/* Which roles open which part of the UI. The server checks again; this only keeps menus honest. */
import type { RoleCode } from '@/types';

export type Access = (roles: ReadonlySet<RoleCode>) => boolean;

/* Everyone but an auditor who holds nothing else sees the organisation. */
export const canSeeOrg: Access = (roles) => [...roles].some((r) => r !== 'auditor');

export const canSeeUsers: Access = (roles) => roles.has('sysadmin') || roles.has('secadmin');

/* Adding and editing units. */
export const canEditUnits: Access = (roles) => roles.has('office') || roles.has('sysadmin');

/* Creating and changing squares. */
export const canEditSquares: Access = (roles) => roles.has('office');

/* Accounts (create, enable/disable, password) belong to the system admin… */
export const canManageAccounts: Access = (roles) => roles.has('sysadmin');

/* …and grants to the security admin (三员分立). */
export const canManageGrants: Access = (roles) => roles.has('secadmin');
