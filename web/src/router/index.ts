/* History-mode routing (the C server falls back to index.html) over the table in routes.ts; the
 * login guard and what a 401 or a 403 demand does. */
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { setAccountHandler, setUnauthorizedHandler } from '@/api/http';
import { useSessionStore } from '@/stores/session';
import { installChunkReload } from './reload';
import { routes } from './routes';
import { accountLocation, demandRoute, PASSWORD_ROUTE, TOTP_ROUTE } from '@/views/account/routes';

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
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
