/* The reviewers' grid as plain logic: rows are units, columns the manual indicators. Which
 * cell a key moves to, and what a typed score becomes. Pure, so it is tested on its own. */
import type { GridScoreInput, ReviewGrid } from '@/types/assessment';

export interface CellPos {
  row: number;
  col: number;
}

/* Where the caret is in the cell's input: arrows left and right move between cells only from
 * the edge of the text (or with the whole text selected, as it is on arriving in a cell). */
export interface Caret {
  start: number;
  end: number;
  length: number;
}

const NAV_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Enter'] as const;
export type NavKey = (typeof NAV_KEYS)[number];

export function isNavKey(key: string): key is NavKey {
  return (NAV_KEYS as readonly string[]).includes(key);
}

function atStart(c: Caret | undefined): boolean {
  return !c || (c.start === 0 && (c.end === 0 || c.end === c.length));
}

function atEnd(c: Caret | undefined): boolean {
  return !c || (c.end === c.length && (c.start === c.length || c.start === 0));
}

/* The cell a key moves to from `pos` in a rows × cols grid, or null when the key belongs to the
 * input (an arrow inside the text) or there is nowhere to go. Up/Down stop at the edges; Enter
 * goes down and on from the bottom of a column to the top of the next, Shift+Enter back. */
export function nextCell(pos: CellPos, key: NavKey, shift: boolean, rows: number, cols: number, caret?: Caret): CellPos | null {
  if (rows <= 0 || cols <= 0) return null;
  let { row, col } = pos;
  switch (key) {
    case 'ArrowUp':
      row -= 1;
      break;
    case 'ArrowDown':
      row += 1;
      break;
    case 'ArrowLeft':
      if (!atStart(caret)) return null;
      col -= 1;
      break;
    case 'ArrowRight':
      if (!atEnd(caret)) return null;
      col += 1;
      break;
    case 'Enter':
      if (shift) {
        row -= 1;
        if (row < 0) [row, col] = [rows - 1, col - 1];
      } else {
        row += 1;
        if (row >= rows) [row, col] = [0, col + 1];
      }
      break;
  }
  if (row < 0 || row >= rows || col < 0 || col >= cols) return null;
  return { row, col };
}

/* A typed score within [0, max], to two decimals: "" → null (not scored), "abc" → null,
 * "-3" → 0, "120" with max 40 → 40, "7.456" → 7.46. */
export function clampScore(text: string, max: number): number | null {
  const s = text.trim().replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isFinite(n)) return null;
  const clamped = Math.min(Math.max(n, 0), max);
  return Math.round(clamped * 100) / 100;
}

export function cellKey(unitId: number, indicatorId: number): string {
  return `${unitId}:${indicatorId}`;
}

/* The typed values and comments of a grid answer, by cell key. */
export function valuesOf(grid: ReviewGrid): { values: Record<string, string>; comments: Record<string, string> } {
  const values: Record<string, string> = {};
  const comments: Record<string, string> = {};
  for (const s of grid.scores) {
    values[cellKey(s.unit_id, s.indicator_id)] = String(s.score);
    if (s.comment) comments[cellKey(s.unit_id, s.indicator_id)] = s.comment;
  }
  return { values, comments };
}

/* What PUT sends: every cell with a score, clamped. */
export function scoresToSave(grid: ReviewGrid, values: Record<string, string>, comments: Record<string, string>): GridScoreInput[] {
  const out: GridScoreInput[] = [];
  for (const u of grid.units)
    for (const i of grid.indicators) {
      const key = cellKey(u.id, i.id);
      const score = clampScore(values[key] ?? '', i.max_score);
      if (score === null) continue;
      const comment = (comments[key] ?? '').trim();
      out.push(comment ? { unit_id: u.id, indicator_id: i.id, score, comment } : { unit_id: u.id, indicator_id: i.id, score });
    }
  return out;
}

/* How many cells have no score yet. */
export function emptyCells(grid: ReviewGrid, values: Record<string, string>): number {
  let n = 0;
  for (const u of grid.units)
    for (const i of grid.indicators) if (clampScore(values[cellKey(u.id, i.id)] ?? '', i.max_score) === null) n++;
  return n;
}
