/* Entities of supervision (督责): lights, the message centre, supervision notices (督办单),
 * inspections (督查) and rectification, escalation, the dashboard (督查看板), the holiday
 * calendar, the cycle's settings and the daily job. Dates are "YYYY-MM-DD", times ISO strings. */
import type { Item } from './chain';
import type { UnitKind, UnitLevel } from './index';
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

/* ---------- the dashboard (督查看板) ---------- */

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  total: number;
}

export interface DashboardTotals extends LightCounts {
  done: number;
  /* done on or before due / (done + red); null when there is neither. */
  on_time_rate: number | null;
  overdue_days: number;
}

export interface DashboardChild extends DashboardTotals {
  unit_id: number;
  name: string;
  kind: UnitKind;
}

export interface DashboardSector extends LightCounts {
  sector: string;
}

/* Child units × sectors; red[r][c] counts the red items of row r in sector c. */
export interface DashboardMatrix {
  rows: string[];
  /* The unit id of each row (sent beside the contract's fields). */
  row_ids?: number[];
  cols: string[];
  red: number[][];
  yellow: number[][];
  total: number[][];
}

export interface TrendPoint {
  day: string;
  green: number;
  yellow: number;
  red: number;
}

export interface DashboardUnit {
  id: number;
  name: string;
  level: UnitLevel | null;
  kind: UnitKind;
}

export type OverdueItem = Item & { overdue_days: number };

export interface Dashboard {
  cycle_id: number;
  unit: DashboardUnit;
  as_of: string;
  totals: DashboardTotals;
  children: DashboardChild[];
  sectors: DashboardSector[];
  matrix: DashboardMatrix;
  longest_overdue: OverdueItem[];
  trend: TrendPoint[];
  /* Present (true) when a year the figures need lacks holiday data. */
  calendar_warning?: boolean;
}

/* ---------- the calendar, settings, deliveries and the daily job ---------- */

export type HolidayKind = 'holiday' | 'workday';

export interface Holiday {
  day: string;
  kind: HolidayKind;
  name: string;
}

export interface HolidayInput {
  kind: HolidayKind;
  name: string;
}

export interface HolidayYear {
  year: number;
  covered: boolean;
  items: Holiday[];
}

export type WebhookFormat = 'dingtalk' | 'wecom';

export interface CycleSettings {
  due_soon_workdays: number;
  tolerance: number;
  escalate_after_workdays: number;
  remind_before_workdays: number;
  remind_on_due: boolean;
  remind_overdue_every_days: number;
  webhook_url: string | null;
  webhook_format: WebhookFormat;
}

export interface WebhookPayload {
  msgtype: string;
  text: { content: string };
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Delivery {
  id: number;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  /* What is POSTed: {"msgtype":"text","text":{"content":"…"}} (DingTalk and WeCom alike). */
  payload: WebhookPayload;
  updated_at: string;
}

export interface JobRun {
  day: string;
  started_at: string;
  finished_at: string | null;
  items: number;
  reminders: number;
  escalations: number;
}
