/* The item form (新建/编辑事项): its shape, its defaults, and what is sent. */
import type { ItemDetail, ItemFields } from '@/types';

export interface MilestoneRow {
  title: string;
  due_date: string;
  expected: string;
  done: boolean;
}

export interface ItemForm {
  unit_id: number | null;
  project: string;
  category: string;
  title: string;
  description: string;
  responsible_person: string;
  lead_leader: string;
  start_date: string;
  due_date: string;
  target_text: string;
  target_value: number | undefined;
  target_unit: string;
  evidence_required: string;
  weight: number;
  milestones: MilestoneRow[];
}

export function emptyItemForm(): ItemForm {
  return {
    unit_id: null,
    project: '',
    category: '',
    title: '',
    description: '',
    responsible_person: '',
    lead_leader: '',
    start_date: '',
    due_date: '',
    target_text: '',
    target_value: undefined,
    target_unit: '',
    evidence_required: '',
    weight: 1,
    milestones: [],
  };
}

export function itemFormOf(d: ItemDetail): ItemForm {
  return {
    unit_id: d.unit_id,
    project: d.project,
    category: d.category,
    title: d.title,
    description: d.description,
    responsible_person: d.responsible_person,
    lead_leader: d.lead_leader,
    start_date: d.start_date ?? '',
    due_date: d.due_date,
    target_text: d.target_text,
    target_value: d.target_value ?? undefined,
    target_unit: d.target_unit ?? '',
    evidence_required: d.evidence_required,
    weight: d.weight,
    milestones: d.milestones.map((m) => ({ title: m.title, due_date: m.due_date, expected: m.expected, done: m.done })),
  };
}

/* What is sent on create and on edit: every field trimmed; empty dates and numbers as null;
 * milestone rows without a title left out. `withDone`: edits keep each milestone's done flag. */
export function itemFieldsOf(f: ItemForm, withDone: boolean): ItemFields {
  return {
    project: f.project.trim(),
    category: f.category.trim(),
    title: f.title.trim(),
    description: f.description.trim(),
    responsible_person: f.responsible_person.trim(),
    lead_leader: f.lead_leader.trim(),
    start_date: f.start_date || null,
    due_date: f.due_date,
    target_text: f.target_text.trim(),
    target_value: f.target_value ?? null,
    target_unit: f.target_unit.trim() || null,
    evidence_required: f.evidence_required.trim(),
    weight: f.weight,
    milestones: f.milestones
      .filter((m) => m.title.trim() !== '')
      .map((m) => ({
        title: m.title.trim(),
        due_date: m.due_date,
        expected: m.expected.trim(),
        ...(withDone ? { done: m.done } : {}),
      })),
  };
}

/* Server field errors of the milestones ("milestones[1].due_date") by row and field. */
export function milestoneErrors(errors: Record<string, string | undefined>): Record<number, Record<string, string>> {
  const out: Record<number, Record<string, string>> = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^milestones\[(\d+)\]\.(\w+)$/.exec(key);
    if (!m || !message) continue;
    (out[Number(m[1])] ??= {})[m[2]] = message;
  }
  return out;
}
