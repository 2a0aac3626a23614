/* The self-assessment sheet being edited, and who may do what with it. */
import type { Group, SelfItem, SelfItemInput, SelfState } from '@/types/assessment';
import type { Grant } from '@/types';

export interface SelfRow {
  indicator_id: number;
  name: string;
  method: SelfItem['method'];
  max_score: number;
  criteria: string;
  score: number | null;
  explanation: string;
}

export function rowsOf(items: readonly SelfItem[]): SelfRow[] {
  return items.map((i) => ({ ...i }));
}

/* What PUT sends: every row that has a score (an empty one is simply not filled yet). */
export function itemsToSave(rows: readonly SelfRow[]): SelfItemInput[] {
  return rows
    .filter((r) => r.score !== null && r.score !== undefined)
    .map((r) => ({ indicator_id: r.indicator_id, score: r.score ?? 0, explanation: r.explanation.trim() }));
}

export function isEditableState(s: SelfState): boolean {
  return s === 'draft' || s === 'returned';
}

export interface UnitChoice {
  id: number;
  name: string;
  group: string;
}

/* The units a filler or unit leader fills the sheet for: those of their grants. */
export function ownUnits(grants: readonly Grant[]): UnitChoice[] {
  const seen = new Set<number>();
  const out: UnitChoice[] = [];
  for (const g of grants) {
    if ((g.role !== 'filler' && g.role !== 'unit_leader') || seen.has(g.unit_id)) continue;
    seen.add(g.unit_id);
    out.push({ id: g.unit_id, name: g.unit_name, group: '' });
  }
  return out;
}

/* Every assessed unit, by peer group (what the office may open). */
export function groupUnits(groups: readonly Group[]): UnitChoice[] {
  return groups.flatMap((g) => g.members.map((m) => ({ id: m.unit_id, name: m.name, group: g.name })));
}
