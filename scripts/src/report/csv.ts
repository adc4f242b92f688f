import type { VerifyResult } from '../engine/verify';

const HEADER = [
  'checkId',
  'severity',
  'hipaa',
  'componentType',
  'component',
  'file',
  'line',
  'message',
  'remediation',
  'status',
  'suppressionJustification',
  'approver',
  'expires'
];

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
function cell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Findings as CSV, for spreadsheets. */
export function renderCsv(r: VerifyResult): string {
  const rows = r.findings.map((f) => [
    f.checkId,
    f.severity,
    f.hipaa.join('; '),
    f.component.type,
    f.component.name,
    'file' in f.location ? f.location.file : `${f.location.api}/${f.location.id ?? ''}`,
    'file' in f.location ? (f.location.line ?? '') : '',
    f.message,
    f.remediation,
    f.suppressed ? 'suppressed' : f.notVerified ? 'not verified' : 'open',
    f.suppressed?.justification,
    f.suppressed?.approver,
    f.suppressed?.expires
  ]);
  return [HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
