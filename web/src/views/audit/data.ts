/* The audit page's filters and the before/after comparison of a record. */
import type { AuditOutcome, AuditQuery, JsonValue } from '@/types/audit';

export interface AuditFilterForm {
  actor: string;
  action: string;
  entity: string;
  /* [from, to] as "YYYY-MM-DD" (the server reads a bare "to" as the whole day), or null. */
  range: [string, string] | null;
  outcome: AuditOutcome | '';
}

export function emptyFilters(): AuditFilterForm {
  return { actor: '', action: '', entity: '', range: null, outcome: '' };
}

/* The query of GET /audit (and its export) for these filters; empty ones are left out. */
export function filterQuery(f: AuditFilterForm): AuditQuery {
  const q: AuditQuery = {};
  if (f.actor.trim()) q.actor = f.actor.trim();
  if (f.action.trim()) q.action = f.action.trim();
  if (f.entity.trim()) q.entity = f.entity.trim();
  if (f.range) [q.from, q.to] = f.range;
  if (f.outcome) q.outcome = f.outcome;
  return q;
}

/* One key of the record's before and after: each value pretty-printed (undefined when absent
 * on that side), and whether they differ. */
export interface DiffRow {
  key: string;
  before: string | undefined;
  after: string | undefined;
  changed: boolean;
}

type JsonObject = { [key: string]: JsonValue };

function isObject(v: JsonValue): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/* JSON with object keys sorted, so that equal values compare equal whatever their order. */
function canonical(v: JsonValue | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

export function pretty(v: JsonValue | undefined): string | undefined {
  return v === undefined ? undefined : JSON.stringify(v, null, 2);
}

/* The rows of the side-by-side view: objects (or null, an object with no keys) key by key,
 * the before's keys first, then those only after; anything else as one row with key "". */
export function diffRows(before: JsonValue, after: JsonValue): DiffRow[] {
  const b = before ?? {};
  const a = after ?? {};
  if (!isObject(b) || !isObject(a)) {
    const bv = before === null ? undefined : before;
    const av = after === null ? undefined : after;
    return [{ key: '', before: pretty(bv), after: pretty(av), changed: canonical(bv) !== canonical(av) }];
  }
  const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
  return keys.map((key) => {
    const bv = key in b ? b[key] : undefined;
    const av = key in a ? a[key] : undefined;
    return { key, before: pretty(bv), after: pretty(av), changed: canonical(bv) !== canonical(av) };
  });
}
