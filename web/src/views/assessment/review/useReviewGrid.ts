/* The reviewer's grid as page state: the answer, what was typed and commented per cell, the
 * focused cell, and saving and submitting (saving first). A 409 on submit (cells still empty)
 * is kept as `submitError` for the page to show. */
import { computed, ref, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import { getReviewGrid, saveReviewGrid, submitReviewGrid } from '@/api/assessment';
import { ApiError } from '@/api/http';
import { cellKey, emptyCells, scoresToSave, valuesOf, type CellPos } from './data';
import type { ReviewGrid } from '@/types/assessment';

export function useReviewGrid() {
  const { t } = useI18n();
  const grid = shallowRef<ReviewGrid | null>(null);
  const values = ref<Record<string, string>>({});
  const comments = ref<Record<string, string>>({});
  const focused = ref<CellPos | null>(null);
  const loading = ref(false);
  const busy = ref(false);
  const loadError = ref('');
  const submitError = ref('');
  const saveErrors = ref<string[]>([]);

  function accept(g: ReviewGrid): void {
    grid.value = g;
    ({ values: values.value, comments: comments.value } = valuesOf(g));
  }

  async function load(cycleId: number | null): Promise<void> {
    grid.value = null;
    loadError.value = '';
    if (!cycleId) return;
    loading.value = true;
    try {
      accept(await getReviewGrid(cycleId));
    } catch (e) {
      loadError.value = e instanceof ApiError ? e.message : '';
    } finally {
      loading.value = false;
    }
  }

  const focusedUnit = computed(() => (grid.value && focused.value ? grid.value.units[focused.value.row] : null) ?? null);
  const focusedIndicator = computed(() => (grid.value && focused.value ? grid.value.indicators[focused.value.col] : null) ?? null);
  const focusedSelf = computed(() => {
    const u = focusedUnit.value;
    const i = focusedIndicator.value;
    if (!grid.value || !u || !i) return null;
    return grid.value.self.find((s) => s.unit_id === u.id && s.indicator_id === i.id) ?? null;
  });
  const focusedKey = computed(() => (focusedUnit.value && focusedIndicator.value ? cellKey(focusedUnit.value.id, focusedIndicator.value.id) : ''));
  const empty = computed(() => (grid.value ? emptyCells(grid.value, values.value) : 0));
  /* The refusal for empty cells is stale once every cell has a score. */
  watch(empty, (n) => {
    if (n === 0) submitError.value = '';
  });

  async function save(cycleId: number, quietly = false): Promise<boolean> {
    if (!grid.value) return false;
    busy.value = true;
    saveErrors.value = [];
    try {
      accept(await saveReviewGrid(cycleId, scoresToSave(grid.value, values.value, comments.value)));
      if (!quietly) ElMessage.success(t('common.saved'));
      return true;
    } catch (e) {
      if (e instanceof ApiError) saveErrors.value = e.fields.map((f) => `${f.field}: ${f.message}`);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function submit(cycleId: number): Promise<void> {
    submitError.value = '';
    if (!(await save(cycleId, true))) return;
    busy.value = true;
    try {
      accept(await submitReviewGrid(cycleId));
      ElMessage.success(t('assess.review.submitted'));
    } catch (e) {
      submitError.value = e instanceof ApiError ? e.message : t('error.network');
    } finally {
      busy.value = false;
    }
  }

  return {
    grid, values, comments, focused, loading, busy, loadError, submitError, saveErrors, empty,
    focusedUnit, focusedIndicator, focusedSelf, focusedKey, load, save, submit,
  };
}
