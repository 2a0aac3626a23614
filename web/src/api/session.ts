/* Session: log in, who am I, log out. */
import { http } from './http';
import type { Credentials, Me } from '@/types';

/* Logs in. A 401 (bad credentials) is the form's business: no redirect, no toast. */
export function createSession(credentials: Credentials): Promise<Me> {
  return http.post<Me>('/session', credentials, { redirectOn401: false, quiet: true });
}

/* The logged-in user and the CSRF token; rejects with status 401 when nobody is logged in. */
export function getMe(): Promise<Me> {
  return http.get<Me>('/me', undefined, { redirectOn401: false, quiet: true });
}

/* Logs out. Quiet: whatever the answer (even an already expired session), the user ends up
 * on the login page. */
export function deleteSession(): Promise<void> {
  return http.del('/session', { redirectOn401: false, quiet: true });
}
