/* The supervision (督责) pages, children of the layout; every view is loaded lazily (the
 * dashboard brings ECharts with it, so ECharts never reaches the first load). */
import type { RouteRecordRaw } from 'vue-router';
import { canManageSupervision, canSeeSupervision } from './access';

export const supervisionRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: 'sup.nav.dashboard', access: canSeeSupervision },
  },
  {
    path: 'messages',
    name: 'messages',
    component: () => import('@/views/messages/index.vue'),
    meta: { title: 'sup.nav.messages' },
  },
  {
    path: 'notices',
    name: 'notices',
    component: () => import('./notices/index.vue'),
    meta: { title: 'sup.nav.notices', access: canSeeSupervision },
  },
  {
    path: 'notices/:id(\\d+)',
    name: 'notice',
    component: () => import('./notice/index.vue'),
    meta: { title: 'sup.nav.notices', access: canSeeSupervision },
  },
  {
    path: 'inspections',
    name: 'inspections',
    component: () => import('./inspections/index.vue'),
    meta: { title: 'sup.nav.inspections', access: canSeeSupervision },
  },
  {
    path: 'inspections/:id(\\d+)',
    name: 'inspection',
    component: () => import('./inspection/index.vue'),
    meta: { title: 'sup.nav.inspections', access: canSeeSupervision },
  },
  {
    path: 'escalations',
    name: 'escalations',
    component: () => import('./escalations/index.vue'),
    meta: { title: 'sup.nav.escalations', access: canSeeSupervision },
  },
  {
    path: 'cycles/:id(\\d+)/settings',
    name: 'cycle-settings',
    component: () => import('./settings/index.vue'),
    meta: { title: 'sup.nav.settings', access: canManageSupervision },
  },
  {
    path: 'calendar',
    name: 'calendar',
    component: () => import('./calendar/index.vue'),
    meta: { title: 'sup.nav.calendar', access: canManageSupervision },
  },
];
