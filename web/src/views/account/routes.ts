/* The caller's own account: 修改密码 and 绑定动态验证码. Plain pages (no layout): while the
 * server demands one of them, it answers 403 to everything the layout would ask. */
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import type { AccountDemand } from '@/api/http';

export const PASSWORD_ROUTE = 'account-password';
export const TOTP_ROUTE = 'account-totp';

export const accountRoutes: RouteRecordRaw[] = [
  {
    path: '/account/password',
    name: PASSWORD_ROUTE,
    component: () => import('@/views/account/password.vue'),
    meta: { title: 'account.password.title' },
  },
  {
    path: '/account/totp',
    name: TOTP_ROUTE,
    component: () => import('@/views/account/totp.vue'),
    meta: { title: 'account.totp.title' },
  },
];

export function demandRoute(demand: AccountDemand): string {
  return demand === 'password_change_required' ? PASSWORD_ROUTE : TOTP_ROUTE;
}

/* The page the user was heading for, kept in ?redirect= while they see to their account. */
export function accountLocation(name: string, to: Pick<RouteLocationNormalized, 'fullPath' | 'name' | 'query'>) {
  let redirect: string | undefined = to.fullPath;
  if (to.name === PASSWORD_ROUTE || to.name === TOTP_ROUTE) {
    redirect = typeof to.query.redirect === 'string' ? to.query.redirect : undefined;
  }
  if (!redirect || redirect === '/' || redirect.startsWith('/login')) redirect = undefined;
  return { name, query: redirect ? { redirect } : {} };
}

/* A redirect target must be a path of this site, never another origin. */
export function safeTarget(r: unknown): string {
  if (typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login')) return r;
  return '/';
}
