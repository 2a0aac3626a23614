/* What the logged-in user may do with one item: the roles they hold over the item's unit.
 * A grant covers a unit when the grant's unit is the unit itself or one of its ancestors, and,
 * for a grant limited to a sector, when the unit belongs to that sector. The server decides
 * again; this only decides which buttons to show. */
import type { Grant, RoleCode } from '@/types';

export function rolesOver(grants: readonly Grant[], unitPath: readonly number[], sector: string | null): Set<RoleCode> {
  const path = new Set(unitPath);
  const out = new Set<RoleCode>();
  for (const g of grants) {
    if (!path.has(g.unit_id)) continue;
    if (g.sector && g.sector !== sector) continue;
    out.add(g.role);
  }
  return out;
}

export interface ItemRights {
  /* 编辑, 分解 */
  edit: boolean;
  /* 认领, 填报进展 */
  report: boolean;
  /* 通过, 退回 */
  review: boolean;
}

export function itemRights(roles: ReadonlySet<RoleCode>): ItemRights {
  const has = (r: RoleCode) => roles.has(r);
  return {
    edit: has('office') || has('unit_leader'),
    report: has('filler') || has('unit_leader'),
    review: has('office') || has('unit_leader'),
  };
}
