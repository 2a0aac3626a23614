/* The dashboard's drill-down held in the address (?unit_id=), the links from its numbers to the
 * responsibility list behind them, the breadcrumb of the drill-down path, and the rows of the
 * child × sector matrix. Pure functions: the page and its tests share them. */
import type { LocationQuery, RouteLocationRaw } from 'vue-router';
import type { DashboardChild, DashboardMatrix, ItemState, Light, UnitRef } from '@/types';

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim() : '';
}

/* The unit the address drills into, or null for the caller's scope root. */
export function unitIdFromQuery(query: LocationQuery): number | null {
  const s = one(query.unit_id);
  const n = Number(s);
  return s !== '' && Number.isInteger(n) && n > 0 ? n : null;
}

/* The dashboard of a unit (null: the scope root). */
export function dashboardLocation(unitId: number | null): RouteLocationRaw {
  return { name: 'dashboard', query: unitId ? { unit_id: String(unitId) } : {} };
}

export interface ListFilter {
  unit_id: number;
  sector?: string | null;
  light?: Light;
  state?: ItemState;
}

/* The responsibility list behind a number: the same unit (with its subtree), sector and light. */
export function itemsLocation(f: ListFilter): RouteLocationRaw {
  const query: Record<string, string> = { unit_id: String(f.unit_id) };
  if (f.sector) query.sector = f.sector;
  if (f.light) {
    query.light = f.light;
    query.sort = 'light';
  }
  if (f.state) query.state = f.state;
  return { name: 'items', query };
}

/* The breadcrumb province → city → county → unit: the unit's ancestors and the unit, starting
 * at the highest unit the caller holds a grant on (above it the caller sees nothing). */
export function drillPath(ancestors: readonly UnitRef[], unit: UnitRef, grantUnitIds: readonly number[]): UnitRef[] {
  const path = [...ancestors, unit];
  const roots = new Set(grantUnitIds);
  const start = path.findIndex((u) => roots.has(u.id));
  return start < 0 ? [unit] : path.slice(start);
}

export interface MatrixCell {
  sector: string;
  red: number;
  yellow: number;
  total: number;
}

export interface MatrixRow {
  unit_id: number | null;
  name: string;
  red: number;
  total: number;
  cells: MatrixCell[];
}

/* The matrix as table rows, with each row's unit id (sent beside the rows, or else found among
 * the children by name) and its totals; rows without items are left out. */
export function matrixRows(m: DashboardMatrix, children: readonly DashboardChild[]): MatrixRow[] {
  const out: MatrixRow[] = [];
  m.rows.forEach((name, r) => {
    const cells = m.cols.map((sector, c) => ({
      sector,
      red: m.red[r]?.[c] ?? 0,
      yellow: m.yellow[r]?.[c] ?? 0,
      total: m.total[r]?.[c] ?? 0,
    }));
    const total = cells.reduce((n, x) => n + x.total, 0);
    if (total === 0) return;
    const id = m.row_ids?.[r] ?? children.find((c) => c.name === name)?.unit_id ?? null;
    out.push({ unit_id: id, name, red: cells.reduce((n, x) => n + x.red, 0), total, cells });
  });
  return out;
}

/* A cell's background: red in proportion to its red share, pale yellow when only yellow. */
export function heatColor(cell: Pick<MatrixCell, 'red' | 'yellow' | 'total'>): string | undefined {
  if (cell.total === 0) return undefined;
  if (cell.red > 0) return `rgba(217, 48, 38, ${(0.12 + 0.58 * (cell.red / cell.total)).toFixed(2)})`;
  if (cell.yellow > 0) return 'rgba(230, 162, 60, 0.18)';
  return undefined;
}

/* The children worth a bar: those with items, worst first (red, then yellow, then size), at
 * most `max` of them. */
export function barChildren(children: readonly DashboardChild[], max = 20): DashboardChild[] {
  return children
    .filter((c) => c.total > 0)
    .sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.total - a.total)
    .slice(0, max);
}

/* 0.8 → "80%", null → "—" */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
