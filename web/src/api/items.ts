/* Items (清单事项) of a responsibility list: CRUD, decomposition down the chain, adoption,
 * bulk state changes, the timeline, and the Excel template and export. */
import { downloadUrl, http } from './http';
import type {
  BulkAction,
  Item,
  ItemCreate,
  ItemDetail,
  ItemFacets,
  ItemPatch,
  ItemQuery,
  ItemRow,
  Page,
  TimelineEntry,
} from '@/types';

/* A page of the list: the rows its table shows (a third of each item's fields). */
export function listItems(query: ItemQuery): Promise<Page<ItemRow>> {
  return http.get<Page<ItemRow>>('/items', { ...query, view: 'table' });
}

export function getItemFacets(cycleId: number): Promise<ItemFacets> {
  return http.get<ItemFacets>('/items/facets', { cycle_id: cycleId });
}

export function getItem(id: number): Promise<ItemDetail> {
  return http.get<ItemDetail>(`/items/${id}`);
}

export function createItem(item: ItemCreate): Promise<ItemDetail> {
  return http.post<ItemDetail>('/items', item);
}

export function updateItem(id: number, patch: ItemPatch): Promise<ItemDetail> {
  return http.patch<ItemDetail>(`/items/${id}`, patch);
}

/* Hands the item down to units below it, or to the members of a square; answers the new children. */
export async function decomposeItem(id: number, to: { unit_ids: number[] } | { square_id: number }): Promise<Item[]> {
  const answer = await http.post<{ items: Item[] }>(`/items/${id}/decompose`, to);
  return answer.items;
}

/* The child's unit accepts the item (认领), naming who is responsible. */
export function adoptItem(id: number, responsiblePerson?: string): Promise<ItemDetail> {
  return http.post<ItemDetail>(`/items/${id}/adopt`, responsiblePerson ? { responsible_person: responsiblePerson } : {});
}

/* All or nothing; answers how many items changed. */
export async function bulkItems(ids: number[], action: BulkAction): Promise<number> {
  const answer = await http.post<{ updated: number }>('/items/bulk', { ids, action });
  return answer.updated;
}

/* Creation, edits, decompositions, adoption, reports and reviews, oldest first. */
export async function getItemTimeline(id: number): Promise<TimelineEntry[]> {
  const answer = await http.get<{ items: TimelineEntry[] }>(`/items/${id}/timeline`);
  return answer.items;
}

/* The list as .xlsx, with the same filters (paging and size left out: every matching item). */
export function itemsExportUrl(query: ItemQuery): string {
  const { page: _page, size: _size, ...filters } = query;
  return downloadUrl('/items/export.xlsx', { ...filters });
}

export function itemsTemplateUrl(cycleId: number | null): string {
  return downloadUrl('/items/template.xlsx', { cycle_id: cycleId });
}
