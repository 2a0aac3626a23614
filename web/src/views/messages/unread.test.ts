import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }));

import { UNREAD_POLL_MS, createUnreadPoller } from './unread';
import { messageLink } from './data';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the unread poller', () => {
  it('asks at once, then every minute, and stops when told', async () => {
    let n = 3;
    const fetch = vi.fn(async () => n);
    const p = createUnreadPoller(fetch);
    expect(UNREAD_POLL_MS).toBe(60_000);
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(p.count.value).toBe(3);

    n = 5;
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(p.count.value).toBe(5);

    p.start(); // a second start does not double the polling
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(3);

    p.stop();
    expect(p.count.value).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('asks again on demand (after a navigation or a read)', async () => {
    let n = 1;
    const p = createUnreadPoller(async () => n, 1000);
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    n = 0;
    await p.refresh();
    expect(p.count.value).toBe(0);
    p.stop();
  });

  it('keeps the last count when an ask fails', async () => {
    let fail = false;
    const p = createUnreadPoller(async () => {
      if (fail) throw new Error('offline');
      return 7;
    }, 1000);
    p.start();
    await vi.advanceTimersByTimeAsync(0);
    fail = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.count.value).toBe(7);
    p.stop();
  });

  it('lets a later answer win over an earlier, slower one', async () => {
    const answers: Array<(n: number) => void> = [];
    const p = createUnreadPoller(() => new Promise<number>((resolve) => answers.push(resolve)), 1000);
    const first = p.refresh();
    const second = p.refresh();
    answers[1](2);
    answers[0](9);
    await Promise.all([first, second]);
    expect(p.count.value).toBe(2);
  });

  it('drops an answer that arrives after it stopped', async () => {
    const answers: Array<(n: number) => void> = [];
    const p = createUnreadPoller(() => new Promise<number>((resolve) => answers.push(resolve)), 1000);
    p.start();
    p.stop();
    answers[0](4);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.count.value).toBe(0);
  });
});

describe('message links', () => {
  it('open the notice, else the item, else nothing', () => {
    expect(messageLink({ item_id: 5, notice_id: 2 })).toEqual({ name: 'notice', params: { id: 2 } });
    expect(messageLink({ item_id: 5, notice_id: null })).toEqual({ name: 'item', params: { id: 5 } });
    expect(messageLink({ item_id: null, notice_id: null })).toBeNull();
  });
});
