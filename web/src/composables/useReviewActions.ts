/* Approving (after a confirmation) and returning (with a reason) a submitted report; shared by
 * the workbench, the review queue and an item's reports. Bind `returning` to a ReasonDialog. */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import { approveReport, returnReport } from '@/api/reports';

export interface ReviewTarget {
  id: number;
  item_title: string;
  period: string;
  progress: number;
}

export function useReviewActions(done: () => void) {
  const { t } = useI18n();
  const returning = ref<ReviewTarget | null>(null);

  async function approve(r: ReviewTarget): Promise<void> {
    const ok = await ElMessageBox.confirm(
      t('review.approveConfirm', { title: r.item_title, period: r.period, progress: r.progress }),
      t('common.confirmTitle'),
      { type: 'info', confirmButtonText: t('review.approve'), cancelButtonText: t('common.cancel') },
    ).then(
      () => true,
      () => false,
    );
    if (!ok) return;
    await approveReport(r.id);
    ElMessage.success(t('review.approved'));
    done();
  }

  /* For the ReasonDialog's submit. */
  async function sendBack(reason: string): Promise<void> {
    if (!returning.value) return;
    await returnReport(returning.value.id, reason);
    ElMessage.success(t('review.returned'));
    done();
  }

  return { approve, returning, sendBack };
}
