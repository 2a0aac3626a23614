import { describe, expect, it } from 'vitest';
import type { RouteRecordRaw } from 'vue-router';
import { routes } from './routes';

/* Every record of the table, children included. */
function records(list: readonly RouteRecordRaw[]): RouteRecordRaw[] {
  return list.flatMap((r) => [r, ...records(r.children ?? [])]);
}

describe('route table', () => {
  it('loads every view lazily, so that no page (nor what it imports) is in the first chunk', () => {
    const all = records(routes);
    expect(all.length).toBeGreaterThan(30);
    for (const r of all) {
      if (!('component' in r) || r.component === undefined) continue;
      /* A loader is a function of no arguments; a component imported statically is an object. */
      expect(typeof r.component, r.path).toBe('function');
      expect((r.component as () => unknown).length, r.path).toBe(0);
    }
  });

  it('names each route once', () => {
    const names = records(routes)
      .map((r) => r.name)
      .filter((n) => n !== undefined);
    expect(new Set(names).size).toBe(names.length);
  });
});
