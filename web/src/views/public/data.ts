/* The public notice grouped for reading: per peer group, the named collectives first, then every
 * unit by grade. */
import type { Grade, PublicResult } from '@/types/assessment';

const ORDER: Record<Grade, number> = { excellent: 0, good: 1, fair: 2, poor: 3 };

export interface PublicGroup {
  group_id: number;
  name: string;
  named: PublicResult[];
  rows: PublicResult[];
}

export function publicGroups(items: readonly PublicResult[]): PublicGroup[] {
  const byId = new Map<number, PublicGroup>();
  for (const r of items) {
    let g = byId.get(r.group_id);
    if (!g) byId.set(r.group_id, (g = { group_id: r.group_id, name: r.group_name, named: [], rows: [] }));
    g.rows.push(r);
    if (r.named) g.named.push(r);
  }
  for (const g of byId.values())
    g.rows.sort((a, b) => Number(b.named) - Number(a.named) || ORDER[a.grade] - ORDER[b.grade]);
  return [...byId.values()];
}

/* The cycle id of /public/results/:cycleId, or null. */
export function cycleIdOf(param: unknown): number | null {
  const n = Number(Array.isArray(param) ? param[0] : param);
  return Number.isInteger(n) && n > 0 ? n : null;
}
