/* Inspections (督查): a visit or review of a unit whose findings become rectification items
 * (整改事项); a supervisor or the office verifies (核验) each one to close it. */
import { http } from './http';
import type { Inspection, InspectionCreate, InspectionDetail, InspectionQuery, ItemDetail, Page, Rectification, VerifyInput } from '@/types';

export function listInspections(query: InspectionQuery = {}): Promise<Page<Inspection>> {
  return http.get<Page<Inspection>>('/inspections', { ...query });
}

export function getInspection(id: number): Promise<InspectionDetail> {
  return http.get<InspectionDetail>(`/inspections/${id}`);
}

export function createInspection(inspection: InspectionCreate): Promise<InspectionDetail> {
  return http.post<InspectionDetail>('/inspections', inspection);
}

/* Approved: the item becomes done; rejected: it stays open with the opinion recorded. */
export function verifyRectification(itemId: number, input: VerifyInput): Promise<ItemDetail & Rectification> {
  return http.post<ItemDetail & Rectification>(`/items/${itemId}/verify`, input);
}
