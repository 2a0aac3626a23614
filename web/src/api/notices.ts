/* Supervision notices (督办单): issued about items to a unit, answered in writing with evidence,
 * closed or reopened by the issuing side. */
import { http } from './http';
import type { Attachment, Notice, NoticeCreate, NoticeDetail, NoticeQuery, Page } from '@/types';

export function listNotices(query: NoticeQuery = {}): Promise<Page<Notice>> {
  return http.get<Page<Notice>>('/notices', { ...query });
}

export function getNotice(id: number): Promise<NoticeDetail> {
  return http.get<NoticeDetail>(`/notices/${id}`);
}

export function createNotice(notice: NoticeCreate): Promise<NoticeDetail> {
  return http.post<NoticeDetail>('/notices', notice);
}

export function respondNotice(id: number, text: string): Promise<NoticeDetail> {
  return http.post<NoticeDetail>(`/notices/${id}/respond`, { text });
}

export function closeNotice(id: number): Promise<NoticeDetail> {
  return http.post<NoticeDetail>(`/notices/${id}/close`);
}

export function reopenNotice(id: number, reason: string): Promise<NoticeDetail> {
  return http.post<NoticeDetail>(`/notices/${id}/reopen`, { reason });
}

/* One evidence file of the response, as the raw body (as for reports). Quiet: the caller names
 * the file in its message. */
export function uploadNoticeAttachment(id: number, file: File): Promise<Attachment> {
  return http.upload<Attachment>(`/notices/${id}/attachments`, file, { name: file.name }, undefined, { quiet: true });
}
