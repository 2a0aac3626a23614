import { describe, expect, it } from 'vitest';
import { diffRows, emptyFilters, filterQuery } from './data';

describe('audit before/after', () => {
  it('compares objects key by key and marks the keys that differ', () => {
    const rows = diffRows({ title: '旧', state: 'draft', n: 1 }, { title: '新', state: 'draft', due: '2026-06-30' });
    expect(rows.map((r) => [r.key, r.changed])).toEqual([
      ['title', true],
      ['state', false],
      ['n', true],
      ['due', true],
    ]);
    expect(rows[0]).toEqual({ key: 'title', before: '"旧"', after: '"新"', changed: true });
    expect(rows[2].after).toBeUndefined();
    expect(rows[3].before).toBeUndefined();
  });

  it('compares nested values whatever the order of their keys, and pretty-prints them', () => {
    const rows = diffRows({ m: { a: 1, b: [1, 2] } }, { m: { b: [1, 2], a: 1 } });
    expect(rows[0].changed).toBe(false);
    expect(rows[0].before).toBe('{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}');
    expect(diffRows({ m: [1, 2] }, { m: [2, 1] })[0].changed).toBe(true);
  });

  it('treats a missing side (null) as an object without keys', () => {
    expect(diffRows(null, { name: 'x' })).toEqual([{ key: 'name', before: undefined, after: '"x"', changed: true }]);
    expect(diffRows(null, null)).toEqual([]);
  });

  it('shows anything but objects as one row', () => {
    expect(diffRows([1], [1])).toEqual([{ key: '', before: '[\n  1\n]', after: '[\n  1\n]', changed: false }]);
    expect(diffRows('a', null)).toEqual([{ key: '', before: '"a"', after: undefined, changed: true }]);
  });
});

describe('audit filters', () => {
  it('leaves out empty filters and splits the range into days', () => {
    expect(filterQuery(emptyFilters())).toEqual({});
    const f = { ...emptyFilters(), actor: ' auditor ', action: 'session.login', range: ['2026-01-01', '2026-01-31'] as [string, string], outcome: 'failed' as const };
    expect(filterQuery(f)).toEqual({ actor: 'auditor', action: 'session.login', from: '2026-01-01', to: '2026-01-31', outcome: 'failed' });
  });
});
