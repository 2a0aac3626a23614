/* The holiday calendar page: the year in the address, and how a day is shown. */
import type { LocationQuery } from 'vue-router';

/* The year the address names (1900–2999), else `fallback`. */
export function yearFromQuery(q: LocationQuery, fallback: number): number {
  const v = Array.isArray(q.year) ? q.year[0] : q.year;
  const n = Number(v);
  return typeof v === 'string' && Number.isInteger(n) && n >= 1900 && n <= 2999 ? n : fallback;
}

/* 0 = Sunday … 6 = Saturday, for a "YYYY-MM-DD" day. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}
