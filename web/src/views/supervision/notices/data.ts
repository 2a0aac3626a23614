/* The notice list's filters in the address, and how a notice's state is shown. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { NoticeMine, NoticeQuery, NoticeState } from '@/types';

export const NOTICE_STATES: readonly NoticeState[] = ['open', 'responded', 'closed'];
export const NOTICE_MINE: readonly NoticeMine[] = ['received', 'issued'];
export const NOTICE_PAGE_SIZE = 20;

export const STATE_TAGS: Record<NoticeState, 'danger' | 'warning' | 'success'> = {
  open: 'danger',
  responded: 'warning',
  closed: 'success',
};

export interface NoticeListState {
  mine: NoticeMine | '';
  state: NoticeState | '';
  page: number;
}

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : '';
}

export function noticeStateFromRoute(q: LocationQuery): NoticeListState {
  const mine = one(q.mine);
  const state = one(q.state);
  const page = Number(one(q.page));
  return {
    mine: (NOTICE_MINE as readonly string[]).includes(mine) ? (mine as NoticeMine) : '',
    state: (NOTICE_STATES as readonly string[]).includes(state) ? (state as NoticeState) : '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function noticeStateToRoute(s: NoticeListState): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  if (s.mine) out.mine = s.mine;
  if (s.state) out.state = s.state;
  if (s.page > 1) out.page = String(s.page);
  return out;
}

export function noticeStateToApi(s: NoticeListState): NoticeQuery {
  return { mine: s.mine || undefined, state: s.state || undefined, page: s.page, size: NOTICE_PAGE_SIZE };
}

/* A date `days` calendar days after `from` ("YYYY-MM-DD"), for the default response deadline. */
export function addDays(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
