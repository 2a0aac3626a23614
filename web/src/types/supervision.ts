/* Entities of supervision (督责): lights, the message centre, supervision notices (督办单),
 * inspections (督查) and rectification, escalation. The dashboard, the holiday calendar, the
 * cycle's settings and the daily job are in dashboard.ts. Dates are "YYYY-MM-DD", times ISO
 * strings. */
import type { Item } from './chain';
import type { Attachment } from './reports';

/* 亮灯: green on track, yellow at risk, red overdue. A cancelled item has none (null). */
export type Light = 'green' | 'yellow' | 'red';

/* ---------- messages (消息中心) ---------- */

export type MessageKind = 'reminder' | 'notice' | 'escalation';

export interface Message {
  id: number;
  kind: MessageKind;
  title: string;
  body: string;
  item_id: number | null;
  notice_id: number | null;
  created_at: string;
  read_at: string | null;
}

/* A page of messages with the caller's unread count (all pages). */
export interface MessagePage {
  items: Message[];
  total: number;
  page: number;
  size: number;
  unread: number;
}

/* ---------- supervision notices (督办单) ---------- */

export type NoticeState = 'open' | 'responded' | 'closed';
export type NoticeMine = 'issued' | 'received';

export interface Notice {
  id: number;
  cycle_id: number;
  title: string;
  body: string;
  issuer: string;
  issuer_unit_name: string;
  target_unit_id: number;
  target_unit_name: string;
  item_ids: number[];
  due_date: string;
  state: NoticeState;
  response: string | null;
  responder: string | null;
  responded_at: string | null;
  closed_at: string | null;
  light: Light | null;
  light_reason: string;
  created_at: string;
}

export interface NoticeHistoryEntry {
  at: string;
  actor: string;
  action: string;
  summary: string;
  text: string | null;
}

/* GET /notices/ID adds the evidence and the history. */
export interface NoticeDetail extends Notice {
  attachments: Attachment[];
  history: NoticeHistoryEntry[];
}

export interface NoticeCreate {
  target_unit_id: number;
  item_ids: number[];
  title: string;
  body: string;
  due_date: string;
}

export interface NoticeQuery {
  state?: NoticeState;
  mine?: NoticeMine;
  page?: number;
  size?: number;
}

/* ---------- inspections (督查) and rectification (整改) ---------- */

/* What a rectification item (kind "rectification") carries beside an Item's fields. */
export interface Rectification {
  inspection_id: number;
  verified_at: string | null;
  verified_by: string | null;
  verify_opinion: string | null;
}

export type RectificationItem = Item & Rectification;

export interface Inspection {
  id: number;
  cycle_id: number;
  unit_id: number;
  unit_name: string;
  date: string;
  inspectors: string;
  summary: string;
  created_by: string;
  created_at: string;
}

export interface InspectionDetail extends Inspection {
  findings: RectificationItem[];
}

export interface FindingInput {
  title: string;
  due_date: string;
  responsible_person: string;
  description?: string;
}

export interface InspectionCreate {
  cycle_id: number;
  unit_id: number;
  date: string;
  inspectors: string;
  summary: string;
  findings: FindingInput[];
}

export interface InspectionQuery {
  cycle_id?: number;
  unit_id?: number;
  page?: number;
  size?: number;
}

/* 核验: approved (the default) closes the item; false keeps it open with the opinion. */
export interface VerifyInput {
  approved: boolean;
  opinion: string;
}

/* ---------- escalation (升级督办) ---------- */

export interface Escalation {
  id: number;
  item: Item;
  to_unit_id: number;
  to_unit_name: string;
  reason: string;
  created_at: string;
}
