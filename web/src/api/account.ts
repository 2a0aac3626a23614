/* The caller's own account: change the password, enrol or remove the second factor (TOTP). */
import { http } from './http';

export interface PasswordChange {
  current_password: string;
  new_password: string;
}

/* An enrolment begun: the otpauth URI and the same as a QR code (an SVG document). */
export interface TotpEnrolment {
  otpauth_uri: string;
  qr_svg: string;
}

/* 204; 422 naming current_password or new_password: the form shows them, so quiet. */
export function changePassword(change: PasswordChange): Promise<void> {
  return http.post<void>('/me/password', change, { quiet: true });
}

export function startTotp(): Promise<TotpEnrolment> {
  return http.post<TotpEnrolment>('/me/totp');
}

/* 204; 422 (field code) when the code does not match: the form shows it, so quiet. */
export function confirmTotp(code: string): Promise<void> {
  return http.post<void>('/me/totp/confirm', { code }, { quiet: true });
}

/* 403 for the roles that must keep a second factor (the message says so). */
export function removeTotp(): Promise<void> {
  return http.del('/me/totp');
}
