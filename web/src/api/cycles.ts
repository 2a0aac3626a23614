/* Cycles (年度周期): the year being run and its phase; managed by the work-committee office. */
import { http } from './http';
import type { Cycle, CycleCreate, CyclePatch, CyclePhase } from '@/types';

/* Every cycle, newest year first. */
export async function listCycles(): Promise<Cycle[]> {
  const answer = await http.get<{ items: Cycle[] }>('/cycles');
  return answer.items;
}

export function getCycle(id: number): Promise<Cycle> {
  return http.get<Cycle>(`/cycles/${id}`);
}

export function createCycle(cycle: CycleCreate): Promise<Cycle> {
  return http.post<Cycle>('/cycles', cycle);
}

export function updateCycle(id: number, patch: CyclePatch): Promise<Cycle> {
  return http.patch<Cycle>(`/cycles/${id}`, patch);
}

/* One step forward, or one step back with a reason. */
export function setCyclePhase(id: number, phase: CyclePhase, reason?: string): Promise<Cycle> {
  return http.post<Cycle>(`/cycles/${id}/phase`, reason ? { phase, reason } : { phase });
}
