import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN';
import en from './en';

type Tree = { [key: string]: string | Tree };

/* Every leaf key as a dotted path, with its value. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/* The {placeholders} of a message, sorted. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

describe('locales', () => {
  const zh = leaves(zhCN);
  const english = leaves(en);

  it('have the same keys in zh-CN and en', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('have no empty message', () => {
    for (const [key, value] of [...zh, ...english]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of zh) expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('name every role the server knows', () => {
    const roles = ['filler', 'unit_leader', 'supervisor', 'reviewer', 'office', 'leader', 'sysadmin', 'secadmin', 'auditor'];
    for (const r of roles) {
      expect(zh.has(`roles.${r}`), r).toBe(true);
      expect(english.has(`roles.${r}`), r).toBe(true);
    }
  });
});
