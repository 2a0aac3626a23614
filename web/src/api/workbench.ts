/* The workbench (工作台): what is due, what to report, review and adopt. */
import { http } from './http';
import type { Workbench } from '@/types';

export function getWorkbench(): Promise<Workbench> {
  return http.get<Workbench>('/workbench');
}
