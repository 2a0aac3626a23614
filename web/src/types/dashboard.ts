/* Entities of the supervision dashboard (督查看板), the holiday calendar, a cycle's light and
 * reminder settings, webhook deliveries and the daily job's runs. */
import type { Item } from './chain';
import type { UnitKind, UnitLevel } from './index';

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
