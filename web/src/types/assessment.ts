/* Entities of the year-end assessment (考责): the indicator system, peer groups, self-assessment,
 * review panels and the reviewers' grid, adjustments, results with their explanation, the public
 * notice and its objections. Scores are numbers of points with at most two decimals; days are
 * "YYYY-MM-DD", times ISO strings. */

export type IndicatorMethod = 'branch' | 'auto' | 'manual' | 'bonus' | 'deduction' | 'veto';

export type IndicatorMetric =
  | 'items_on_time'
  | 'milestones_on_time'
  | 'report_timeliness'
  | 'rectification_closure'
  | 'notices_on_time';

export interface Indicator {
  id: number;
  cycle_id: number;
  parent_id: number | null;
  level: 1 | 2 | 3;
  seq: number;
  name: string;
  max_score: number;
  method: IndicatorMethod;
  criteria: string;
  metric: IndicatorMetric | null;
  /* auto: the rate that earns the full score, and the rate at or below which it earns 0. */
  full_at: number;
  zero_at: number;
  children: Indicator[];
}

export interface IndicatorTree {
  items: Indicator[];
  total_max: number;
}

export interface IndicatorFields {
  name: string;
  max_score: number;
  method: IndicatorMethod;
  criteria?: string;
  metric?: IndicatorMetric | null;
  full_at?: number;
  zero_at?: number;
  seq?: number;
}

export interface IndicatorCreate extends IndicatorFields {
  parent_id?: number;
}

export type IndicatorPatch = Partial<IndicatorFields>;

export interface GroupMember {
  unit_id: number;
  name: string;
}

/* A peer group (考核类别) and its quotas: the largest share graded 优秀 and the lowest total of each grade. */
export interface Group {
  id: number;
  cycle_id: number;
  name: string;
  excellent_share: number;
  excellent_min: number;
  good_min: number;
  fair_min: number;
  member_count: number;
  members: GroupMember[];
}

export interface GroupFields {
  name: string;
  excellent_share: number;
  excellent_min: number;
  good_min: number;
  fair_min: number;
}

export interface AssessmentSettings {
  demo_total: number;
  bonus_cap: number;
  publicity_workdays: number;
}

export type SelfState = 'draft' | 'submitted' | 'signed' | 'returned';

export interface SelfItem {
  indicator_id: number;
  name: string;
  method: IndicatorMethod;
  max_score: number;
  criteria: string;
  score: number | null;
  explanation: string;
}

export interface SelfSheet {
  cycle_id: number;
  unit_id: number;
  state: SelfState;
  items: SelfItem[];
  /* Why the office returned it; sent only by servers that keep it on the sheet. */
  return_reason?: string | null;
}

export interface SelfItemInput {
  indicator_id: number;
  score: number;
  explanation: string;
}

export interface PanelReviewer {
  id: number;
  username: string;
  display_name: string;
}

export interface PanelUnit {
  id: number;
  name: string;
}

export interface Panel {
  id: number;
  name: string;
  reviewers: PanelReviewer[];
  units: PanelUnit[];
}

export interface PanelCreate {
  name: string;
  reviewer_ids: number[];
  unit_ids: number[];
}

export interface GridUnit {
  id: number;
  name: string;
  self_state: SelfState;
}

export interface GridIndicator {
  id: number;
  name: string;
  max_score: number;
  criteria: string;
}

export interface GridScore {
  unit_id: number;
  indicator_id: number;
  score: number;
  comment: string;
}

export interface GridSelf {
  unit_id: number;
  indicator_id: number;
  score: number | null;
  explanation: string;
}

/* The reviewer's own grid: the units of their panels × the manual leaves; only their own scores. */
export interface ReviewGrid {
  units: GridUnit[];
  indicators: GridIndicator[];
  scores: GridScore[];
  submitted: boolean;
  self: GridSelf[];
}

export interface GridScoreInput {
  unit_id: number;
  indicator_id: number;
  score: number;
  comment?: string;
}

export type AdjustmentKind = 'bonus' | 'deduction';

export interface Adjustment {
  id: number;
  unit_id: number;
  indicator_id: number;
  kind: AdjustmentKind;
  points: number;
  reason: string;
  created_at: string | null;
}

export interface AdjustmentCreate {
  unit_id: number;
  indicator_id: number;
  points: number;
  reason: string;
}

export interface Veto {
  id: number;
  unit_id: number;
  indicator_id: number;
  reason: string;
}

export interface VetoCreate {
  unit_id: number;
  indicator_id: number;
  reason: string;
}

export interface ComputeGroup {
  group_id: number;
  name: string;
  units: number;
  excellent: number;
  /* 示范集体 seats the group was given, and how many it named. */
  seats: number;
  named: number;
}

export interface ComputeAnswer {
  computed_at: string;
  digest: string;
  demo_total: number;
  /* Seats no group could fill (too few units graded 优秀 without a veto or a red item). */
  demo_unfilled: number;
  groups: ComputeGroup[];
}

export type Grade = 'excellent' | 'good' | 'fair' | 'poor';

export interface FirstLevelScore {
  indicator_id: number;
  name: string;
  score: number;
}

export interface Result {
  unit_id: number;
  unit_name: string;
  group_id: number;
  group_name: string;
  total: number;
  rank: number;
  grade: Grade;
  grade_name: string;
  named: boolean;
  vetoed: boolean;
  first_level: FirstLevelScore[];
}

export interface ManualSource {
  reviews: { reviewer: string; score: number; dropped: boolean }[];
  mean: number;
  used: number;
}

export interface AutoSource {
  metric: IndicatorMetric;
  metric_name: string;
  formula: string;
  numerator: number;
  denominator: number;
  rate: number;
  full_at: number;
  zero_at: number;
}

export interface LinesSource {
  lines: { points: number; reason: string }[];
}

export interface VetoSource {
  vetoed: boolean;
  reason?: string;
}

export type ExplainSource = ManualSource | AutoSource | LinesSource | VetoSource;

export interface ExplainNode {
  indicator_id: number;
  name: string;
  method: IndicatorMethod;
  max_score: number;
  score: number;
  /* Before the node's own cap or floor (a branch: the sum of its children). */
  raw?: number;
  capped_by: number | null;
  floored_by: number | null;
  /* Bonus points cut by the unit's overall bonus cap. */
  bonus_cap_cut?: number;
  source: ExplainSource | null;
  children: ExplainNode[];
}

export interface ExplainLine {
  kind: 'bonus' | 'deduction' | 'veto';
  indicator_id: number;
  points: number | null;
  reason: string;
}

export interface ExplainDetail {
  sum: number;
  /* What the floor at 0 gave back to the total. */
  floor_added: number;
  total: number;
  vetoed: boolean;
  unresolved_red_items: number;
}

export interface Explanation {
  unit_id: number;
  unit_name: string;
  group_name: string;
  total: number;
  rank: number;
  grade: Grade;
  grade_name: string;
  named: boolean;
  vetoed: boolean;
  tree: ExplainNode[];
  lines: ExplainLine[];
  /* Points cut from the unit's bonus items in all by the bonus cap, or null. */
  bonus_cap_applied?: number | null;
  explanation?: ExplainDetail;
}

export interface PublishAnswer {
  start_day: string;
  end_day: string;
  workdays?: number;
}

export interface Objection {
  id: number;
  unit_id: number | null;
  name: string;
  contact: string;
  text: string;
  created_at: string;
  answer: string | null;
  answered_at: string | null;
}

export interface PublicResult {
  unit_id: number;
  unit_name: string;
  group_id: number;
  group_name: string;
  grade: Grade;
  grade_name: string;
  named: boolean;
}

export interface PublicResults {
  cycle_id: number;
  state: 'public' | 'final';
  start_day: string;
  end_day: string;
  items: PublicResult[];
}

export interface ObjectionCreate {
  name: string;
  contact: string;
  text: string;
  unit_id?: number;
}
