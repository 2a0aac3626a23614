/* When a page's code cannot be loaded (most often: a new version was deployed and the old
 * chunk names are gone), load the whole app again once at the wanted address; if that does not
 * help, say so instead of leaving a dead click. */
import { ElMessage } from 'element-plus';
import type { Router } from 'vue-router';
import { i18n } from '@/locales';

const FLAG = 'liandong.reloadedFor';

export function isChunkLoadError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /dynamically imported module|Unable to preload CSS|Importing a module script failed|error loading dynamically/i.test(
    message,
  );
}

export function installChunkReload(router: Router): void {
  router.onError((err, to) => {
    if (!isChunkLoadError(err)) return;
    if (sessionStorage.getItem(FLAG) !== to.fullPath) {
      sessionStorage.setItem(FLAG, to.fullPath);
      window.location.assign(to.fullPath);
      return;
    }
    sessionStorage.removeItem(FLAG);
    // Stays until closed: on a first load there is nothing else on the screen to explain.
    ElMessage.error({ message: i18n.global.t('error.chunk'), grouping: true, duration: 0, showClose: true });
  });
  router.afterEach((_to, _from, failure) => {
    if (!failure) sessionStorage.removeItem(FLAG);
  });
}
