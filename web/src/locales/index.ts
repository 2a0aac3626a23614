/* vue-i18n set-up: zh-CN by default, English on request; the choice is kept in localStorage.
 * Only zh-CN is in the first load: English (the app's messages and Element Plus's own) is a
 * chunk of its own, fetched when chosen. */
import { shallowReactive } from 'vue';
import { createI18n } from 'vue-i18n';
import type { Language } from 'element-plus/es/locale';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn';
import zhCN from './zh-CN';

export type MessageSchema = typeof zhCN;
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const LOCALE_KEY = 'liandong.locale';

/* The messages of a locale other than zh-CN: the app's and Element Plus's. */
interface LocaleBundle {
  messages: MessageSchema;
  element: Language;
}

const LOADERS: Record<Exclude<Locale, 'zh-CN'>, () => Promise<LocaleBundle>> = {
  en: async () => {
    const [app, element] = await Promise.all([import('./en'), import('element-plus/es/locale/lang/en')]);
    return { messages: app.default, element: element.default };
  },
};

function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/* The locale chosen earlier on this browser, zh-CN if none. */
export function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
});

/* Element Plus's texts (pagination, empty tables, date pickers) per loaded locale; App.vue
 * hands the current one to el-config-provider. */
export const elementLocales = shallowReactive<{ 'zh-CN': Language; en?: Language }>({ 'zh-CN': elementZhCn });

/* Fetches a locale's messages once; resolves when they are in place. Rejects when the chunk
 * cannot be loaded (the locale stays as it was). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'zh-CN' || elementLocales[locale]) return;
  const bundle = await LOADERS[locale]();
  i18n.global.setLocaleMessage(locale, bundle.messages);
  elementLocales[locale] = bundle.element;
}

/* Switches the language once its messages are loaded, remembers it, and tells the document
 * (for fonts and screen readers). Rejects, changing nothing, when they cannot be loaded. */
export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
