/* The responsibility list's filters and sort: held in the address (so a reload, a link or the
 * back button keeps them) and turned into the API's query. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ItemQuery, ItemSort, ItemState, Light } from '@/types';

export const ITEM_STATES: readonly ItemState[] = ['active', 'done', 'cancelled'];
export const LIGHTS: readonly Light[] = ['red', 'yellow', 'green'];
export const PAGE_SIZES = [20, 50, 100];

export interface ItemFilters {
  unit_id: number | null;
  sector: string;
  project: string;
  category: string;
  state: ItemState | '';
  due_from: string;
  due_to: string;
  person: string;
  q: string;
  light: Light | '';
}

export interface ListState {
  filters: ItemFilters;
  sort: ItemSort | null;
  page: number;
  size: number;
}

export function emptyFilters(): ItemFilters {
  return { unit_id: null, sector: '', project: '', category: '', state: '', due_from: '', due_to: '', person: '', q: '', light: '' };
}

const SORTS: readonly ItemSort[] = ['due_date', '-due_date', 'progress', '-progress', 'title', 'updated_at', '-updated_at', 'light'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim() : '';
}

function positive(s: string): number | null {
  const n = Number(s);
  return s !== '' && Number.isInteger(n) && n > 0 ? n : null;
}

/* Reads the list's state from the address; anything malformed is left out. */
export function listStateFromRoute(query: LocationQuery): ListState {
  const state = one(query.state);
  const sort = one(query.sort);
  const size = positive(one(query.size));
  const dueFrom = one(query.due_from);
  const dueTo = one(query.due_to);
  const light = one(query.light);
  return {
    filters: {
      unit_id: positive(one(query.unit_id)),
      sector: one(query.sector),
      project: one(query.project),
      category: one(query.category),
      state: (ITEM_STATES as readonly string[]).includes(state) ? (state as ItemState) : '',
      due_from: DATE.test(dueFrom) ? dueFrom : '',
      due_to: DATE.test(dueTo) ? dueTo : '',
      person: one(query.person),
      q: one(query.q),
      light: (LIGHTS as readonly string[]).includes(light) ? (light as Light) : '',
    },
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as ItemSort) : null,
    page: positive(one(query.page)) ?? 1,
    size: size !== null && PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0],
  };
}

/* The address for a state: only what differs from the defaults. */
export function listStateToRoute(s: ListState): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  const f = s.filters;
  if (f.unit_id !== null) out.unit_id = String(f.unit_id);
  for (const key of ['sector', 'project', 'category', 'state', 'due_from', 'due_to', 'person', 'q', 'light'] as const) {
    const v = f[key].trim();
    if (v) out[key] = v;
  }
  if (s.sort) out.sort = s.sort;
  if (s.page > 1) out.page = String(s.page);
  if (s.size !== PAGE_SIZES[0]) out.size = String(s.size);
  return out;
}

/* The API query of GET /items (and of the export, which ignores page and size). */
export function listStateToApi(s: ListState, cycleId: number): ItemQuery {
  const f = s.filters;
  const q: ItemQuery = { cycle_id: cycleId, page: s.page, size: s.size };
  if (f.unit_id !== null) q.unit_id = f.unit_id;
  if (f.sector.trim()) q.sector = f.sector.trim();
  if (f.project.trim()) q.project = f.project.trim();
  if (f.category.trim()) q.category = f.category.trim();
  if (f.state) q.state = f.state;
  if (f.due_from) q.due_from = f.due_from;
  if (f.due_to) q.due_to = f.due_to;
  if (f.person.trim()) q.person = f.person.trim();
  if (f.q.trim()) q.q = f.q.trim();
  if (f.light) q.light = f.light;
  if (s.sort) q.sort = s.sort;
  return q;
}

/* el-table's sort-change (column prop, order) → the API's sort. */
const SORT_COLUMNS: Record<string, 'due_date' | 'progress' | 'updated_at' | 'title' | 'light'> = {
  light: 'light',
  due_date: 'due_date',
  rollup_progress: 'progress',
  updated_at: 'updated_at',
  title: 'title',
};

export function sortFromTable(prop: string | null, order: string | null): ItemSort | null {
  const key = prop ? SORT_COLUMNS[prop] : undefined;
  if (!key || !order) return null;
  /* title and light (red first) sort one way only */
  if (order === 'descending') return key === 'title' || key === 'light' ? null : (`-${key}` as ItemSort);
  return key;
}

/* The API's sort → el-table's default-sort. */
export function sortToTable(sort: ItemSort | null): { prop: string; order: 'ascending' | 'descending' } | undefined {
  if (!sort) return undefined;
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const prop = Object.keys(SORT_COLUMNS).find((p) => SORT_COLUMNS[p] === key);
  return prop ? { prop, order: desc ? 'descending' : 'ascending' } : undefined;
}

/* How many filters beyond the always-visible ones are set (shown on the "more" button). */
export function hiddenFilterCount(f: ItemFilters): number {
  return [f.sector, f.project, f.category, f.due_from || f.due_to, f.person].filter((v) => v !== '').length;
}
