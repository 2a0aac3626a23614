/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

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
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
