/* What the logged-in user may do with an item, from the roles they hold over its unit (the
 * unit's ancestors come from GET /units/ID, asked once per unit). */
import { computed, ref, watch } from 'vue';
import { getUnit } from '@/api/units';
import { useSessionStore } from '@/stores/session';
import { itemRights, rolesOver, type ItemRights } from '@/utils/rights';
import type { Item, RoleCode } from '@/types';

export function useItemRights(item: () => Item | null) {
  const session = useSessionStore();
  const path = ref<number[]>([]);

  watch(
    () => item()?.unit_id,
    async (unitId) => {
      path.value = [];
      if (!unitId) return;
      try {
        const unit = await getUnit(unitId);
        if (item()?.unit_id === unitId) path.value = [...unit.ancestors.map((a) => a.id), unit.id];
      } catch {
        /* out of the unit scope: no rights shown; the server decides anyway */
      }
    },
    { immediate: true },
  );

  /* The roles the user holds over the item's unit (empty until its ancestors are known). */
  const roles = computed<Set<RoleCode>>(() => {
    const it = item();
    if (!it || path.value.length === 0) return new Set();
    return rolesOver(session.user?.roles ?? [], path.value, it.sector);
  });

  const rights = computed<ItemRights>(() => {
    if (roles.value.size === 0) return { edit: false, report: false, review: false };
    return itemRights(roles.value);
  });

  return { rights, roles };
}
