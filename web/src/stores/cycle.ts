/* The cycle (年度周期) the list pages work in, shared across pages: the newest by default, or
 * the one the user chose last (kept in localStorage, so a reload keeps it). */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listCycles } from '@/api/cycles';
import type { Cycle } from '@/types';

const KEY = 'liandong.cycle';

function storedId(): number | null {
  try {
    const n = Number(globalThis.localStorage?.getItem(KEY));
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function storeId(id: number | null): void {
  try {
    if (id === null) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, String(id));
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/* Which cycle to show: the wanted one if it exists, else the newest (the list is newest first). */
export function pickCycle(cycles: readonly Cycle[], wanted: number | null): number | null {
  if (wanted !== null && cycles.some((c) => c.id === wanted)) return wanted;
  return cycles[0]?.id ?? null;
}

export const useCycleStore = defineStore('cycle', () => {
  const cycles = ref<Cycle[]>([]);
  const currentId = ref<number | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const current = computed(() => cycles.value.find((c) => c.id === currentId.value) ?? null);

  /* Asks the server again. */
  async function reload(): Promise<void> {
    const list = await listCycles();
    cycles.value = list;
    currentId.value = pickCycle(list, currentId.value ?? storedId());
    loaded.value = true;
  }

  /* Loads once per page load; later calls wait for the same answer. */
  function ensure(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= reload().finally(() => {
      pending = null;
    });
    return pending;
  }

  function select(id: number): void {
    currentId.value = id;
    storeId(id);
  }

  /* Puts a created or changed cycle into the list (newest year first). */
  function upsert(cycle: Cycle): void {
    const rest = cycles.value.filter((c) => c.id !== cycle.id);
    cycles.value = [...rest, cycle].sort((a, b) => b.year - a.year);
    if (currentId.value === null) currentId.value = cycle.id;
  }

  /* On logout: the next user starts afresh. */
  function forget(): void {
    cycles.value = [];
    currentId.value = null;
    loaded.value = false;
  }

  return { cycles, currentId, current, loaded, ensure, reload, select, upsert, forget };
});
