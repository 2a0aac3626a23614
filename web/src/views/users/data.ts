/* Forms of the user administration page. */
import type { RoleCode } from '@/types';

export interface UserForm {
  username: string;
  display_name: string;
  unit_id: number | null;
  password: string;
}
export type UserField = 'username' | 'display_name' | 'unit_id' | 'password';

export function emptyUserForm(): UserForm {
  return { username: '', display_name: '', unit_id: null, password: '' };
}

export interface GrantForm {
  role: RoleCode | null;
  unit_id: number | null;
  sector: string;
}
export type GrantField = 'role' | 'unit_id' | 'sector';

export function emptyGrantForm(): GrantForm {
  return { role: null, unit_id: null, sector: '' };
}
