import { describe, expect, it } from 'vitest';
import {
  emptyFilters,
  hiddenFilterCount,
  listStateFromRoute,
  listStateToApi,
  listStateToRoute,
  sortFromTable,
  sortToTable,
  type ListState,
} from './data';

function state(over: Partial<ListState> = {}): ListState {
  return { filters: emptyFilters(), sort: null, page: 1, size: 20, ...over };
}

describe('item list filters', () => {
  it('map to the API query, leaving out what is not set', () => {
    const s = state({
      filters: { ...emptyFilters(), unit_id: 355, project: ' 营商环境 ', state: 'active', due_from: '2026-01-01', person: '张' },
      sort: '-due_date',
      page: 3,
    });
    expect(listStateToApi(s, 7)).toEqual({
      cycle_id: 7,
      unit_id: 355,
      project: '营商环境',
      state: 'active',
      due_from: '2026-01-01',
      person: '张',
      sort: '-due_date',
      page: 3,
      size: 20,
    });
    expect(listStateToApi(state(), 1)).toEqual({ cycle_id: 1, page: 1, size: 20 });
  });

  it('go to the address and come back the same', () => {
    const s = state({
      filters: { ...emptyFilters(), unit_id: 12, sector: '发改', category: '重点任务', due_to: '2026-12-31', q: '投资' },
      sort: 'progress',
      page: 2,
      size: 50,
    });
    const query = listStateToRoute(s);
    expect(query).toEqual({
      unit_id: '12',
      sector: '发改',
      category: '重点任务',
      due_to: '2026-12-31',
      q: '投资',
      sort: 'progress',
      page: '2',
      size: '50',
    });
    expect(listStateFromRoute(query as Record<string, string>)).toEqual(s);
  });

  it('give an empty address for the defaults', () => {
    expect(listStateToRoute(state())).toEqual({});
  });

  it('ignore a malformed address', () => {
    const s = listStateFromRoute({ unit_id: 'x', state: 'bogus', sort: 'drop table', page: '-1', size: '7', due_from: '2026/1/1' });
    expect(s).toEqual(state());
  });

  it('count the filters hidden in the collapsed bar', () => {
    expect(hiddenFilterCount({ ...emptyFilters(), q: 'x', state: 'done' })).toBe(0);
    expect(hiddenFilterCount({ ...emptyFilters(), project: 'p', due_to: '2026-01-01', person: 'a' })).toBe(3);
  });
});

describe('item list sort', () => {
  it('maps table columns to the API sort and back', () => {
    expect(sortFromTable('due_date', 'ascending')).toBe('due_date');
    expect(sortFromTable('rollup_progress', 'descending')).toBe('-progress');
    expect(sortFromTable('updated_at', 'descending')).toBe('-updated_at');
    expect(sortFromTable('due_date', null)).toBeNull();
    expect(sortFromTable('unit_name', 'ascending')).toBeNull();
    expect(sortToTable('-progress')).toEqual({ prop: 'rollup_progress', order: 'descending' });
    expect(sortToTable(null)).toBeUndefined();
  });
});

describe('item list lights (督责)', () => {
  it('filter by light through the address and the API, and sort red first', () => {
    const s = listStateFromRoute({ unit_id: '18', sector: '发改', light: 'red', sort: 'light' });
    expect(s.filters.light).toBe('red');
    expect(s.sort).toBe('light');
    expect(listStateToApi(s, 3)).toEqual({ cycle_id: 3, unit_id: 18, sector: '发改', light: 'red', sort: 'light', page: 1, size: 20 });
    expect(listStateToRoute(s)).toEqual({ unit_id: '18', sector: '发改', light: 'red', sort: 'light' });
    expect(listStateFromRoute({ light: 'purple' }).filters.light).toBe('');
  });

  it('sort the light column one way only', () => {
    expect(sortFromTable('light', 'ascending')).toBe('light');
    expect(sortFromTable('light', 'descending')).toBeNull();
    expect(sortToTable('light')).toEqual({ prop: 'light', order: 'ascending' });
  });
});
