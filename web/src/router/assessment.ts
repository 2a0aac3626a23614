/* The routes of the year-end assessment (考核评价), each view loaded lazily; kept apart so the
 * route table only spreads them in. */
import type { RouteRecordRaw } from 'vue-router';
import { canReviewScores, canRunAssessment, canSeeIndicators, canSeeResults, canSelfAssess } from '@/views/assessment/access';

/* Pages inside the layout (menu group 考核评价). */
export const assessmentRoutes: RouteRecordRaw[] = [
  {
    path: 'assessment/indicators',
    name: 'assessment-indicators',
    component: () => import('@/views/assessment/indicators/index.vue'),
    meta: { title: 'assess.nav.indicators', access: canSeeIndicators },
  },
  {
    path: 'assessment/groups',
    name: 'assessment-groups',
    component: () => import('@/views/assessment/groups/index.vue'),
    meta: { title: 'assess.nav.groups', access: canRunAssessment },
  },
  {
    path: 'assessment/self',
    name: 'assessment-self',
    component: () => import('@/views/assessment/self/index.vue'),
    meta: { title: 'assess.nav.self', access: canSelfAssess },
  },
  {
    path: 'assessment/panels',
    name: 'assessment-panels',
    component: () => import('@/views/assessment/panels/index.vue'),
    meta: { title: 'assess.nav.panels', access: canRunAssessment },
  },
  {
    path: 'assessment/review',
    name: 'assessment-review',
    component: () => import('@/views/assessment/review/index.vue'),
    meta: { title: 'assess.nav.review', access: canReviewScores },
  },
  {
    path: 'assessment/adjustments',
    name: 'assessment-adjustments',
    component: () => import('@/views/assessment/adjustments/index.vue'),
    meta: { title: 'assess.nav.adjustments', access: canRunAssessment },
  },
  {
    path: 'assessment/results',
    name: 'assessment-results',
    component: () => import('@/views/assessment/results/index.vue'),
    meta: { title: 'assess.nav.results', access: canSeeResults },
  },
];

/* Pages without the layout. The public notice opens without logging in. */
export const assessmentPlainRoutes: RouteRecordRaw[] = [
  {
    path: '/assessment/results/print',
    name: 'assessment-results-print',
    component: () => import('@/views/assessment/results/print.vue'),
    meta: { title: 'assess.nav.results', access: canSeeResults },
  },
  {
    path: '/public/results/:cycleId(\\d+)',
    name: 'public-results',
    component: () => import('@/views/public/index.vue'),
    meta: { public: true, title: 'assess.public.title' },
  },
];
