/* The tabs of an item's page, kept in the address (?tab=). */
export const TABS = ['info', 'chain', 'reports', 'timeline'] as const;
export type ItemTab = (typeof TABS)[number];

export function isTab(v: unknown): v is ItemTab {
  return typeof v === 'string' && (TABS as readonly string[]).includes(v);
}
