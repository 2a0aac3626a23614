/* Checks that an explanation (得分说明) adds up: every branch's score is the sum of its
 * children's less a cap or plus a floor, every leaf's score is its raw points with its own
 * limits, and the total is the sum of the 一级 scores (plus what the floor at 0 gave back).
 * Numbers are compared in whole hundredths, as the server computes them. The drawer shows a
 * warning on any node that does not add up. */
import { computed, type Ref } from 'vue';
import type { ExplainNode, Explanation } from '@/types/assessment';

export interface SumProblem {
  /* The node that does not add up, or null for the total. */
  indicator_id: number | null;
  name: string;
  expected: number;
  actual: number;
}

function cents(n: number | null | undefined): number {
  return Math.round((n ?? 0) * 100);
}

/* The score a node should have from its parts, in hundredths; null when the answer does not
 * carry the parts (a leaf without `raw`). */
export function expectedCents(node: ExplainNode): number | null {
  let base: number;
  if (node.method === 'branch') base = node.children.reduce((sum, c) => sum + cents(c.score), 0);
  else if (node.raw !== undefined) base = cents(node.raw);
  else return null;
  return base - cents(node.capped_by) + cents(node.floored_by) - cents(node.bonus_cap_cut);
}

/* Every node of the tree (depth first) that does not add up. */
export function checkNodes(nodes: readonly ExplainNode[]): SumProblem[] {
  const out: SumProblem[] = [];
  for (const n of nodes) {
    const want = expectedCents(n);
    if (want !== null && want !== cents(n.score))
      out.push({ indicator_id: n.indicator_id, name: n.name, expected: want / 100, actual: n.score });
    out.push(...checkNodes(n.children));
  }
  return out;
}

/* The whole explanation: its nodes, then the total against the 一级 scores. */
export function checkExplanation(x: Explanation): SumProblem[] {
  const out = checkNodes(x.tree);
  const sum = x.tree.reduce((s, n) => s + cents(n.score), 0);
  const floor = cents(x.explanation?.floor_added);
  if (sum + floor !== cents(x.total)) out.push({ indicator_id: null, name: '', expected: (sum + floor) / 100, actual: x.total });
  return out;
}

export function useExplainCheck(explanation: Ref<Explanation | null>) {
  const problems = computed(() => (explanation.value ? checkExplanation(explanation.value) : []));
  const byNode = computed(() => new Map(problems.value.filter((p) => p.indicator_id !== null).map((p) => [p.indicator_id, p])));
  const totalProblem = computed(() => problems.value.find((p) => p.indicator_id === null) ?? null);

  function problemOf(indicatorId: number): SumProblem | null {
    return byNode.value.get(indicatorId) ?? null;
  }

  return { problems, totalProblem, problemOf };
}
