/* The inspection form: its fields, the findings table, and the request it becomes. */
import type { FindingInput, InspectionCreate } from '@/types';

export interface FindingRow {
  title: string;
  due_date: string;
  responsible_person: string;
  description: string;
}

export interface InspectionForm {
  unit_id: number | null;
  date: string;
  inspectors: string;
  summary: string;
  findings: FindingRow[];
}

export function emptyFinding(): FindingRow {
  return { title: '', due_date: '', responsible_person: '', description: '' };
}

export function emptyInspection(today: string): InspectionForm {
  return { unit_id: null, date: today, inspectors: '', summary: '', findings: [emptyFinding()] };
}

/* Rows left wholly blank are dropped; text is trimmed; an empty description is not sent. */
export function inspectionToApi(f: InspectionForm, cycleId: number): InspectionCreate {
  const findings: FindingInput[] = f.findings
    .filter((r) => r.title.trim() || r.due_date || r.responsible_person.trim() || r.description.trim())
    .map((r) => {
      const out: FindingInput = { title: r.title.trim(), due_date: r.due_date, responsible_person: r.responsible_person.trim() };
      if (r.description.trim()) out.description = r.description.trim();
      return out;
    });
  return {
    cycle_id: cycleId,
    unit_id: f.unit_id ?? 0,
    date: f.date,
    inspectors: f.inspectors.trim(),
    summary: f.summary.trim(),
    findings,
  };
}

export const INSPECTION_PAGE_SIZE = 20;
