/* Reviewers are named by user id: the office cannot list accounts (GET /users is for the
 * administrators), so it types the ids the system administrator gives it, or picks reviewers
 * already seen on other panels. */
import type { Panel, PanelReviewer } from '@/types/assessment';

/* "12, 13 14；15" → [12, 13, 14, 15]; null when something is not a positive whole number. */
export function parseUserIds(text: string): number[] | null {
  const parts = text.split(/[\s,，;；、]+/).filter((p) => p !== '');
  const ids: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return null;
    const n = Number(p);
    if (n <= 0 || !Number.isSafeInteger(n)) return null;
    if (!ids.includes(n)) ids.push(n);
  }
  return ids;
}

/* The reviewers of every panel, once each, by id. */
export function knownReviewers(panels: readonly Panel[]): PanelReviewer[] {
  const byId = new Map<number, PanelReviewer>();
  for (const p of panels) for (const r of p.reviewers) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
