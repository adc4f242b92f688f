/**
 * Untrusted text (file and component names, org names, messages that quote them, suppression
 * justifications) is never printed with its control characters raw: a newline or carriage return
 * would start a forged line or heading in a report, an ESC would drive the terminal, and the
 * bidirectional and zero-width controls can make text read differently from what it is
 * ("Trojan Source", CVE-2021-42574: https://nvd.nist.gov/vuln/detail/CVE-2021-42574).
 * Each is shown as a visible escape instead: `\n`, `\r`, `\t`, or `\uXXXX`.
 *
 * Covered: C0 controls (U+0000-U+001F), DEL and C1 controls (U+007F-U+009F), the zero-width and
 * directional marks (U+200B-U+200F), the line and paragraph separators (U+2028, U+2029), the bidi
 * embeddings and overrides (U+202A-U+202E), the invisible operators (U+2060-U+2064), the bidi
 * isolates (U+2066-U+2069) and the byte order mark (U+FEFF).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function visible(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether a string holds a character `visible` would rewrite. */
export const hasUnsafe = (s: string): boolean => new RegExp(UNSAFE.source).test(s);
