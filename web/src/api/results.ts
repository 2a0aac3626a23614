/* Results of the assessment (考核结果): computing, the ranked list and each total's explanation
 * (得分说明), the Excel export, the public notice (公示) with its objections, finalizing and
 * reopening. */
import { downloadUrl, http } from './http';
import type { ComputeAnswer, Explanation, Objection, PublishAnswer, Result } from '@/types/assessment';

export function computeResults(cycleId: number): Promise<ComputeAnswer> {
  return http.post<ComputeAnswer>(`/cycles/${cycleId}/compute`);
}

/* quiet: before publication everyone but the office gets 403, which the page explains. */
export async function listResults(cycleId: number, groupId?: number): Promise<Result[]> {
  const answer = await http.get<{ items: Result[] }>(`/cycles/${cycleId}/results`, { group_id: groupId }, { quiet: true });
  return answer.items;
}

export function explainResult(cycleId: number, unitId: number): Promise<Explanation> {
  return http.get<Explanation>(`/cycles/${cycleId}/results/${unitId}/explain`);
}

export function resultsExportUrl(cycleId: number, groupId?: number): string {
  return downloadUrl(`/cycles/${cycleId}/results.xlsx`, { group_id: groupId });
}

export function publishResults(cycleId: number): Promise<PublishAnswer> {
  return http.post<PublishAnswer>(`/cycles/${cycleId}/publish`);
}

/* quiet: the 409 (the notice still runs, an objection unanswered) stays on the page. */
export function finalizeResults(cycleId: number): Promise<unknown> {
  return http.post<unknown>(`/cycles/${cycleId}/finalize`, undefined, { quiet: true });
}

export function reopenResults(cycleId: number, reason: string): Promise<unknown> {
  return http.post<unknown>(`/cycles/${cycleId}/reopen`, { reason });
}

export async function listObjections(cycleId: number): Promise<Objection[]> {
  const answer = await http.get<{ items: Objection[] }>(`/cycles/${cycleId}/objections`);
  return answer.items;
}

export function answerObjection(id: number, answer: string): Promise<void> {
  return http.post<void>(`/objections/${id}/answer`, { answer });
}
