#!/usr/bin/env node
// The web UI's weight, from the built SPA: what the first load fetches (index.html's script, its
// static imports and the stylesheets) against the 400 KiB target, what each route fetches on top
// of it, and which chunks hold Element Plus and ECharts. Sizes are gzip -9 (node:zlib), as a
// server that precompresses would send them. It prints, never asserts: the exit status is 0.
//
//   node bench/ui-weight.mjs [DIST] [--json]
//
// DIST is web/dist by default. The chunk graph comes from DIST-stats.json, which the build
// writes beside DIST (web/vite.config.ts, chunkStats); without it only the first load is known.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TARGET_KIB = 400;
/* The pages a visitor opens first, each with the lazy views it takes to show it. */
const FIRST_PAGES = [['login'], ['layout', 'home']];
/* The libraries to place, each with the packages that make it up. */
const LIBRARIES = {
  'element-plus': ['element-plus', '@element-plus/icons-vue'],
  echarts: ['echarts', 'zrender'],
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const dist = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(root, 'web/dist'));

const kib = (bytes) => (bytes / 1024).toFixed(1);

const gzipCache = new Map();
/* gzip -9 size of a file of dist, named as in the build ("assets/x.js"). */
function gzipSize(file) {
  if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length);
  return gzipCache.get(file);
}

function sumGzip(files) {
  let n = 0;
  for (const f of files) n += gzipSize(f);
  return n;
}

/* The files index.html loads itself: its module script(s), module preloads and stylesheets. */
function htmlAssets(html) {
  const out = { scripts: [], css: [] };
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const url = /\b(?:src|href)="\/?([^"]+)"/.exec(tag)?.[1];
    if (!url || /^[a-z]+:/i.test(url)) continue;
    if (tag.startsWith('<script') && /type="module"/.test(tag)) out.scripts.push(url);
    else if (/rel="modulepreload"/.test(tag)) out.scripts.push(url);
    else if (/rel="stylesheet"/.test(tag)) out.css.push(url);
  }
  return out;
}

/* A chunk with everything it imports statically, and their CSS. */
function closure(chunks, start) {
  const seen = new Set();
  const todo = [start];
  while (todo.length) {
    const f = todo.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    const c = chunks[f];
    if (!c) continue;
    for (const css of c.css) seen.add(css);
    todo.push(...c.imports);
  }
  return seen;
}

/* "src/views/assessment/results/print.vue" → "assessment/results/print"; other lazy modules keep
 * their path under src/. */
function routeName(src) {
  const s = src.replace(/^src\//, '');
  if (!s.startsWith('views/')) return null;
  return s.replace(/^views\//, '').replace(/\/index\.vue$/, '').replace(/\.vue$/, '');
}

function measure() {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const fromHtml = htmlAssets(html);
  const statsFile = `${dist}-stats.json`;
  const stats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : null;
  const chunks = stats?.chunks ?? {};
  const stale = stats && fromHtml.scripts.some((f) => !chunks[f]);
  const graph = stats && !stale ? chunks : {};

  const initial = new Set(fromHtml.css);
  for (const s of fromHtml.scripts) for (const f of closure(graph, s)) initial.add(f);
  const initialFiles = [...initial].filter((f) => existsSync(path.join(dist, f)));
  const result = {
    dist: path.relative(root, dist).startsWith('..') ? dist : path.relative(root, dist),
    gzip: 'zlib level 9',
    stats: stats ? (stale ? 'stale' : 'ok') : 'missing',
    initial: {
      files: initialFiles.map((f) => ({ file: f, gzipBytes: gzipSize(f) })),
      jsGzipBytes: sumGzip(initialFiles.filter((f) => f.endsWith('.js'))),
      cssGzipBytes: sumGzip(initialFiles.filter((f) => f.endsWith('.css'))),
      gzipBytes: sumGzip(initialFiles),
      targetKiB: TARGET_KIB,
    },
    firstPages: [],
    routes: [],
    lazy: [],
    libraries: {},
  };

  // Each lazily loaded module: what it fetches beyond the first load, and what only it needs.
  const entries = Object.entries(graph).filter(([, c]) => c.dynamicEntry && c.src);
  const loads = new Map(entries.map(([f]) => [f, [...closure(graph, f)].filter((x) => !initial.has(x))]));
  const users = new Map(); // file → the lazy entries that load it
  for (const [entry, files] of loads) for (const f of files) users.set(f, [...(users.get(f) ?? []), entry]);
  for (const [file, c] of entries) {
    const load = loads.get(file);
    const own = load.filter((f) => users.get(f).length === 1);
    const row = {
      name: routeName(c.src) ?? c.src.replace(/^src\//, ''),
      src: c.src,
      chunk: file,
      ownGzipBytes: sumGzip(own),
      loadGzipBytes: sumGzip(load),
      files: load.length,
    };
    (routeName(c.src) ? result.routes : result.lazy).push(row);
  }
  result.routes.sort((a, b) => a.name.localeCompare(b.name));

  // Cold opens of the first pages a visitor sees: the initial load plus each page's chunks
  // (a page inside the layout also fetches the layout's).
  const byName = new Map(entries.map(([f, c]) => [routeName(c.src), f]));
  for (const pages of FIRST_PAGES) {
    if (!pages.every((p) => byName.has(p))) continue;
    const files = new Set(initialFiles);
    for (const p of pages) for (const f of loads.get(byName.get(p))) files.add(f);
    result.firstPages.push({ pages, gzipBytes: sumGzip(files), files: files.size });
  }

  // Where each library lives: the first load, or lazy chunks and the routes that fetch them.
  const nameOf = new Map(entries.map(([f, c]) => [f, routeName(c.src) ?? c.src.replace(/^src\//, '')]));
  for (const [lib, packages] of stats && !stale ? Object.entries(LIBRARIES) : []) {
    const holders = Object.entries(graph)
      .map(([file, c]) => [file, packages.reduce((n, p) => n + (c.packages[p] ?? 0), 0)])
      .filter(([, bytes]) => bytes > 0);
    const lazy = holders.filter(([f]) => !initial.has(f)).map(([f]) => f);
    const routes = new Set(lazy.flatMap((f) => (users.get(f) ?? []).map((e) => nameOf.get(e))));
    result.libraries[lib] = {
      initial: holders.filter(([f]) => initial.has(f)).map(([file, bytes]) => ({ file, renderedBytes: bytes })),
      lazyChunks: lazy.length,
      lazyGzipBytes: sumGzip(lazy),
      routes: [...routes].sort(),
      withoutIt: result.routes.map((x) => x.name).filter((n) => !routes.has(n)),
    };
  }
  return result;
}

/* One row of a table of lazy modules. */
function row(name, own, load, files) {
  return `  ${name.padEnd(30)} ${own.padStart(8)} ${load.padStart(9)} ${files.padStart(6)}`;
}

function print(r) {
  const out = [];
  const init = r.initial;
  out.push(`web UI weight: ${r.dist} (gzip -9; 1 KiB = 1024 B)`);
  if (r.stats !== 'ok')
    out.push(`  (no chunk graph: ${r.dist}-stats.json is ${r.stats}; rebuild with \`npm run build\` in web/)`);
  out.push('initial load (index.html: entry script, its static imports, stylesheets)');
  for (const f of init.files) out.push(`  ${f.file.padEnd(44)} ${kib(f.gzipBytes).padStart(7)} KiB`);
  const within = init.gzipBytes <= init.targetKiB * 1024 ? 'within' : 'OVER';
  out.push(
    `  initial JS ${kib(init.jsGzipBytes)} + CSS ${kib(init.cssGzipBytes)} = ${kib(init.gzipBytes)} KiB gzip` +
      ` (target ≤ ${init.targetKiB} KiB: ${within})`,
  );
  for (const x of r.firstPages)
    out.push(`  opening ${x.pages.join(' + ')} on a cold cache: ${kib(x.gzipBytes)} KiB gzip in ${x.files} files`);
  const table = (title, rows) => {
    if (!rows.length) return;
    out.push(title, row('name', 'own KiB', 'load KiB', 'files'));
    for (const x of rows) out.push(row(x.name, kib(x.ownGzipBytes), kib(x.loadGzipBytes), String(x.files)));
  };
  table(
    'routes (own: chunks no other lazy module loads; load: all it fetches after the initial load;\n' +
      '        a page inside the layout also fetches "layout")',
    r.routes,
  );
  table('other lazy chunks', r.lazy);
  if (Object.keys(r.libraries).length) out.push('libraries');
  for (const [lib, l] of Object.entries(r.libraries)) {
    const held = l.initial.map((x) => `${x.file} (${kib(x.renderedBytes)} KiB of its code before minifying)`);
    out.push(`  ${lib.padEnd(13)} initial: ${held.join(', ') || 'none'}`);
    const by =
      l.routes.length > l.withoutIt.length && l.withoutIt.length
        ? `every route but ${l.withoutIt.join(' ')}`
        : l.routes.join(' ') || 'no route';
    out.push(`  ${''.padEnd(13)} lazy: ${l.lazyChunks} chunk(s), ${kib(l.lazyGzipBytes)} KiB, fetched by ${by}`);
  }
  console.log(out.join('\n'));
}

try {
  if (!existsSync(path.join(dist, 'index.html'))) {
    console.log(`web UI weight: ${dist}/index.html not found (build it: make web)`);
  } else {
    const r = measure();
    if (json) console.log(JSON.stringify(r, null, 1));
    else print(r);
  }
} catch (err) {
  console.log(`web UI weight: not measured (${err instanceof Error ? err.message : err})`);
}
process.exit(0);
