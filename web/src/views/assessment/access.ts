/* Which roles open which assessment (考核评价) page. The server checks again; this keeps the
 * menu and the buttons honest. Kept beside the pages rather than in router/access.ts so the
 * assessment work touches no shared file but the route table and the menu. */
import type { Access } from '@/router/access';

const BUSINESS = ['filler', 'unit_leader', 'supervisor', 'reviewer', 'office', 'leader'] as const;

/* The indicator system is read by every business role and edited by the office. */
export const canSeeIndicators: Access = (roles) => BUSINESS.some((r) => roles.has(r));

/* Peer groups, panels, adjustments, computing, publishing: the work-committee office. */
export const canRunAssessment: Access = (roles) => roles.has('office');

/* Self-assessment: the assessed unit's people, and the office to read and return it. */
export const canSelfAssess: Access = (roles) => roles.has('filler') || roles.has('unit_leader') || roles.has('office');

/* The reviewers' grid. */
export const canReviewScores: Access = (roles) => roles.has('reviewer');

/* Results: the office always, everyone else once published (the page says when not yet). */
export const canSeeResults: Access = (roles) => BUSINESS.some((r) => roles.has(r));
