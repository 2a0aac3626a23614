import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }));

import { stageOf, useImportJob, type ImportApi } from './useImportJob';
import type { ImportJob } from '@/types';

function job(over: Partial<ImportJob> = {}): ImportJob {
  return {
    id: 9,
    cycle_id: 1,
    filename: '清单.xlsx',
    state: 'checking',
    total_rows: 0,
    processed_rows: 0,
    valid_rows: 0,
    errors: [],
    created: 0,
    updated: 0,
    message: null,
    ...over,
  };
}

/* A fake server: each GET answers the next job of `polls` (the last one again when they run out). */
function fakeApi(first: ImportJob, polls: ImportJob[], committed?: ImportJob) {
  const get = vi.fn(async () => (polls.length > 1 ? polls.shift()! : polls[0]));
  const api: ImportApi = {
    start: vi.fn(async () => first),
    get,
    commit: vi.fn(async () => committed ?? job({ state: 'importing' })),
  };
  return { api, get };
}

const file = new File(['x'], '清单.xlsx');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('import stages', () => {
  it('follow the job state and its errors', () => {
    expect(stageOf(job())).toBe('checking');
    expect(stageOf(job({ state: 'checked' }))).toBe('ready');
    expect(stageOf(job({ state: 'checked', errors: [{ row: 3, column: '完成时限', message: '不是日期' }] }))).toBe('invalid');
    expect(stageOf(job({ state: 'failed', errors: [{ row: 3, column: '责任人', message: '不能为空' }] }))).toBe('invalid');
    expect(stageOf(job({ state: 'failed', message: '数据库忙' }))).toBe('failed');
    expect(stageOf(job({ state: 'importing' }))).toBe('importing');
    expect(stageOf(job({ state: 'done' }))).toBe('done');
  });
});

describe('the import poller', () => {
  it('polls every 500 ms while checking, shows progress, and stops when checked', async () => {
    const { api, get } = fakeApi(job(), [
      job({ total_rows: 200, processed_rows: 50 }),
      job({ total_rows: 200, processed_rows: 150 }),
      job({ state: 'checked', total_rows: 200, processed_rows: 200, valid_rows: 200 }),
    ]);
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    expect(api.start).toHaveBeenCalledWith(1, file);
    expect(w.stage.value).toBe('checking');
    expect(get).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(499);
    expect(get).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(get).toHaveBeenCalledTimes(1);
    expect(w.percent.value).toBe(25);

    await vi.advanceTimersByTimeAsync(500);
    expect(w.percent.value).toBe(75);
    await vi.advanceTimersByTimeAsync(500);
    expect(w.stage.value).toBe('ready');

    await vi.advanceTimersByTimeAsync(5000);
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('shows the row errors of a sheet that fails its check', async () => {
    const errors = [{ row: 4, column: '责任单位', message: '找不到单位「不存在的单位」' }];
    const { api } = fakeApi(job(), [job({ state: 'failed', total_rows: 3, processed_rows: 3, errors })]);
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    await vi.advanceTimersByTimeAsync(500);
    expect(w.stage.value).toBe('invalid');
    expect(w.job.value?.errors).toEqual(errors);
  });

  it('commits a checked sheet and polls until it is done', async () => {
    const { api, get } = fakeApi(job({ state: 'checked', total_rows: 2, processed_rows: 2 }), [
      job({ state: 'importing', total_rows: 2, processed_rows: 1 }),
      job({ state: 'done', total_rows: 2, processed_rows: 2, created: 2, updated: 0 }),
    ]);
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    expect(w.stage.value).toBe('ready');
    const committing = w.commit();
    expect(w.stage.value).toBe('committing');
    await committing;
    expect(api.commit).toHaveBeenCalledWith(9);
    expect(w.stage.value).toBe('importing');
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.stage.value).toBe('done');
    expect(w.job.value?.created).toBe(2);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('does not commit unless the check passed', async () => {
    const { api } = fakeApi(job(), [job()]);
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    await w.commit();
    expect(api.commit).not.toHaveBeenCalled();
  });

  it('goes back to idle with the message when the upload is refused', async () => {
    const { api } = fakeApi(job(), [job()]);
    api.start = vi.fn(async () => {
      throw new Error('不支持的文件类型');
    });
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    expect(w.stage.value).toBe('idle');
    expect(w.error.value).toBe('不支持的文件类型');
  });

  it('ends in failed when a poll fails', async () => {
    const { api } = fakeApi(job(), [job()]);
    api.get = vi.fn(async () => {
      throw new Error('网络错误');
    });
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    await vi.advanceTimersByTimeAsync(500);
    expect(w.stage.value).toBe('failed');
    expect(w.error.value).toBe('网络错误');
  });

  it('stops polling on reset and when its scope ends, and drops late answers', async () => {
    const { api, get } = fakeApi(job(), [job({ total_rows: 10, processed_rows: 1 })]);
    const w = useImportJob(api, 500);
    await w.upload(1, file);
    w.reset();
    await vi.advanceTimersByTimeAsync(2000);
    expect(get).not.toHaveBeenCalled();
    expect(w.stage.value).toBe('idle');

    const scope = effectScope();
    const inScope = scope.run(() => useImportJob(api, 500))!;
    await inScope.upload(1, file);
    await vi.advanceTimersByTimeAsync(500);
    expect(get).toHaveBeenCalledTimes(1);
    scope.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(get).toHaveBeenCalledTimes(1);
  });
});
