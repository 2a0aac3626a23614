/* The peer group form: the 优秀 share is a percentage in the form and 0..1 for the API. */
import type { Group, GroupFields } from '@/types/assessment';

export interface GroupForm {
  name: string;
  excellent_pct: number;
  excellent_min: number;
  good_min: number;
  fair_min: number;
}

export type GroupField = 'name' | 'excellent_share' | 'excellent_min' | 'good_min' | 'fair_min';

export function emptyGroupForm(): GroupForm {
  return { name: '', excellent_pct: 20, excellent_min: 90, good_min: 80, fair_min: 60 };
}

export function groupFormOf(g: Group): GroupForm {
  return {
    name: g.name,
    excellent_pct: Math.round(g.excellent_share * 10000) / 100,
    excellent_min: g.excellent_min,
    good_min: g.good_min,
    fair_min: g.fair_min,
  };
}

export function groupFieldsOf(f: GroupForm): GroupFields {
  return {
    name: f.name.trim(),
    excellent_share: Math.round(f.excellent_pct * 100) / 10000,
    excellent_min: f.excellent_min,
    good_min: f.good_min,
    fair_min: f.fair_min,
  };
}
