/* The audit log: search, export, check the chain (the auditor only; 三员分立). */
import { downloadUrl, http, type QueryValue } from './http';
import type { Page } from '@/types';
import type { AuditCheck, AuditQuery, AuditRecord } from '@/types/audit';

function toQuery(q: AuditQuery): Record<string, QueryValue> {
  return { ...q };
}

export function listAudit(query: AuditQuery): Promise<Page<AuditRecord>> {
  return http.get<Page<AuditRecord>>('/audit', toQuery(query));
}

/* Walks the whole chain; the check itself is audited. */
export function verifyAudit(): Promise<AuditCheck> {
  return http.get<AuditCheck>('/audit/verify');
}

/* The Excel export of the same filters, as a plain link (the cookie goes along). */
export function auditExportUrl(query: AuditQuery): string {
  const { page: _page, size: _size, ...filters } = query;
  return downloadUrl('/audit.xlsx', toQuery(filters));
}
