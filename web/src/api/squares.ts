/* Squares (联建方阵): cross-level groups of units of one function, with a lead unit. */
import { http } from './http';
import type { Page, PageQuery, Square, SquareCreate, SquareDetail, SquarePatch } from '@/types';

export function listSquares(query: PageQuery = {}): Promise<Page<Square>> {
  return http.get<Page<Square>>('/squares', { ...query });
}

export function getSquare(id: number): Promise<SquareDetail> {
  return http.get<SquareDetail>(`/squares/${id}`);
}

export function createSquare(square: SquareCreate): Promise<Square> {
  return http.post<Square>('/squares', square);
}

export function updateSquare(id: number, patch: SquarePatch): Promise<Square> {
  return http.patch<Square>(`/squares/${id}`, patch);
}

export function deleteSquare(id: number): Promise<void> {
  return http.del(`/squares/${id}`);
}

export function addSquareMember(id: number, unitId: number): Promise<SquareDetail> {
  return http.post<SquareDetail>(`/squares/${id}/members`, { unit_id: unitId });
}

export function removeSquareMember(id: number, unitId: number): Promise<void> {
  return http.del(`/squares/${id}/members/${unitId}`);
}
