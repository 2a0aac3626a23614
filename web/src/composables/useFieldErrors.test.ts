import { describe, expect, it, vi } from 'vitest';

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }));

import { ApiError } from '@/api/http';
import { useFieldErrors } from './useFieldErrors';

describe('useFieldErrors', () => {
  it('puts each server field error on its field and clears them again', () => {
    const { errors, take, clear } = useFieldErrors<'name' | 'sector'>();
    const e = new ApiError(422, 'validation_failed', '输入有误', [
      { field: 'name', message: '名称不能为空' },
      { field: 'sector', message: '系统无效' },
    ]);
    expect(take(e)).toBe(true);
    expect(errors.name).toBe('名称不能为空');
    expect(errors.sector).toBe('系统无效');
    clear();
    expect(errors.name).toBeUndefined();
  });

  it('takes nothing from an error without fields', () => {
    const { errors, take } = useFieldErrors<'name'>();
    errors.name = 'old';
    expect(take(new ApiError(409, 'conflict', '已存在'))).toBe(false);
    expect(errors.name).toBeUndefined();
    expect(take(new Error('boom'))).toBe(false);
  });
});
