import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/* Every .ts and .vue file under web/src, relative to it. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path.relative(SRC, p)] : [];
  });
}

/* The modules a file imports (static and dynamic), as written. */
function imports(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('ECharts', () => {
  it('is imported by views/dashboard/echarts.ts alone, piece by piece, so only the dashboard route loads it', () => {
    const users = sources().filter((f) => imports(f).some((m) => m === 'echarts' || m.startsWith('echarts/')));
    expect(users).toEqual([path.join('views', 'dashboard', 'echarts.ts')]);
    expect(imports(users[0])).not.toContain('echarts');
  });
});
