/* Users and their grants. Accounts are the system admin's, grants the security admin's (三员分立). */
import { http } from './http';
import type { Grant, GrantCreate, Page, PageQuery, Role, User, UserCreate, UserPatch } from '@/types';

export async function listRoles(): Promise<Role[]> {
  const answer = await http.get<{ items: Role[] }>('/roles');
  return answer.items;
}

export function listUsers(query: PageQuery = {}): Promise<Page<User>> {
  return http.get<Page<User>>('/users', { ...query });
}

export function getUser(id: number): Promise<User> {
  return http.get<User>(`/users/${id}`);
}

export function createUser(user: UserCreate): Promise<User> {
  return http.post<User>('/users', user);
}

export function updateUser(id: number, patch: UserPatch): Promise<User> {
  return http.patch<User>(`/users/${id}`, patch);
}

export function createGrant(userId: number, grant: GrantCreate): Promise<Grant> {
  return http.post<Grant>(`/users/${userId}/grants`, grant);
}

export function deleteGrant(userId: number, grantId: number): Promise<void> {
  return http.del(`/users/${userId}/grants/${grantId}`);
}
