/* The cycle settings form: the light rule, the reminder schedule and the webhook. */
import type { CycleSettings, DeliveryStatus } from '@/types';

export const TABS = ['rules', 'deliveries', 'jobs'] as const;
export type SettingsTab = (typeof TABS)[number];

export function isSettingsTab(v: unknown): v is SettingsTab {
  return typeof v === 'string' && (TABS as readonly string[]).includes(v);
}

/* The form holds the webhook address as text ('' for none). */
export type SettingsForm = Omit<CycleSettings, 'webhook_url'> & { webhook_url: string };

export function settingsToForm(s: CycleSettings): SettingsForm {
  return { ...s, webhook_url: s.webhook_url ?? '' };
}

export function formToSettings(f: SettingsForm): CycleSettings {
  const url = f.webhook_url.trim();
  return { ...f, webhook_url: url ? url : null };
}

export const DELIVERY_TAGS: Record<DeliveryStatus, 'info' | 'success' | 'danger'> = {
  pending: 'info',
  sent: 'success',
  failed: 'danger',
};
