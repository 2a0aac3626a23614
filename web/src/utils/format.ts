/* Small formatters shared by the pages. */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/* An ISO time as local "YYYY-MM-DD HH:mm"; empty for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/* The month a date falls in, as a report period "YYYY-MM". */
export function periodOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/* A percentage with at most two decimals: 16.666… → "16.67", 50 → "50". */
export function formatPercent(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/* A file size for people: 512 B, 1.5 KB, 2.0 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/* Days from `today` to `date` (both "YYYY-MM-DD"); negative when past. */
export function daysUntil(date: string, today: string): number {
  const a = Date.parse(`${date}T00:00:00Z`);
  const b = Date.parse(`${today}T00:00:00Z`);
  return Math.round((a - b) / 86400000);
}

/* Today as "YYYY-MM-DD" in local time. */
export function todayString(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
