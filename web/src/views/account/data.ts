/* Forms of the account pages, and reading the otpauth URI. */

export interface PasswordForm {
  current_password: string;
  new_password: string;
  repeat: string;
}
export type PasswordField = 'current_password' | 'new_password' | 'repeat';

export function emptyPasswordForm(): PasswordForm {
  return { current_password: '', new_password: '', repeat: '' };
}

/* The base32 secret of an otpauth://totp/…?secret=…&issuer=… URI, in groups of four for
 * typing by hand; '' when there is none. */
export function totpSecret(uri: string): string {
  const m = /[?&]secret=([A-Za-z2-7=]+)/.exec(uri);
  if (!m) return '';
  return m[1].replace(/=+$/, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/* The QR code (an SVG document) as an <img> source: the CSP allows data: images, and an
 * image cannot run scripts. */
export function svgDataUrl(svg: string): string {
  return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
}
