/* The choices of the adjustment forms: assessed units and the leaves a line or veto may go on. */
import { leavesOf } from '../indicators/data';
import type { Group, Indicator, IndicatorMethod } from '@/types/assessment';

export interface Choice {
  id: number;
  label: string;
  /* The maximum of an indicator (a bonus cap, a deduction floor). */
  max?: number;
}

export function unitChoices(groups: readonly Group[]): Choice[] {
  return groups.flatMap((g) => g.members.map((m) => ({ id: m.unit_id, label: `${m.name}（${g.name}）` })));
}

/* The leaves of some methods, named with their path: "作风效能 / 创新加分". */
export function leafChoices(tree: readonly Indicator[], methods: readonly IndicatorMethod[]): Choice[] {
  return leavesOf(tree)
    .filter((l) => methods.includes(l.indicator.method))
    .map((l) => ({ id: l.indicator.id, label: [...l.path, l.indicator.name].join(' / '), max: l.indicator.max_score }));
}

export function labelOf(choices: readonly Choice[], id: number): string {
  return choices.find((c) => c.id === id)?.label ?? `#${id}`;
}
