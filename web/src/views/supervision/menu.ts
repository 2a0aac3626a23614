/* The supervision entries of the side menu, shown by role like the others. The message centre
 * is in the menu for the business roles; everyone reaches it by the bell in the top bar. */
import type { Access } from '@/router/access';
import { canManageSupervision, canSeeSupervision } from './access';

export interface SupervisionMenuEntry {
  path: string;
  title: string;
  access?: Access;
}

export const SUPERVISION_MENU: SupervisionMenuEntry[] = [
  { path: '/dashboard', title: 'sup.nav.dashboard', access: canSeeSupervision },
  { path: '/notices', title: 'sup.nav.notices', access: canSeeSupervision },
  { path: '/inspections', title: 'sup.nav.inspections', access: canSeeSupervision },
  { path: '/escalations', title: 'sup.nav.escalations', access: canSeeSupervision },
  { path: '/messages', title: 'sup.nav.messages', access: canSeeSupervision },
  { path: '/calendar', title: 'sup.nav.calendar', access: canManageSupervision },
];
