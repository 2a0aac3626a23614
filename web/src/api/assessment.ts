/* The assessment's set-up and scoring (考责): the indicator system, peer groups and their
 * members, the cycle's assessment settings, self-assessment sheets, review panels, the
 * reviewer's grid, bonus/deduction lines and vetoes. Results are in results.ts. */
import { downloadUrl, http, request } from './http';
import { importTypeOf } from './imports';
import type {
  Adjustment,
  AdjustmentCreate,
  AssessmentSettings,
  Group,
  GroupFields,
  Indicator,
  IndicatorCreate,
  IndicatorPatch,
  IndicatorTree,
  Panel,
  PanelCreate,
  ReviewGrid,
  GridScoreInput,
  SelfItemInput,
  SelfSheet,
  Veto,
  VetoCreate,
} from '@/types/assessment';

/* ---- indicator system (考核指标体系) ---- */

export function getIndicators(cycleId: number): Promise<IndicatorTree> {
  return http.get<IndicatorTree>(`/cycles/${cycleId}/indicators`);
}

export function createIndicator(cycleId: number, indicator: IndicatorCreate): Promise<Indicator> {
  return http.post<Indicator>(`/cycles/${cycleId}/indicators`, indicator);
}

export function updateIndicator(id: number, patch: IndicatorPatch): Promise<Indicator> {
  return http.patch<Indicator>(`/indicators/${id}`, patch);
}

export function deleteIndicator(id: number): Promise<void> {
  return http.del(`/indicators/${id}`);
}

/* The Excel template (一级指标, 二级指标, 三级指标, 分值, 评分方式, 评分标准, 自动指标). */
export function indicatorsTemplateUrl(cycleId: number): string {
  return downloadUrl(`/cycles/${cycleId}/indicators/template.xlsx`);
}

/* Creates a whole tree from a sheet, all or nothing (only while the cycle has none). quiet: the
 * page lists the bad cells ("row 5 分值") itself. */
export function importIndicators(cycleId: number, file: File): Promise<{ created: number }> {
  const type = importTypeOf(file.name) ?? file.type;
  return http.upload<{ created: number }>(`/cycles/${cycleId}/indicators/import`, file, undefined, type, { quiet: true });
}

/* ---- peer groups (考核类别) and settings ---- */

export async function listGroups(cycleId: number): Promise<Group[]> {
  const answer = await http.get<{ items: Group[] }>(`/cycles/${cycleId}/groups`);
  return answer.items;
}

export function createGroup(cycleId: number, group: GroupFields): Promise<Group> {
  return http.post<Group>(`/cycles/${cycleId}/groups`, group);
}

export function updateGroup(id: number, patch: Partial<GroupFields>): Promise<Group> {
  return http.patch<Group>(`/groups/${id}`, patch);
}

export function addGroupMembers(id: number, unitIds: number[]): Promise<Group> {
  return http.post<Group>(`/groups/${id}/members`, { unit_ids: unitIds });
}

export function removeGroupMember(id: number, unitId: number): Promise<void> {
  return http.del(`/groups/${id}/members/${unitId}`);
}

export function getAssessmentSettings(cycleId: number): Promise<AssessmentSettings> {
  return http.get<AssessmentSettings>(`/cycles/${cycleId}/assessment-settings`);
}

export function putAssessmentSettings(cycleId: number, settings: AssessmentSettings): Promise<AssessmentSettings> {
  return request<AssessmentSettings>('PUT', `/cycles/${cycleId}/assessment-settings`, { body: settings });
}

/* ---- self-assessment (自评) ---- */

function selfPath(cycleId: number, unitId: number): string {
  return `/cycles/${cycleId}/self/${unitId}`;
}

/* quiet: a unit outside the caller's reach answers 404, which the page says in its own words. */
export function getSelfSheet(cycleId: number, unitId: number): Promise<SelfSheet> {
  return http.get<SelfSheet>(selfPath(cycleId, unitId), undefined, { quiet: true });
}

export function saveSelfSheet(cycleId: number, unitId: number, items: SelfItemInput[]): Promise<SelfSheet> {
  return request<SelfSheet>('PUT', selfPath(cycleId, unitId), { body: { items } });
}

export function submitSelfSheet(cycleId: number, unitId: number): Promise<SelfSheet> {
  return http.post<SelfSheet>(`${selfPath(cycleId, unitId)}/submit`);
}

export function signSelfSheet(cycleId: number, unitId: number): Promise<SelfSheet> {
  return http.post<SelfSheet>(`${selfPath(cycleId, unitId)}/sign`);
}

export function returnSelfSheet(cycleId: number, unitId: number, reason: string): Promise<SelfSheet> {
  return http.post<SelfSheet>(`${selfPath(cycleId, unitId)}/return`, { reason });
}

/* ---- panels (评审组) and the reviewer's grid ---- */

export async function listPanels(cycleId: number): Promise<Panel[]> {
  const answer = await http.get<{ items: Panel[] }>(`/cycles/${cycleId}/panels`);
  return answer.items;
}

export function createPanel(cycleId: number, panel: PanelCreate): Promise<Panel> {
  return http.post<Panel>(`/cycles/${cycleId}/panels`, panel);
}

/* quiet: a reviewer on no panel gets 403, which the page explains. */
export function getReviewGrid(cycleId: number): Promise<ReviewGrid> {
  return http.get<ReviewGrid>(`/cycles/${cycleId}/review-grid`, undefined, { quiet: true });
}

export function saveReviewGrid(cycleId: number, scores: GridScoreInput[]): Promise<ReviewGrid> {
  return request<ReviewGrid>('PUT', `/cycles/${cycleId}/review-grid`, { body: { scores } });
}

/* quiet: the 409 (cells still empty) is shown by the page. */
export function submitReviewGrid(cycleId: number): Promise<ReviewGrid> {
  return http.post<ReviewGrid>(`/cycles/${cycleId}/review-grid/submit`, undefined, { quiet: true });
}

/* ---- bonus and deduction lines, vetoes ---- */

export async function listAdjustments(cycleId: number, unitId?: number): Promise<Adjustment[]> {
  const answer = await http.get<{ items: Adjustment[] }>(`/cycles/${cycleId}/adjustments`, { unit_id: unitId });
  return answer.items;
}

export function createAdjustment(cycleId: number, line: AdjustmentCreate): Promise<Adjustment> {
  return http.post<Adjustment>(`/cycles/${cycleId}/adjustments`, line);
}

export function deleteAdjustment(id: number): Promise<void> {
  return http.del(`/adjustments/${id}`);
}

export function createVeto(cycleId: number, veto: VetoCreate): Promise<Veto> {
  return http.post<Veto>(`/cycles/${cycleId}/vetoes`, veto);
}

export function deleteVeto(id: number): Promise<void> {
  return http.del(`/vetoes/${id}`);
}
