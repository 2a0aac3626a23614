/* Excel/CSV imports of a responsibility list: a job that is checked, then committed. */
import { http } from './http';
import type { ImportJob } from '@/types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/* The Content-Type the server expects, from the file name (browsers do not always know it). */
export function importTypeOf(filename: string): string | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xlsx')) return XLSX;
  if (lower.endsWith('.csv')) return 'text/csv';
  return null;
}

/* Uploads the sheet; the answer is a job in state "checking". */
export function startImport(cycleId: number, file: File): Promise<ImportJob> {
  const type = importTypeOf(file.name) ?? file.type;
  return http.upload<ImportJob>('/imports', file, { cycle_id: cycleId, filename: file.name }, type);
}

export function getImport(id: number): Promise<ImportJob> {
  return http.get<ImportJob>(`/imports/${id}`);
}

export function commitImport(id: number): Promise<ImportJob> {
  return http.post<ImportJob>(`/imports/${id}/commit`);
}
