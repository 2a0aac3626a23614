/* The message centre (消息中心): reminders, notices and escalations addressed to the caller. */
import { http } from './http';
import type { MessagePage } from '@/types';

export interface MessageQuery {
  unread?: boolean;
  page?: number;
  size?: number;
}

/* Newest first; the answer carries the caller's unread count whatever the page. */
export function listMessages(query: MessageQuery = {}, quiet = false): Promise<MessagePage> {
  return http.get<MessagePage>('/messages', { unread: query.unread ? 1 : undefined, page: query.page, size: query.size }, { quiet });
}

export function readMessage(id: number): Promise<void> {
  return http.post<void>(`/messages/${id}/read`);
}

export function readAllMessages(): Promise<void> {
  return http.post<void>('/messages/read-all');
}
