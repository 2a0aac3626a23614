import { describe, expect, it } from 'vitest';
import { barChildren, dashboardLocation, drillPath, formatRate, heatColor, itemsLocation, matrixRows, unitIdFromQuery } from './data';
import type { DashboardChild, DashboardMatrix } from '@/types';

function child(unit_id: number, name: string, red: number, yellow: number, total: number): DashboardChild {
  return { unit_id, name, kind: 'region', green: total - red - yellow, yellow, red, done: 0, total, on_time_rate: null, overdue_days: 0 };
}

describe('dashboard drill-down in the address', () => {
  it('reads the unit from ?unit_id= and ignores anything else', () => {
    expect(unitIdFromQuery({ unit_id: '18' })).toBe(18);
    expect(unitIdFromQuery({ unit_id: ['355', '2'] })).toBe(355);
    expect(unitIdFromQuery({})).toBeNull();
    expect(unitIdFromQuery({ unit_id: '0' })).toBeNull();
    expect(unitIdFromQuery({ unit_id: '-3' })).toBeNull();
    expect(unitIdFromQuery({ unit_id: '1.5' })).toBeNull();
    expect(unitIdFromQuery({ unit_id: 'x' })).toBeNull();
  });

  it('puts the unit into the address, and none for the scope root', () => {
    expect(dashboardLocation(2)).toEqual({ name: 'dashboard', query: { unit_id: '2' } });
    expect(dashboardLocation(null)).toEqual({ name: 'dashboard', query: {} });
    // a round trip: the link a bar leads to drills into the same unit
    const to = dashboardLocation(355) as { query: Record<string, string> };
    expect(unitIdFromQuery(to.query)).toBe(355);
  });

  it('links a number to the list behind it: unit, sector, light (red first), state', () => {
    expect(itemsLocation({ unit_id: 18 })).toEqual({ name: 'items', query: { unit_id: '18' } });
    expect(itemsLocation({ unit_id: 18, sector: '发改', light: 'red' })).toEqual({
      name: 'items',
      query: { unit_id: '18', sector: '发改', light: 'red', sort: 'light' },
    });
    expect(itemsLocation({ unit_id: 2, sector: null, state: 'done' })).toEqual({ name: 'items', query: { unit_id: '2', state: 'done' } });
  });

  it('builds the breadcrumb from the caller\'s highest granted unit down', () => {
    const ancestors = [
      { id: 1, name: '山东省' },
      { id: 2, name: '济南市' },
      { id: 18, name: '历下区' },
    ];
    const unit = { id: 355, name: '历下区发展和改革局' };
    expect(drillPath(ancestors, unit, [1]).map((u) => u.name)).toEqual(['山东省', '济南市', '历下区', '历下区发展和改革局']);
    // a supervisor over 济南市 never sees 山东省
    expect(drillPath(ancestors, unit, [2]).map((u) => u.id)).toEqual([2, 18, 355]);
    // several grants: the highest on the path wins
    expect(drillPath(ancestors, unit, [18, 2]).map((u) => u.id)).toEqual([2, 18, 355]);
    // the root itself
    expect(drillPath([], { id: 1, name: '山东省' }, [1])).toEqual([{ id: 1, name: '山东省' }]);
    // no grant on the path (should not happen): just the unit
    expect(drillPath(ancestors, unit, [99])).toEqual([unit]);
  });
});

describe('dashboard figures', () => {
  const matrix: DashboardMatrix = {
    rows: ['济南市', '青岛市', '山东省财政厅'],
    cols: ['发改', '财政'],
    red: [[3, 1], [0, 0], [0, 2]],
    yellow: [[2, 0], [0, 0], [1, 0]],
    total: [[7, 4], [0, 0], [1, 3]],
  };
  const children = [child(2, '济南市', 4, 2, 11), child(3, '青岛市', 0, 0, 0)];

  it('turn the matrix into rows with unit ids, leaving out rows without items', () => {
    const rows = matrixRows(matrix, children);
    expect(rows.map((r) => [r.name, r.unit_id, r.red, r.total])).toEqual([
      ['济南市', 2, 4, 11],
      ['山东省财政厅', null, 2, 4],
    ]);
    expect(rows[0].cells[0]).toEqual({ sector: '发改', red: 3, yellow: 2, total: 7 });
    // the server's row ids win over names
    const withIds = matrixRows({ ...matrix, row_ids: [2, 3, 40] }, children);
    expect(withIds.map((r) => r.unit_id)).toEqual([2, 40]);
  });

  it('shade a cell by its red share', () => {
    expect(heatColor({ red: 0, yellow: 0, total: 0 })).toBeUndefined();
    expect(heatColor({ red: 0, yellow: 0, total: 5 })).toBeUndefined();
    expect(heatColor({ red: 0, yellow: 2, total: 5 })).toBe('rgba(230, 162, 60, 0.18)');
    expect(heatColor({ red: 5, yellow: 0, total: 5 })).toBe('rgba(217, 48, 38, 0.70)');
    expect(heatColor({ red: 1, yellow: 0, total: 2 })).toBe('rgba(217, 48, 38, 0.41)');
  });

  it('chart the children with items, worst first, at most twenty', () => {
    const many = Array.from({ length: 30 }, (_, i) => child(100 + i, `单位${i}`, i % 5, i % 3, 10));
    const bars = barChildren([...many, child(9, '空', 0, 0, 0)]);
    expect(bars).toHaveLength(20);
    expect(bars.every((b) => b.total > 0)).toBe(true);
    for (let i = 1; i < bars.length; i += 1) expect(bars[i - 1].red).toBeGreaterThanOrEqual(bars[i].red);
    expect(barChildren(children).map((c) => c.name)).toEqual(['济南市']);
  });

  it('show rates as percentages', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(1)).toBe('100%');
  });
});
