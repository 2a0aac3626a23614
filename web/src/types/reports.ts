/* Progress reports (进展填报), the workbench (工作台) and Excel imports. Periods are "YYYY-MM". */
import type { Item } from './chain';

export type ReportState = 'draft' | 'submitted' | 'approved' | 'returned';

export interface Attachment {
  id: number;
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

export interface Report {
  id: number;
  item_id: number;
  period: string;
  text: string;
  progress: number;
  state: ReportState;
  return_reason: string | null;
  author: string;
  submitted_at: string | null;
  reviewer: string | null;
  reviewed_at: string | null;
  attachments: Attachment[];
}

export interface ReportCreate {
  period: string;
  text: string;
  progress: number;
  submit?: boolean;
}

export interface ReportPatch {
  text?: string;
  progress?: number;
}

/* A report in the review queue: with the item it is about. */
export interface ReviewReport extends Report {
  item_title: string;
  unit_name: string;
}

/* What the workbench lists of a report waiting for review (a short form of ReviewReport). */
export type WorkbenchReview = Pick<
  ReviewReport,
  'id' | 'item_id' | 'item_title' | 'unit_name' | 'period' | 'progress' | 'author' | 'submitted_at'
>;

export interface Workbench {
  cycle_id: number | null;
  period: string;
  /* The server's day ("YYYY-MM-DD"); sent beside the contract's fields. */
  today?: string;
  due_soon: Item[];
  to_report: Item[];
  to_review: WorkbenchReview[];
  to_adopt: Item[];
  counts: { due_soon: number; to_report: number; to_review: number; to_adopt: number };
}

export type ImportState = 'checking' | 'checked' | 'importing' | 'done' | 'failed';

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportJob {
  id: number;
  cycle_id: number;
  filename: string;
  state: ImportState;
  total_rows: number;
  processed_rows: number;
  valid_rows: number;
  errors: ImportRowError[];
  created: number;
  updated: number;
  message: string | null;
}
