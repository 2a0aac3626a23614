/* Who is logged in: shared by the router guard, the layout and every page that shows
 * buttons by role. The CSRF token goes to the request wrapper, not into components. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, setCsrfToken } from '@/api/http';
import { createSession, deleteSession, getMe } from '@/api/session';
import { useCycleStore } from './cycle';
import type { Credentials, Me, RoleCode, User } from '@/types';

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  /* true once GET /me has answered (either way), so the guard asks only once. */
  const checked = ref(false);
  /* What the server demands before anything else (the guard sends the user there). */
  const mustChangePassword = ref(false);
  const passwordReason = ref<Me['password_change_reason']>(null);
  const totpRequired = ref(false);
  const totpEnabled = ref(false);

  const roles = computed<Set<RoleCode>>(() => new Set((user.value?.roles ?? []).map((g) => g.role)));
  const loggedIn = computed(() => user.value !== null);

  function hasRole(...codes: RoleCode[]): boolean {
    return codes.some((c) => roles.value.has(c));
  }

  function accept(me: Me): void {
    user.value = me.user;
    setCsrfToken(me.csrf_token);
    mustChangePassword.value = me.must_change_password === true;
    passwordReason.value = me.password_change_reason ?? null;
    totpRequired.value = me.totp_setup_required === true;
    totpEnabled.value = me.totp_enabled === true;
    checked.value = true;
  }

  function passwordChanged(): void {
    mustChangePassword.value = false;
    passwordReason.value = null;
  }

  function totpChanged(enabled: boolean): void {
    totpEnabled.value = enabled;
    if (enabled) totpRequired.value = false;
  }

  /* Also forgets what the last user chose (the current cycle). */
  function forget(): void {
    useCycleStore().forget();
    user.value = null;
    setCsrfToken(null);
    mustChangePassword.value = false;
    totpRequired.value = false;
    checked.value = true;
  }

  /* Asks the server who we are; resolves to false (not an error) when nobody is logged in. */
  async function load(): Promise<boolean> {
    try {
      accept(await getMe());
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        forget();
        return false;
      }
      throw e;
    }
  }

  async function login(credentials: Credentials): Promise<void> {
    accept(await createSession(credentials));
  }

  async function logout(): Promise<void> {
    try {
      await deleteSession();
    } finally {
      forget();
    }
  }

  return {
    user,
    checked,
    roles,
    loggedIn,
    mustChangePassword,
    passwordReason,
    totpRequired,
    totpEnabled,
    hasRole,
    load,
    login,
    logout,
    forget,
    passwordChanged,
    totpChanged,
  };
});
