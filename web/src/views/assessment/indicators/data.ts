/* The indicator form and the rules the page applies before the server does. Rates (full_at,
 * zero_at) are 0..1 for the API and percentages in the form. */
import type { Indicator, IndicatorCreate, IndicatorMethod, IndicatorMetric, IndicatorPatch } from '@/types/assessment';

export interface IndicatorForm {
  name: string;
  max_score: number;
  method: IndicatorMethod;
  criteria: string;
  metric: IndicatorMetric | null;
  full_pct: number;
  zero_pct: number;
}

export type IndicatorField = 'name' | 'max_score' | 'method' | 'criteria' | 'metric' | 'full_at' | 'zero_at' | 'parent_id';

export function emptyIndicatorForm(room: number): IndicatorForm {
  return { name: '', max_score: Math.max(0, room), method: 'manual', criteria: '', metric: null, full_pct: 100, zero_pct: 0 };
}

export function indicatorFormOf(i: Indicator): IndicatorForm {
  return {
    name: i.name,
    max_score: i.max_score,
    method: i.method,
    criteria: i.criteria,
    metric: i.metric,
    full_pct: Math.round(i.full_at * 10000) / 100,
    zero_pct: Math.round(i.zero_at * 10000) / 100,
  };
}

/* What the form sends; the auto fields only for an auto leaf. */
export function indicatorFieldsOf(f: IndicatorForm): IndicatorPatch & IndicatorCreate {
  const out: IndicatorPatch & IndicatorCreate = {
    name: f.name.trim(),
    max_score: f.max_score,
    method: f.method,
    criteria: f.criteria.trim(),
  };
  if (f.method === 'auto') {
    out.metric = f.metric;
    out.full_at = Math.round(f.full_pct * 100) / 10000;
    out.zero_at = Math.round(f.zero_pct * 100) / 10000;
  }
  return out;
}

/* Only a branch (分类) below the third level takes children. */
export function canHaveChildren(i: Indicator): boolean {
  return i.method === 'branch' && i.level < 3;
}

/* The points a branch has left for another child: its max less what its children claim
 * (bonus children are extra and claim nothing). */
export function roomLeft(parent: Indicator, except?: number): number {
  const used = parent.children
    .filter((c) => c.method !== 'bonus' && c.id !== except)
    .reduce((sum, c) => sum + Math.round(c.max_score * 100), 0);
  return (Math.round(parent.max_score * 100) - used) / 100;
}

/* The indicator with that id anywhere in the tree, or null. */
export function findIndicator(tree: readonly Indicator[], id: number): Indicator | null {
  for (const i of tree) {
    if (i.id === id) return i;
    const hit = findIndicator(i.children, id);
    if (hit) return hit;
  }
  return null;
}

/* Every leaf of the tree, depth first, with the names of its ancestors. */
export function leavesOf(tree: readonly Indicator[], path: string[] = []): { indicator: Indicator; path: string[] }[] {
  const out: { indicator: Indicator; path: string[] }[] = [];
  for (const i of tree) {
    if (i.method === 'branch') out.push(...leavesOf(i.children, [...path, i.name]));
    else out.push({ indicator: i, path });
  }
  return out;
}
