/* Shapes and defaults of the organisation page's forms. */
import type { Unit, UnitKind } from '@/types';

export const TABS = ['units', 'squares'] as const;
export type OrgTab = (typeof TABS)[number];

/* Reads a positive integer id from the query string. */
export function queryId(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

export interface UnitForm {
  name: string;
  short_name: string;
  sector: string;
  kind: 'organ' | 'division';
}
export type UnitField = 'name' | 'short_name' | 'sector' | 'kind' | 'parent_id';

/* What a new unit under `parent` most likely is: organs sit under regions, divisions under organs. */
export function childKindOf(parent: UnitKind): 'organ' | 'division' {
  return parent === 'region' ? 'organ' : 'division';
}

export function emptyUnitForm(parent: UnitKind): UnitForm {
  return { name: '', short_name: '', sector: '', kind: childKindOf(parent) };
}

export function unitFormOf(u: Unit): UnitForm {
  return { name: u.name, short_name: u.short_name ?? '', sector: u.sector ?? '', kind: u.kind === 'division' ? 'division' : 'organ' };
}

export interface SquareForm {
  name: string;
  description: string;
  lead_unit_id: number | null;
}
export type SquareField = 'name' | 'description' | 'lead_unit_id';

export function emptySquareForm(): SquareForm {
  return { name: '', description: '', lead_unit_id: null };
}
