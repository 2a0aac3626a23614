/* The route table: every view is loaded lazily (a function that imports it), so no page is in
 * the first chunk; routes.test.ts keeps it so. The guard and handlers are in index.ts. */
import type { RouteRecordRaw } from 'vue-router';
import { canEditItems, canReview, canSeeAudit, canSeeChain, canSeeOrg, canSeeUsers, type Access } from './access';
import { supervisionRoutes } from '@/views/supervision/routes';
import { assessmentPlainRoutes, assessmentRoutes } from './assessment';
import { accountRoutes } from '@/views/account/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /* Reachable without logging in. */
    public?: boolean;
    /* Who may open it; absent: every logged-in user. */
    access?: Access;
    /* i18n key of the page title. */
    title?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  /* 修改密码, 绑定动态验证码: plain pages, so nothing else asks the server first. */
  ...accountRoutes,
  /* Plain pages, no layout: results to print (logged in), the public notice (anyone). */
  ...assessmentPlainRoutes,
  {
    path: '/',
    component: () => import('@/views/layout/index.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/index.vue'),
        meta: { title: 'nav.home' },
      },
      {
        path: 'cycles',
        name: 'cycles',
        component: () => import('@/views/cycles/index.vue'),
        meta: { title: 'nav.cycles', access: canSeeChain },
      },
      {
        path: 'items',
        name: 'items',
        component: () => import('@/views/items/index.vue'),
        meta: { title: 'nav.items', access: canSeeChain },
      },
      {
        path: 'items/import',
        name: 'import',
        component: () => import('@/views/import/index.vue'),
        meta: { title: 'nav.import', access: canEditItems },
      },
      {
        path: 'items/:id(\\d+)',
        name: 'item',
        component: () => import('@/views/item/index.vue'),
        meta: { title: 'nav.items', access: canSeeChain },
      },
      {
        path: 'reviews',
        name: 'reviews',
        component: () => import('@/views/reviews/index.vue'),
        meta: { title: 'nav.reviews', access: canReview },
      },
      {
        path: 'org',
        name: 'org',
        component: () => import('@/views/org/index.vue'),
        meta: { title: 'nav.org', access: canSeeOrg },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/index.vue'),
        meta: { title: 'nav.users', access: canSeeUsers },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/index.vue'),
        meta: { title: 'nav.audit', access: canSeeAudit },
      },
      /* 考核评价 (assessment): access rules live beside the pages (views/assessment/access.ts). */
      ...assessmentRoutes,
      /* 督责 (supervision): access rules beside the pages (views/supervision/access.ts). */
      ...supervisionRoutes,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/not-found/index.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
];
