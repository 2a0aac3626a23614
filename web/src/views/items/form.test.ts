import { describe, expect, it } from 'vitest';
import { emptyItemForm, itemFieldsOf, milestoneErrors } from './form';

describe('item form', () => {
  it('sends trimmed fields, empty optional ones as null, and only titled milestones', () => {
    const f = {
      ...emptyItemForm(),
      unit_id: 1,
      project: ' 扩大有效投资 ',
      category: '重点任务',
      title: ' 省级投资任务 ',
      responsible_person: '王五',
      due_date: '2026-12-15',
      milestones: [
        { title: ' 一季度 ', due_date: '2026-03-31', expected: '30%', done: true },
        { title: '', due_date: '', expected: '', done: false },
      ],
    };
    const sent = itemFieldsOf(f, false);
    expect(sent.project).toBe('扩大有效投资');
    expect(sent.title).toBe('省级投资任务');
    expect(sent.start_date).toBeNull();
    expect(sent.target_value).toBeNull();
    expect(sent.target_unit).toBeNull();
    expect(sent.weight).toBe(1);
    expect(sent.milestones).toEqual([{ title: '一季度', due_date: '2026-03-31', expected: '30%' }]);
    expect(itemFieldsOf(f, true).milestones?.[0].done).toBe(true);
  });

  it('finds milestone errors by row', () => {
    expect(milestoneErrors({ 'milestones[1].due_date': '晚于事项完成时限', title: '不能为空' })).toEqual({
      1: { due_date: '晚于事项完成时限' },
    });
  });
});
