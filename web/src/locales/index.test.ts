import { describe, expect, it } from 'vitest';
import { elementLocales, i18n, setLocale } from './index';

describe('locale loading', () => {
  it('holds only zh-CN until English is chosen, then fetches the app and Element Plus messages', async () => {
    expect(i18n.global.availableLocales).toEqual(['zh-CN']);
    expect(elementLocales.en).toBeUndefined();
    expect(i18n.global.t('common.save')).toBe('保存');

    await setLocale('en');
    expect(i18n.global.locale.value).toBe('en');
    expect(i18n.global.t('common.save')).toBe('Save');
    expect(elementLocales.en?.name).toBe('en');

    await setLocale('zh-CN');
    expect(i18n.global.t('common.save')).toBe('保存');
  });
});
