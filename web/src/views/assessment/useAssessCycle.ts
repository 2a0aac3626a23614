/* The cycle an assessment page works in: the shared current cycle (年度周期), loaded once, and
 * its phase. `reload` asks the server again after a change of phase (publish, finalize, reopen). */
import { computed, onMounted, watch } from 'vue';
import { useCycleStore } from '@/stores/cycle';

export function useAssessCycle(onChange: (cycleId: number | null) => void) {
  const store = useCycleStore();
  const cycleId = computed(() => store.currentId);
  const phase = computed(() => store.current?.phase ?? null);

  watch(cycleId, (id) => onChange(id));
  onMounted(async () => {
    await store.ensure();
    onChange(cycleId.value);
  });

  return { store, cycleId, phase, reload: () => store.reload() };
}
