/* Server-side field errors shown next to their form fields: bind `errors.<field>` to the
 * el-form-item's `error`, call `clear()` before submitting and `take(e)` when it fails. */
import { reactive } from 'vue';
import { ApiError } from '@/api/http';

export function useFieldErrors<F extends string>() {
  const errors = reactive<Partial<Record<F, string>>>({}) as Partial<Record<F, string>>;

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key as F];
  }

  /* Copies the field errors of a failed request; true when there were any. */
  function take(e: unknown): boolean {
    clear();
    if (!(e instanceof ApiError) || e.fields.length === 0) return false;
    for (const f of e.fields) errors[f.field as F] = f.message;
    return true;
  }

  return { errors, clear, take };
}
