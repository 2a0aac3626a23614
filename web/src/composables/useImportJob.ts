/* The import wizard's state machine. An upload starts a job that the server checks in the
 * background; the job is asked for again every `intervalMs` while it is checking or importing.
 *
 *   idle ─upload→ uploading ─→ checking ─poll…→ invalid (rows with errors: fix and upload again)
 *                                              → ready ─commit→ committing → importing ─poll…→ done
 *   a refused upload goes back to idle with `error`; a failed job or request ends in failed.
 *
 * Polling stops on reset() and when the calling component's scope ends. */
import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { commitImport, getImport, startImport } from '@/api/imports';
import type { ImportJob } from '@/types';

export type ImportStage = 'idle' | 'uploading' | 'checking' | 'invalid' | 'ready' | 'committing' | 'importing' | 'done' | 'failed';

export interface ImportApi {
  start(cycleId: number, file: File): Promise<ImportJob>;
  get(id: number): Promise<ImportJob>;
  commit(id: number): Promise<ImportJob>;
}

const SERVER: ImportApi = { start: startImport, get: getImport, commit: commitImport };

/* Where a job the server answered leaves the wizard. A job that failed its check carries its
 * row errors (the server answers "failed" or "checked" with errors; both mean: fix the sheet). */
export function stageOf(job: ImportJob): ImportStage {
  switch (job.state) {
    case 'checking':
      return 'checking';
    case 'importing':
      return 'importing';
    case 'done':
      return 'done';
    case 'checked':
      return job.errors.length > 0 ? 'invalid' : 'ready';
    case 'failed':
      return job.errors.length > 0 ? 'invalid' : 'failed';
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function useImportJob(api: ImportApi = SERVER, intervalMs = 500) {
  const job = shallowRef<ImportJob | null>(null);
  const stage = ref<ImportStage>('idle');
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | null = null;
  /* Bumped by every new start and by reset(): answers of an older run are dropped. */
  let run = 0;

  const percent = computed(() => {
    const j = job.value;
    if (!j || j.total_rows <= 0) return 0;
    return Math.min(100, Math.round((j.processed_rows / j.total_rows) * 100));
  });

  function stopTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function accept(j: ImportJob, mine: number): void {
    if (mine !== run) return;
    job.value = j;
    stage.value = stageOf(j);
    if (stage.value === 'checking' || stage.value === 'importing') schedule(mine);
  }

  function fail(e: unknown, mine: number): void {
    if (mine !== run) return;
    stage.value = 'failed';
    error.value = messageOf(e);
  }

  function schedule(mine: number): void {
    stopTimer();
    timer = setTimeout(async () => {
      timer = null;
      const id = job.value?.id;
      if (id === undefined || mine !== run) return;
      try {
        accept(await api.get(id), mine);
      } catch (e) {
        fail(e, mine);
      }
    }, intervalMs);
  }

  async function upload(cycleId: number, file: File): Promise<void> {
    reset();
    const mine = run;
    stage.value = 'uploading';
    try {
      accept(await api.start(cycleId, file), mine);
    } catch (e) {
      if (mine !== run) return;
      stage.value = 'idle';
      error.value = messageOf(e);
    }
  }

  async function commit(): Promise<void> {
    const j = job.value;
    if (!j || stage.value !== 'ready') return;
    const mine = run;
    stage.value = 'committing';
    try {
      accept(await api.commit(j.id), mine);
    } catch (e) {
      fail(e, mine);
    }
  }

  function reset(): void {
    run += 1;
    stopTimer();
    job.value = null;
    stage.value = 'idle';
    error.value = '';
  }

  if (getCurrentScope()) onScopeDispose(reset);

  return { job, stage, error, percent, upload, commit, reset };
}
