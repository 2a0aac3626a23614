/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

/* Which package a module of the bundle comes from: its node_modules package, 'app' for web/src,
 * '(build)' for the bundler's own helpers. */
function packageOf(id: string): string {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const at = clean.lastIndexOf('/node_modules/');
  if (at >= 0) {
    const parts = clean.slice(at + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return clean.includes('/src/') ? 'app' : '(build)';
}

/* Writes <outDir>-stats.json beside the build (not inside it: the server serves every file of
 * dist, and the map of modules is nobody's business): each chunk's static and dynamic imports,
 * its CSS, the source file it was made for, and the rendered bytes of each package in it.
 * bench/ui-weight.mjs reads it to tell the first load from each route's chunks. */
function chunkStats(): Plugin {
  let root = '';
  let outDir = '';
  return {
    name: 'liandong-chunk-stats',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const chunks: Record<string, object> = {};
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk') continue;
        const packages: Record<string, number> = {};
        for (const [id, m] of Object.entries(c.modules)) {
          const name = packageOf(id);
          packages[name] = (packages[name] ?? 0) + m.renderedLength;
        }
        chunks[c.fileName] = {
          entry: c.isEntry,
          dynamicEntry: c.isDynamicEntry,
          src: c.facadeModuleId ? path.relative(root, c.facadeModuleId) : null,
          imports: c.imports,
          dynamicImports: c.dynamicImports,
          css: [...(c.viteMetadata?.importedCss ?? [])],
          packages,
        };
      }
      writeFileSync(`${outDir}-stats.json`, JSON.stringify({ chunks }, null, 1) + '\n');
    },
  };
}

/* The production build is served by the C server from web/dist (base '/', history routing,
 * unknown paths fall back to index.html). In development `vite` proxies /api to a local server. */
export default defineConfig({
  base: '/',
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  plugins: [
    vue(),
    // Element Plus components are registered per use, each with its own CSS, so the first
    // load carries only what the login page and the layout need.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      // Types come from element-plus/global (tsconfig), so no generated file to keep in git.
      dts: false,
      dirs: [],
    }),
    chunkStats(),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      treeshake: {
        /* dayjs is CommonJS, so the bundler cannot see that it only defines things; Element
         * Plus's index imports it, which put it in the first chunk though only the date pickers
         * use it. Packages that declare "sideEffects" keep their own answer. */
        moduleSideEffects: (id: string) => !/\/node_modules\/dayjs\//.test(id),
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
