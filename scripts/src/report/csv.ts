import type { VerifyResult } from '../engine/verify';
import { csvRows } from './escape/csv';

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

/** Findings as CSV, for spreadsheets: every cell through the CSV escaping module. */
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
  return csvRows([HEADER, ...rows]);
}
