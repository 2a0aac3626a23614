/* The office's actions on the results: 计算, 发布公示, 确认最终结果, 重新打开. Each tells the page
 * to reload (`after`); a refused finalize (409 while the notice runs or an objection waits) is
 * kept in `finalizeError` for the page to show. */
import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import { ApiError } from '@/api/http';
import { computeResults, finalizeResults, publishResults, reopenResults } from '@/api/results';
import type { ComputeAnswer, PublishAnswer } from '@/types/assessment';

export function useResultsActions(after: () => Promise<void>) {
  const { t } = useI18n();
  const computed = shallowRef<ComputeAnswer | null>(null);
  const published = shallowRef<PublishAnswer | null>(null);
  const finalizeError = ref('');
  const busy = ref(false);

  async function confirm(message: string): Promise<boolean> {
    return ElMessageBox.confirm(message, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
    }).then(
      () => true,
      () => false,
    );
  }

  async function step<T>(action: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      return await action();
    } catch {
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function compute(cycleId: number): Promise<void> {
    const answer = await step(() => computeResults(cycleId));
    if (!answer) return;
    computed.value = answer;
    ElMessage.success(t('assess.result.computed'));
    await after();
  }

  async function publish(cycleId: number): Promise<void> {
    if (!(await confirm(t('assess.result.publishConfirm')))) return;
    const answer = await step(() => publishResults(cycleId));
    if (!answer) return;
    published.value = answer;
    ElMessage.success(t('assess.result.published', { start: answer.start_day, end: answer.end_day }));
    await after();
  }

  async function finalize(cycleId: number): Promise<void> {
    finalizeError.value = '';
    if (!(await confirm(t('assess.result.finalizeConfirm')))) return;
    busy.value = true;
    try {
      await finalizeResults(cycleId);
      ElMessage.success(t('assess.result.finalized'));
      await after();
    } catch (e) {
      finalizeError.value = e instanceof ApiError ? e.message : t('error.network');
    } finally {
      busy.value = false;
    }
  }

  async function reopen(cycleId: number, reason: string): Promise<void> {
    await reopenResults(cycleId, reason);
    published.value = null;
    ElMessage.success(t('assess.result.reopened'));
    await after();
  }

  return { computed, published, finalizeError, busy, compute, publish, finalize, reopen };
}
