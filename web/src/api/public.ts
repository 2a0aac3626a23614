/* The public notice (公示) read and answered without logging in. These calls never send the
 * visitor to the login page (redirectOn401: false), and the page shows their errors itself. */
import { http } from './http';
import type { ObjectionCreate, PublicResults } from '@/types/assessment';

const PUBLIC = { redirectOn401: false, quiet: true } as const;

/* 404 when the cycle's results are not public (yet, or any more). */
export function getPublicResults(cycleId: number): Promise<PublicResults> {
  return http.get<PublicResults>(`/public/cycles/${cycleId}/results`, undefined, PUBLIC);
}

/* JSON, no CSRF token needed; 429 when one address files too many, 409 outside the period. */
export function fileObjection(cycleId: number, objection: ObjectionCreate): Promise<{ id: number; message: string }> {
  return http.post<{ id: number; message: string }>(`/public/cycles/${cycleId}/objections`, objection, PUBLIC);
}
