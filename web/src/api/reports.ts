/* Progress reports (进展填报) with their evidence files, and their review. */
import { downloadUrl, http } from './http';

/* The server's default cap on one evidence file. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
import type { Attachment, Page, PageQuery, Report, ReportCreate, ReportPatch, ReviewReport } from '@/types';

/* An item's reports, newest period first. */
export async function listItemReports(itemId: number): Promise<Report[]> {
  const answer = await http.get<{ items: Report[] }>(`/items/${itemId}/reports`);
  return answer.items;
}

export function createReport(itemId: number, report: ReportCreate): Promise<Report> {
  return http.post<Report>(`/items/${itemId}/reports`, report);
}

export function updateReport(id: number, patch: ReportPatch): Promise<Report> {
  return http.patch<Report>(`/reports/${id}`, patch);
}

export function submitReport(id: number): Promise<Report> {
  return http.post<Report>(`/reports/${id}/submit`);
}

export function approveReport(id: number): Promise<Report> {
  return http.post<Report>(`/reports/${id}/approve`);
}

export function returnReport(id: number, reason: string): Promise<Report> {
  return http.post<Report>(`/reports/${id}/return`, { reason });
}

/* Uploads one evidence file as the raw body; the server checks its type from its content.
 * Quiet: the caller names the file in its message. */
export function uploadAttachment(reportId: number, file: File): Promise<Attachment> {
  return http.upload<Attachment>(`/reports/${reportId}/attachments`, file, { name: file.name }, undefined, { quiet: true });
}

export function deleteAttachment(reportId: number, attachmentId: number): Promise<void> {
  return http.del(`/reports/${reportId}/attachments/${attachmentId}`);
}

export function attachmentUrl(id: number): string {
  return downloadUrl(`/attachments/${id}`);
}

/* Submitted reports the caller may approve or return. */
export function listReviews(query: PageQuery = {}): Promise<Page<ReviewReport>> {
  return http.get<Page<ReviewReport>>('/reviews', { page: query.page, size: query.size });
}
