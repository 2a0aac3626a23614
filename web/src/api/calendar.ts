/* China's working-day calendar: holidays and adjusted workdays (调休上班) per year, entered by
 * the office for years the bundled data lacks. */
import { http, request } from './http';
import type { Holiday, HolidayInput, HolidayYear } from '@/types';

export function getHolidays(year: number): Promise<HolidayYear> {
  return http.get<HolidayYear>('/holidays', { year });
}

export function putHoliday(day: string, input: HolidayInput): Promise<Holiday> {
  return request<Holiday>('PUT', `/holidays/${day}`, { body: input });
}

export function deleteHoliday(day: string): Promise<void> {
  return http.del(`/holidays/${day}`);
}

/* Working days in [from, to], both inclusive. */
export function countWorkdays(from: string, to: string): Promise<{ workdays: number; calendar_warning: boolean }> {
  return http.get<{ workdays: number; calendar_warning: boolean }>('/calendar/workdays', { from, to });
}
