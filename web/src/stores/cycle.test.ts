import { describe, expect, it } from 'vitest';

import { pickCycle } from './cycle';
import type { Cycle } from '@/types';

function cycle(id: number, year: number): Cycle {
  return { id, year, theme: '', goals: [], phase: 'planning', item_count: 0, created_at: '', updated_at: '' };
}

describe('the current cycle', () => {
  const list = [cycle(3, 2027), cycle(1, 2026)];

  it('is the one chosen before when it still exists', () => {
    expect(pickCycle(list, 1)).toBe(1);
  });

  it('is the newest otherwise', () => {
    expect(pickCycle(list, null)).toBe(3);
    expect(pickCycle(list, 42)).toBe(3);
  });

  it('is none when there is no cycle', () => {
    expect(pickCycle([], 1)).toBeNull();
  });
});
