/// <reference types="vite/client" />

import type { ElLoadingDirective } from 'element-plus';

/* v-loading is registered per use by the component resolver; element-plus/global types the
 * components but not this directive. */
declare module 'vue' {
  interface GlobalDirectives {
    vLoading: typeof ElLoadingDirective;
  }
}
