/* Entities of the responsibility chain (明责): cycles and items. Dates are "YYYY-MM-DD",
 * times ISO strings. Reports, imports and the workbench are in reports.ts. */
import type { Light } from './supervision';

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
  /* 亮灯 (督责): null for a cancelled item; the reason in words ("逾期 5 天"). */
  light: Light | null;
  light_reason: string | null;
  red_since: string | null;
  overdue_days: number;
  /* A working-day figure used a year without holiday data. */
  calendar_warning: boolean;
  updated_at: string;
}

/* A row of the items list (GET /items?view=table): the fields its table shows. */
export type ItemRow = Pick<
  Item,
  | 'id'
  | 'cycle_id'
  | 'parent_id'
  | 'kind'
  | 'unit_id'
  | 'unit_name'
  | 'project'
  | 'category'
  | 'title'
  | 'responsible_person'
  | 'due_date'
  | 'progress'
  | 'rollup_progress'
  | 'state'
  | 'child_count'
  | 'children_pending'
  | 'light'
  | 'light_reason'
  | 'overdue_days'
  | 'updated_at'
>;

export interface Milestone {
  id: number;
  seq: number;
  title: string;
  due_date: string;
  expected: string;
  done: boolean;
  light: Light | null;
  light_reason: string | null;
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

export type ItemSort = 'due_date' | '-due_date' | 'progress' | '-progress' | 'title' | 'updated_at' | '-updated_at' | 'light';

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
  light?: Light;
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
