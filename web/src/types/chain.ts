/* Entities of the responsibility chain (明责): cycles, items, reports, imports, the workbench.
 * Dates are "YYYY-MM-DD", periods "YYYY-MM", times ISO strings. */

export type CyclePhase = 'planning' | 'running' | 'assessing' | 'publicising' | 'closed';

export interface CycleGoal {
  title: string;
  target: string;
  last_year: string;
}

export interface Cycle {
  id: number;
  year: number;
  theme: string;
  goals: CycleGoal[];
  phase: CyclePhase;
  item_count: number;
  created_at: string;
  updated_at: string;
}

export interface CycleCreate {
  year: number;
  theme: string;
  goals?: CycleGoal[];
}

export interface CyclePatch {
  theme?: string;
  goals?: CycleGoal[];
}

export type ItemState = 'active' | 'done' | 'cancelled';
export type ItemKind = 'task' | 'rectification';

export interface Item {
  id: number;
  cycle_id: number;
  parent_id: number | null;
  kind: ItemKind;
  unit_id: number;
  unit_name: string;
  sector: string | null;
  project: string;
  category: string;
  title: string;
  description: string;
  responsible_person: string;
  lead_leader: string;
  start_date: string | null;
  due_date: string;
  target_text: string;
  target_value: number | null;
  target_unit: string | null;
  evidence_required: string;
  weight: number;
  progress: number;
  rollup_progress: number;
  state: ItemState;
  adopted: boolean;
  child_count: number;
  children_pending: number;
  updated_at: string;
}

export interface Milestone {
  id: number;
  seq: number;
  title: string;
  due_date: string;
  expected: string;
  done: boolean;
}

export interface MilestoneInput {
  title: string;
  due_date: string;
  expected?: string;
  done?: boolean;
}

export interface ItemAncestor {
  id: number;
  title: string;
  unit_name: string;
  /* false when the caller may not open that item (above their scope); absent means true. */
  visible?: boolean;
}

export interface ItemDetail extends Item {
  milestones: Milestone[];
  children: Item[];
  ancestors: ItemAncestor[];
}

/* The fields a form may set, on create and on edit. */
export interface ItemFields {
  project: string;
  category: string;
  title: string;
  description?: string;
  responsible_person: string;
  lead_leader?: string;
  start_date?: string | null;
  due_date: string;
  target_text?: string;
  target_value?: number | null;
  target_unit?: string | null;
  evidence_required?: string;
  weight?: number;
  milestones?: MilestoneInput[];
}

export interface ItemCreate extends ItemFields {
  cycle_id: number;
  unit_id: number;
}

export type ItemPatch = Partial<ItemFields> & { state?: ItemState };

export type ItemSort = 'due_date' | '-due_date' | 'progress' | '-progress' | 'title' | 'updated_at' | '-updated_at';

/* GET /items filters, as the API names them. */
export interface ItemQuery {
  cycle_id?: number;
  unit_id?: number;
  sector?: string;
  project?: string;
  category?: string;
  state?: ItemState;
  kind?: ItemKind;
  due_from?: string;
  due_to?: string;
  person?: string;
  q?: string;
  parent_id?: number;
  top?: 1;
  sort?: ItemSort;
  page?: number;
  size?: number;
}

export interface ItemFacets {
  projects: string[];
  categories: string[];
  sectors: string[];
}

export type BulkAction = 'done' | 'cancel' | 'activate';

export interface TimelineEntry {
  at: string;
  kind: 'change' | 'report' | 'review';
  actor: string;
  action: string;
  summary: string;
  report_id: number | null;
}

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
