/* The supervision dashboard (督查看板): counts, rates, the child × sector matrix, the longest
 * overdue items and the trend of one unit (the caller's scope root when no unit is named). */
import { http } from './http';
import type { Dashboard } from '@/types';

export function getDashboard(cycleId: number | null, unitId?: number | null): Promise<Dashboard> {
  return http.get<Dashboard>('/dashboard', { cycle_id: cycleId, unit_id: unitId });
}
