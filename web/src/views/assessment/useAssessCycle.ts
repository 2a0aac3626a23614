/* The cycle an assessment page works in: the shared current cycle (年度周期), loaded once, and
 * its phase. `onChange` runs once the cycles are known and again whenever the user picks
 * another; `reload` asks the server again after a change of phase (publish, finalize, reopen). */
import { computed, onMounted, watch } from 'vue';
import { useCycleStore } from '@/stores/cycle';

export function useAssessCycle(onChange: (cycleId: number | null) => void) {
  const store = useCycleStore();
  const cycleId = computed(() => store.currentId);
  const phase = computed(() => store.current?.phase ?? null);
  /* Until the first load the id may still change as the list arrives: that is not a choice. */
  let ready = false;

  watch(cycleId, (id) => {
    if (ready) onChange(id);
  });
  onMounted(async () => {
    await store.ensure();
    ready = true;
    onChange(cycleId.value);
  });

  return { store, cycleId, phase, reload: () => store.reload() };
}
