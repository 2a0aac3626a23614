/* The role catalogue (GET /roles), asked once per page load and named in the UI's language. */
import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { listRoles } from '@/api/users';
import type { Role } from '@/types';

const roles = shallowRef<Role[]>([]);
let pending: Promise<void> | null = null;

function fetchOnce(): Promise<void> {
  pending ??= listRoles().then(
    (items) => {
      roles.value = items;
    },
    () => {
      pending = null; // try again next time
    },
  );
  return pending;
}

export function useRoles() {
  const { locale } = useI18n();
  void fetchOnce();
  const options = computed(() =>
    roles.value.map((r) => ({ value: r.code, label: locale.value === 'en' ? r.name_en : r.name_zh })),
  );
  return { roles, options };
}
