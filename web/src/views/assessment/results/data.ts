/* Results grouped for the tables: one table per peer group in rank order, with a column per
 * 一级 indicator. */
import type { Result } from '@/types/assessment';

export interface ResultGroup {
  group_id: number;
  name: string;
  rows: Result[];
  /* The 一级 indicators, in the order the first row lists them. */
  columns: { indicator_id: number; name: string }[];
}

export function groupResults(results: readonly Result[]): ResultGroup[] {
  const byId = new Map<number, ResultGroup>();
  for (const r of results) {
    let g = byId.get(r.group_id);
    if (!g) {
      g = { group_id: r.group_id, name: r.group_name, rows: [], columns: r.first_level.map(({ indicator_id, name }) => ({ indicator_id, name })) };
      byId.set(r.group_id, g);
    }
    g.rows.push(r);
  }
  for (const g of byId.values()) g.rows.sort((a, b) => a.rank - b.rank || a.unit_name.localeCompare(b.unit_name, 'zh-CN'));
  return [...byId.values()];
}

/* A unit's score on one 一级 indicator, or null when it has none. */
export function firstLevelScore(r: Result, indicatorId: number): number | null {
  return r.first_level.find((f) => f.indicator_id === indicatorId)?.score ?? null;
}
