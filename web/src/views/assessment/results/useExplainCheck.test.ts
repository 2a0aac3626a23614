import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { checkExplanation, checkNodes, useExplainCheck } from './useExplainCheck';
import type { ExplainNode, Explanation } from '@/types/assessment';

function node(p: Partial<ExplainNode> & Pick<ExplainNode, 'indicator_id' | 'score'>): ExplainNode {
  return {
    name: `#${p.indicator_id}`,
    method: 'manual',
    max_score: 100,
    capped_by: null,
    floored_by: null,
    source: null,
    children: [],
    ...p,
  };
}

/* 工作实绩 57 = 重点任务 37 + 按时完成率 20; 作风效能 0 = 服务满意度 6 − 违规扣分 10, floored (+4). */
function explanation(total = 57): Explanation {
  return {
    unit_id: 1,
    unit_name: 'A',
    group_name: 'G',
    total,
    rank: 1,
    grade: 'good',
    grade_name: '良好',
    named: false,
    vetoed: false,
    lines: [],
    explanation: { sum: 57, floor_added: 0, total: 57, vetoed: false, unresolved_red_items: 0 },
    tree: [
      node({
        indicator_id: 1, method: 'branch', score: 57, raw: 57,
        children: [node({ indicator_id: 11, score: 37, raw: 37 }), node({ indicator_id: 12, method: 'auto', score: 20, raw: 20 })],
      }),
      node({
        indicator_id: 2, method: 'branch', score: 0, raw: -4, floored_by: 4,
        children: [node({ indicator_id: 21, score: 6, raw: 6 }), node({ indicator_id: 22, method: 'deduction', score: -10, raw: -10 })],
      }),
    ],
  };
}

describe('an explanation adds up', () => {
  it('when every branch is the sum of its children with its floor, and the total the sum of the 一级', () => {
    expect(checkExplanation(explanation())).toEqual([]);
  });

  it('with a cap on a branch and the bonus cap cut from a leaf', () => {
    const capped = node({
      indicator_id: 3, method: 'branch', max_score: 10, score: 10, raw: 12, capped_by: 2,
      children: [node({ indicator_id: 31, score: 8, raw: 8 }), node({ indicator_id: 32, method: 'bonus', score: 4, raw: 6, bonus_cap_cut: 2 })],
    });
    expect(checkNodes([capped])).toEqual([]);
  });

  it('in hundredths, without binary noise (0.1 + 0.2)', () => {
    const b = node({ indicator_id: 4, method: 'branch', score: 0.3, children: [node({ indicator_id: 41, score: 0.1 }), node({ indicator_id: 42, score: 0.2 })] });
    expect(checkNodes([b])).toEqual([]);
  });

  it('and names the branch whose children do not', () => {
    const x = explanation();
    Object.assign(x.tree[0].children[0], { score: 36, raw: 36 });
    expect(checkExplanation(x)).toEqual([{ indicator_id: 1, name: '#1', expected: 56, actual: 57 }]);
  });

  it('and a leaf whose raw points and limits do not give its score', () => {
    const leaf = node({ indicator_id: 5, score: 30, raw: 45, capped_by: 10, max_score: 35 });
    expect(checkNodes([leaf])).toEqual([{ indicator_id: 5, name: '#5', expected: 35, actual: 30 }]);
  });

  it('and the total when the 一级 scores (with the floor at 0) do not make it', () => {
    expect(checkExplanation(explanation(60))).toEqual([{ indicator_id: null, name: '', expected: 57, actual: 60 }]);
  });

  it('leaves alone a leaf that carries no raw points', () => {
    expect(checkNodes([node({ indicator_id: 6, score: 12 })])).toEqual([]);
  });

  it('is reported per node by the composable, reactively', () => {
    const x = ref<Explanation | null>(null);
    const { problems, problemOf, totalProblem } = useExplainCheck(x);
    expect(problems.value).toEqual([]);
    const bad = explanation();
    bad.tree[1].floored_by = null;
    x.value = bad;
    expect(problemOf(2)?.expected).toBe(-4);
    expect(problemOf(1)).toBeNull();
    expect(totalProblem.value).toBeNull();
  });
});
