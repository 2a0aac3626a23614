/* Entities of the liandong API v1, as the server sends them (see docs/openapi.yaml). */

export type UnitKind = 'region' | 'organ' | 'division';
export type UnitLevel = 'province' | 'city' | 'county';

export interface Unit {
  id: number;
  code: string | null;
  name: string;
  short_name: string | null;
  kind: UnitKind;
  level: UnitLevel | null;
  sector: string | null;
  parent_id: number | null;
  child_count: number;
}

export interface UnitRef {
  id: number;
  name: string;
}

export interface UnitSquareRef {
  id: number;
  name: string;
  is_lead: boolean;
}

export interface UnitDetail extends Unit {
  ancestors: UnitRef[];
  squares: UnitSquareRef[];
}

export interface UnitSearchHit extends Unit {
  path_names: string;
}

export interface UnitCreate {
  parent_id: number;
  name: string;
  short_name?: string;
  kind: 'organ' | 'division';
  sector?: string;
}

export interface UnitPatch {
  name?: string;
  short_name?: string;
  sector?: string;
}

export interface Square {
  id: number;
  name: string;
  description: string | null;
  lead_unit_id: number;
  lead_unit_name: string;
  member_count: number;
}

export interface SquareDetail extends Square {
  members: Unit[];
}

export interface SquareCreate {
  name: string;
  description?: string;
  lead_unit_id: number;
}

export interface SquarePatch {
  name?: string;
  description?: string;
  lead_unit_id?: number;
}

export type RoleCode =
  | 'filler'
  | 'unit_leader'
  | 'supervisor'
  | 'reviewer'
  | 'office'
  | 'leader'
  | 'sysadmin'
  | 'secadmin'
  | 'auditor';

export interface Role {
  code: RoleCode;
  name_zh: string;
  name_en: string;
}

export interface Grant {
  id: number;
  role: RoleCode;
  unit_id: number;
  unit_name: string;
  unit_code: string | null;
  sector: string | null;
}

export interface GrantCreate {
  role: RoleCode;
  unit_id: number;
  sector?: string;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  unit_id: number | null;
  unit_name: string | null;
  disabled: boolean;
  roles: Grant[];
}

export interface UserCreate {
  username: string;
  display_name: string;
  unit_id: number;
  password: string;
}

export interface UserPatch {
  display_name?: string;
  disabled?: boolean;
  password?: string;
}

export interface Me {
  user: User;
  csrf_token: string;
  /* An issued or expired password: nothing else is allowed until it is changed. */
  must_change_password: boolean;
  password_change_reason: 'issued' | 'expired' | null;
  totp_enabled: boolean;
  /* Production servers, administrators and the office: enrol a second factor first. */
  totp_setup_required: boolean;
}

export interface Credentials {
  username: string;
  password: string;
  /* The 6-digit code of the second factor, once the server asked for it (otp_required). */
  otp?: string;
}

/* One page of a list answer. `page` counts from 1. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

export interface PageQuery {
  page?: number;
  size?: number;
  q?: string;
}

/* The error body every failing endpoint answers with. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    fields?: FieldError[];
  };
}

export * from './chain';
export * from './reports';
export * from './supervision';
export * from './dashboard';
