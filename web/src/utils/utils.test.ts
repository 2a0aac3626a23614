import { describe, expect, it } from 'vitest';
import { daysUntil, formatPercent, formatSize, periodOf, todayString } from './format';
import { itemRights, rolesOver } from './rights';
import type { Grant } from '@/types';

describe('formatters', () => {
  it('round percentages to two decimals', () => {
    expect(formatPercent(50 / 3)).toBe('16.67');
    expect(formatPercent(50)).toBe('50');
    expect(formatPercent(0)).toBe('0');
  });

  it('name the period and the day', () => {
    expect(periodOf(new Date(2026, 0, 31))).toBe('2026-01');
    expect(todayString(new Date(2026, 10, 5))).toBe('2026-11-05');
  });

  it('count days to a due date', () => {
    expect(daysUntil('2026-12-01', '2026-11-27')).toBe(4);
    expect(daysUntil('2026-11-20', '2026-11-27')).toBe(-7);
  });

  it('size files', () => {
    expect(formatSize(45)).toBe('45 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});

function grant(role: Grant['role'], unit_id: number, sector: string | null = null): Grant {
  return { id: unit_id, role, unit_id, unit_name: '', unit_code: null, sector };
}

describe('rights over an item', () => {
  /* 山东省(1) / 济南市(2) / 历下区(3) / 历下区发展和改革局(355) */
  const path = [1, 2, 3, 355];

  it('count grants on the unit or any unit above it', () => {
    const roles = rolesOver([grant('office', 1), grant('filler', 355), grant('unit_leader', 999)], path, '发改');
    expect([...roles].sort()).toEqual(['filler', 'office']);
  });

  it('leave out a sector grant for another sector', () => {
    expect(rolesOver([grant('unit_leader', 1, '财政')], path, '发改').size).toBe(0);
    expect(rolesOver([grant('unit_leader', 1, '发改')], path, '发改').has('unit_leader')).toBe(true);
  });

  it('map roles to what the buttons do', () => {
    expect(itemRights(new Set(['filler']))).toEqual({ edit: false, report: true, review: false });
    expect(itemRights(new Set(['unit_leader']))).toEqual({ edit: true, report: true, review: true });
    expect(itemRights(new Set(['office']))).toEqual({ edit: true, report: false, review: true });
    expect(itemRights(new Set(['leader']))).toEqual({ edit: false, report: false, review: false });
  });
});
