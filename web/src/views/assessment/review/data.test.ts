import { describe, expect, it } from 'vitest';
import { clampScore, emptyCells, nextCell, scoresToSave, cellKey, type Caret } from './data';
import type { ReviewGrid } from '@/types/assessment';

/* A 3 units × 2 indicators grid. */
const R = 3;
const C = 2;
const at = (row: number, col: number) => ({ row, col });
const caret = (start: number, end: number, length: number): Caret => ({ start, end, length });

describe('the grid: where a key moves the focus', () => {
  it('moves up and down within a column, stopping at the edges', () => {
    expect(nextCell(at(1, 0), 'ArrowDown', false, R, C)).toEqual(at(2, 0));
    expect(nextCell(at(1, 1), 'ArrowUp', false, R, C)).toEqual(at(0, 1));
    expect(nextCell(at(0, 0), 'ArrowUp', false, R, C)).toBeNull();
    expect(nextCell(at(2, 1), 'ArrowDown', false, R, C)).toBeNull();
  });

  it('moves left and right only from the edge of the text or with it all selected', () => {
    expect(nextCell(at(0, 0), 'ArrowRight', false, R, C, caret(2, 2, 2))).toEqual(at(0, 1));
    expect(nextCell(at(0, 0), 'ArrowRight', false, R, C, caret(0, 2, 2))).toEqual(at(0, 1));
    expect(nextCell(at(0, 0), 'ArrowRight', false, R, C, caret(1, 1, 2))).toBeNull();
    expect(nextCell(at(0, 1), 'ArrowLeft', false, R, C, caret(0, 0, 2))).toEqual(at(0, 0));
    expect(nextCell(at(0, 1), 'ArrowLeft', false, R, C, caret(0, 2, 2))).toEqual(at(0, 0));
    expect(nextCell(at(0, 1), 'ArrowLeft', false, R, C, caret(1, 1, 2))).toBeNull();
    expect(nextCell(at(0, 1), 'ArrowLeft', false, R, C, caret(0, 0, 0))).toEqual(at(0, 0));
    expect(nextCell(at(0, 1), 'ArrowRight', false, R, C, caret(0, 0, 0))).toBeNull();
    expect(nextCell(at(0, 0), 'ArrowLeft', false, R, C, caret(0, 0, 0))).toBeNull();
  });

  it('goes down with Enter and on to the top of the next column', () => {
    expect(nextCell(at(0, 0), 'Enter', false, R, C)).toEqual(at(1, 0));
    expect(nextCell(at(2, 0), 'Enter', false, R, C)).toEqual(at(0, 1));
    expect(nextCell(at(2, 1), 'Enter', false, R, C)).toBeNull();
  });

  it('goes back with Shift+Enter, to the bottom of the previous column', () => {
    expect(nextCell(at(1, 1), 'Enter', true, R, C)).toEqual(at(0, 1));
    expect(nextCell(at(0, 1), 'Enter', true, R, C)).toEqual(at(2, 0));
    expect(nextCell(at(0, 0), 'Enter', true, R, C)).toBeNull();
  });

  it('visits every cell once, column by column, pressing Enter', () => {
    const seen: string[] = [];
    let pos: { row: number; col: number } | null = at(0, 0);
    while (pos) {
      seen.push(`${pos.row},${pos.col}`);
      pos = nextCell(pos, 'Enter', false, R, C);
    }
    expect(seen).toEqual(['0,0', '1,0', '2,0', '0,1', '1,1', '2,1']);
  });

  it('goes nowhere in an empty grid', () => {
    expect(nextCell(at(0, 0), 'ArrowDown', false, 0, 0)).toBeNull();
  });
});

describe('the grid: what a typed score becomes', () => {
  it('is clamped to [0, max] with two decimals', () => {
    expect(clampScore('38', 40)).toBe(38);
    expect(clampScore('99', 40)).toBe(40);
    expect(clampScore('-3', 40)).toBe(0);
    expect(clampScore('7.456', 40)).toBe(7.46);
    expect(clampScore(' 12.5 ', 40)).toBe(12.5);
    expect(clampScore('３５', 40)).toBe(35);
  });

  it('is nothing when empty or not a number', () => {
    expect(clampScore('', 40)).toBeNull();
    expect(clampScore('  ', 40)).toBeNull();
    expect(clampScore('abc', 40)).toBeNull();
  });

  const grid: ReviewGrid = {
    units: [
      { id: 1, name: 'A', self_state: 'signed' },
      { id: 2, name: 'B', self_state: 'draft' },
    ],
    indicators: [{ id: 10, name: 'x', max_score: 40, criteria: '' }],
    scores: [],
    submitted: false,
    self: [],
  };

  it('is sent clamped, with its comment, and empty cells are left out and counted', () => {
    const values = { [cellKey(1, 10)]: '55', [cellKey(2, 10)]: '' };
    const comments = { [cellKey(1, 10)]: ' 好 ' };
    expect(scoresToSave(grid, values, comments)).toEqual([{ unit_id: 1, indicator_id: 10, score: 40, comment: '好' }]);
    expect(emptyCells(grid, values)).toBe(1);
  });
});
