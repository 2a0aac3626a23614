/* The audit log (审计日志), read by the auditor alone: records, filters and the chain check. */

/* A value the server stored as JSON before or after a change (null when there was none). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type AuditOutcome = 'ok' | 'failed';

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string | null;
  client: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  outcome: AuditOutcome;
  before: JsonValue;
  after: JsonValue;
}

/* The filters of GET /audit and /audit.xlsx; from/to are days "YYYY-MM-DD" (to: the whole day). */
export interface AuditQuery {
  actor?: string;
  action?: string;
  entity?: string;
  entity_id?: string;
  from?: string;
  to?: string;
  outcome?: AuditOutcome;
  page?: number;
  size?: number;
}

/* GET /audit/verify: ok, or the first broken record and why. */
export interface AuditCheck {
  ok: boolean;
  checked: number;
  broken: number | null;
  why: string | null;
  head_seq: number;
  head_hash: string;
  algorithm: string;
}
