/* What a message links to, and how its kind is shown. */
import type { RouteLocationRaw } from 'vue-router';
import type { Message, MessageKind } from '@/types';

/* The notice a message is about, else its item, else nothing. */
export function messageLink(m: Pick<Message, 'item_id' | 'notice_id'>): RouteLocationRaw | null {
  if (m.notice_id !== null) return { name: 'notice', params: { id: m.notice_id } };
  if (m.item_id !== null) return { name: 'item', params: { id: m.item_id } };
  return null;
}

export const KIND_TAGS: Record<MessageKind, 'warning' | 'danger' | 'primary'> = {
  reminder: 'warning',
  notice: 'primary',
  escalation: 'danger',
};

export const MESSAGE_PAGE_SIZE = 20;
