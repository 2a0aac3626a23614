/* Who opens which part of supervision (督责). The server checks again; this keeps menus and
 * buttons honest. */
import { canSeeChain, type Access } from '@/router/access';

/* The dashboard, notices, inspections and escalations are read by every business role. */
export const canSeeSupervision: Access = canSeeChain;

/* Issuing notices (督办) and reminding (催办). */
export const canSupervise: Access = (roles) => roles.has('supervisor') || roles.has('office') || roles.has('leader');

/* Recording inspections and verifying (核验) rectification items. */
export const canInspect: Access = (roles) => roles.has('supervisor') || roles.has('office');

/* The light and reminder settings, the holiday calendar, deliveries and job runs. */
export const canManageSupervision: Access = (roles) => roles.has('office');
