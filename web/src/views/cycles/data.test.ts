import { describe, expect, it } from 'vitest';
import { cleanGoals, nextPhase, previousPhase } from './data';

describe('cycle phases', () => {
  it('go forward one step at a time and stop at the end', () => {
    expect(nextPhase('planning')).toBe('running');
    expect(nextPhase('publicising')).toBe('closed');
    expect(nextPhase('closed')).toBeNull();
  });

  it('go back one step and not before the start', () => {
    expect(previousPhase('running')).toBe('planning');
    expect(previousPhase('planning')).toBeNull();
  });
});

describe('goals', () => {
  it('are trimmed and rows without a title dropped', () => {
    expect(
      cleanGoals([
        { title: ' 项目落地率 ', target: '95% ', last_year: ' 90%' },
        { title: '  ', target: 'x', last_year: '' },
      ]),
    ).toEqual([{ title: '项目落地率', target: '95%', last_year: '90%' }]);
  });
});
