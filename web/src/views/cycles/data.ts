/* The phases of a cycle, in order, and the cycle form. */
import type { Cycle, CycleGoal, CyclePhase } from '@/types';

export const PHASES: readonly CyclePhase[] = ['planning', 'running', 'assessing', 'publicising', 'closed'];

/* The phase one step forward, or null at the end. */
export function nextPhase(p: CyclePhase): CyclePhase | null {
  return PHASES[PHASES.indexOf(p) + 1] ?? null;
}

/* The phase one step back, or null at the start. */
export function previousPhase(p: CyclePhase): CyclePhase | null {
  const i = PHASES.indexOf(p);
  return i > 0 ? PHASES[i - 1] : null;
}

/* el-tag colours by phase. */
export function phaseTagType(p: CyclePhase): 'info' | 'primary' | 'warning' | 'success' {
  switch (p) {
    case 'planning':
      return 'info';
    case 'running':
      return 'primary';
    case 'assessing':
      return 'warning';
    default:
      return 'success';
  }
}

export interface CycleForm {
  year: number;
  theme: string;
  goals: CycleGoal[];
}
export type CycleField = 'year' | 'theme' | 'goals';

export function emptyCycleForm(year: number): CycleForm {
  return { year, theme: '', goals: [{ title: '', target: '', last_year: '' }] };
}

export function cycleFormOf(c: Cycle): CycleForm {
  return { year: c.year, theme: c.theme, goals: c.goals.map((g) => ({ ...g })) };
}

/* Goals as sent: trimmed, rows without a title left out. */
export function cleanGoals(goals: readonly CycleGoal[]): CycleGoal[] {
  return goals
    .map((g) => ({ title: g.title.trim(), target: g.target.trim(), last_year: g.last_year.trim() }))
    .filter((g) => g.title !== '');
}
