/* The wizard's steps (上传文件 → 检查 → 导入) by stage. */
import type { ImportStage } from '@/composables/useImportJob';

export function stepOf(stage: ImportStage): number {
  switch (stage) {
    case 'idle':
    case 'uploading':
      return 0;
    case 'checking':
    case 'invalid':
    case 'ready':
    case 'failed':
      return 1;
    case 'committing':
    case 'importing':
      return 2;
    case 'done':
      return 3;
  }
}

export const ACCEPT = '.xlsx,.csv';
