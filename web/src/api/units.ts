/* Units (单位): the organisation tree, restricted by the server to the caller's scope. */
import { http } from './http';
import type { Page, Unit, UnitCreate, UnitDetail, UnitPatch, UnitSearchHit } from '@/types';

/* The server answers every child list whole up to this many. */
const CHILDREN_MAX = 1000;

/* The roots of the caller's scope (one per grant). */
export function listRootUnits(): Promise<Page<Unit>> {
  return http.get<Page<Unit>>('/units');
}

/* Children of one unit: regions first, then organs in their order. */
export function listChildUnits(parentId: number): Promise<Page<Unit>> {
  return http.get<Page<Unit>>('/units', { parent: parentId, size: CHILDREN_MAX });
}

/* Units whose name or short name contains q. */
export function searchUnits(q: string, page = 1, size = 20): Promise<Page<UnitSearchHit>> {
  return http.get<Page<UnitSearchHit>>('/units', { q, page, size });
}

export function getUnit(id: number): Promise<UnitDetail> {
  return http.get<UnitDetail>(`/units/${id}`);
}

export function getUnitByCode(code: string): Promise<UnitDetail> {
  return http.get<UnitDetail>(`/units/code/${encodeURIComponent(code)}`);
}

export function createUnit(unit: UnitCreate): Promise<Unit> {
  return http.post<Unit>('/units', unit);
}

export function updateUnit(id: number, patch: UnitPatch): Promise<Unit> {
  return http.patch<Unit>(`/units/${id}`, patch);
}
