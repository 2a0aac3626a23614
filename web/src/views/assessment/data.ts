/* Vocabulary shared by the assessment pages: indicator methods and metrics, grades, and how a
 * score is written. */
import type { Grade, IndicatorMethod, IndicatorMetric, SelfState } from '@/types/assessment';

export const METHODS: readonly IndicatorMethod[] = ['branch', 'auto', 'manual', 'bonus', 'deduction', 'veto'];

export const METRICS: readonly IndicatorMetric[] = [
  'items_on_time',
  'milestones_on_time',
  'report_timeliness',
  'rectification_closure',
  'notices_on_time',
];

export const GRADES: readonly Grade[] = ['excellent', 'good', 'fair', 'poor'];

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

export const METHOD_TAG: Record<IndicatorMethod, TagType> = {
  branch: 'info',
  auto: 'primary',
  manual: 'success',
  bonus: 'warning',
  deduction: 'danger',
  veto: 'danger',
};

export const GRADE_TAG: Record<Grade, TagType> = {
  excellent: 'success',
  good: 'primary',
  fair: 'warning',
  poor: 'danger',
};

export const SELF_STATE_TAG: Record<SelfState, TagType> = {
  draft: 'info',
  submitted: 'primary',
  signed: 'success',
  returned: 'warning',
};

/* Points with at most two decimals: 32 → "32", 16.666 → "16.67", null → "—". */
export function formatScore(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return String(Math.round(n * 100) / 100);
}

/* A rate 0..1 as a percentage: 0.9 → "90%". */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 10000) / 100}%`;
}
