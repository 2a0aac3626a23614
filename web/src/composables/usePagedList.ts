/* A paged, searchable list: keeps page, size, q, the rows and the total; `load()` asks again. */
import { ref, shallowRef } from 'vue';
import type { Page, PageQuery } from '@/types';

export function usePagedList<T>(fetchPage: (query: PageQuery) => Promise<Page<T>>, size = 20) {
  const rows = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(size);
  const q = ref('');
  const loading = ref(false);
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const answer = await fetchPage({ page: page.value, size: pageSize.value, q: q.value.trim() || undefined });
      if (mine !== seq) return;
      rows.value = answer.items;
      total.value = answer.total;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /* A new search starts from the first page. */
  function search(): Promise<void> {
    page.value = 1;
    return load();
  }

  return { rows, total, page, pageSize, q, loading, load, search };
}
