/* History-mode routes (the C server falls back to index.html); every view is loaded lazily. */
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { setAccountHandler, setUnauthorizedHandler } from '@/api/http';
import { useSessionStore } from '@/stores/session';
import { canEditItems, canReview, canSeeAudit, canSeeChain, canSeeOrg, canSeeUsers, type Access } from './access';
import { installChunkReload } from './reload';
import { supervisionRoutes } from '@/views/supervision/routes';
import { assessmentPlainRoutes, assessmentRoutes } from './assessment';
import { accountLocation, accountRoutes, demandRoute, PASSWORD_ROUTE, TOTP_ROUTE } from '@/views/account/routes';

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

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
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
  ],
});

/* Where to send someone who must log in first, remembering where they were going. */
export function loginLocation(to: Pick<RouteLocationNormalized, 'fullPath'>) {
  const redirect = to.fullPath && to.fullPath !== '/' && !to.fullPath.startsWith('/login') ? to.fullPath : undefined;
  return { name: 'login', query: redirect ? { redirect } : {} };
}

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) {
    try {
      await session.load();
    } catch {
      /* The server did not answer: treat as logged out; the login form will say what fails. */
      session.forget();
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.loggedIn) return { name: 'home' };
    return true;
  }
  if (!session.loggedIn) return loginLocation(to);
  /* the server allows nothing else until the password is changed, then the second factor */
  if (session.mustChangePassword && to.name !== PASSWORD_ROUTE) return accountLocation(PASSWORD_ROUTE, to);
  if (!session.mustChangePassword && session.totpRequired && to.name !== TOTP_ROUTE) return accountLocation(TOTP_ROUTE, to);
  if (to.meta.access && !to.meta.access(session.roles)) return { name: 'home' };
  return true;
});

/* A 401 on any later request: the session has ended (idle timeout, logged out elsewhere). */
setUnauthorizedHandler(() => {
  const session = useSessionStore();
  session.forget();
  const current = router.currentRoute.value;
  if (current.name !== 'login' && !current.meta.public) void router.replace(loginLocation(current));
});

/* A 403 demanding a password change or a second factor (say, the password expired meanwhile). */
setAccountHandler((demand) => {
  const session = useSessionStore();
  if (demand === 'password_change_required') session.mustChangePassword = true;
  else session.totpRequired = true;
  const name = demandRoute(demand);
  const current = router.currentRoute.value;
  if (current.name !== name) void router.replace(accountLocation(name, current));
});

installChunkReload(router);
