/* The unread count of the message centre: asked every minute and after each navigation, and
 * at once after the user reads something. One poller for the whole app (the bell starts it,
 * the message page refreshes it). */
import { ref, type Ref } from 'vue';
import { listMessages } from '@/api/messages';

export const UNREAD_POLL_MS = 60_000;

export interface UnreadPoller {
  count: Ref<number>;
  /* Asks now; a later answer wins over an earlier one, and a failed ask keeps the last count. */
  refresh(): Promise<void>;
  start(): void;
  /* Stops asking and forgets the count (the next user starts afresh). */
  stop(): void;
}

export function createUnreadPoller(fetchUnread: () => Promise<number>, intervalMs = UNREAD_POLL_MS): UnreadPoller {
  const count = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;
  let seq = 0;

  async function refresh(): Promise<void> {
    const mine = ++seq;
    try {
      const n = await fetchUnread();
      if (mine === seq) count.value = n;
    } catch {
      /* offline or logged out: the count stays; the next tick asks again */
    }
  }

  function start(): void {
    if (timer !== null) return;
    void refresh();
    timer = setInterval(() => void refresh(), intervalMs);
  }

  function stop(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
    seq += 1;
    count.value = 0;
  }

  return { count, refresh, start, stop };
}

let shared: UnreadPoller | null = null;

/* The app's poller, asking GET /messages?unread=1&size=1 quietly. */
export function useUnread(): UnreadPoller {
  shared ??= createUnreadPoller(async () => (await listMessages({ unread: true, size: 1 }, true)).unread);
  return shared;
}
