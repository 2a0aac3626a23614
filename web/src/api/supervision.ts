/* Supervision (督责) beside notices and inspections: a cycle's light and reminder settings,
 * manual reminders (催办), escalations (升级督办), webhook deliveries and the daily job's runs. */
import { http, request } from './http';
import type { CycleSettings, Delivery, Escalation, JobRun, Page, PageQuery } from '@/types';

export function getCycleSettings(cycleId: number): Promise<CycleSettings> {
  return http.get<CycleSettings>(`/cycles/${cycleId}/settings`);
}

/* Fields not sent are kept. */
export function putCycleSettings(cycleId: number, settings: Partial<CycleSettings>): Promise<CycleSettings> {
  return request<CycleSettings>('PUT', `/cycles/${cycleId}/settings`, { body: settings });
}

/* Reminds the item's people by hand; answers how many. At most once per item and day (409). */
export async function remindItem(itemId: number, message?: string): Promise<number> {
  const answer = await http.post<{ sent: number }>(`/items/${itemId}/remind`, message ? { message } : {});
  return answer.sent;
}

export function listEscalations(query: PageQuery & { cycle_id?: number }): Promise<Page<Escalation>> {
  return http.get<Page<Escalation>>('/escalations', { cycle_id: query.cycle_id, page: query.page, size: query.size });
}

export function listDeliveries(query: PageQuery = {}): Promise<Page<Delivery>> {
  return http.get<Page<Delivery>>('/deliveries', { page: query.page, size: query.size });
}

/* The last runs of the daily job, newest first. */
export async function listJobRuns(): Promise<JobRun[]> {
  const answer = await http.get<{ items: JobRun[] }>('/jobs');
  return answer.items;
}
