/* vue-i18n set-up: zh-CN by default, English on request; the choice is kept in localStorage. */
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';

export type MessageSchema = typeof zhCN;
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const LOCALE_KEY = 'liandong.locale';

function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/* Switches the language, remembers it, and tells the document (for fonts and screen readers). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
