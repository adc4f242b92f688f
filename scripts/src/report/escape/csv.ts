import { visible } from './visible';

/**
 * One CSV cell (RFC 4180: https://www.rfc-editor.org/rfc/rfc4180): control characters visible, so a
 * value never adds a row; a leading `=`, `+`, `-` or `@` gets a quote so a spreadsheet does not run
 * it as a formula (OWASP CSV injection: https://owasp.org/www-community/attacks/CSV_Injection);
 * quoted when it holds a comma or a quote.
 */
export function csvCell(v: unknown): string {
  let s = visible(v === undefined || v === null ? '' : String(v));
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text with CRLF line ends. */
export const csvRows = (rows: unknown[][]): string =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
