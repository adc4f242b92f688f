import type { Finding } from '../checks/types';

export const where = (f: Finding) =>
  'file' in f.location
    ? `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`
    : `${f.location.api}${f.location.id ? `/${f.location.id}` : ''}`;

export const escapeXml = (s: string) =>
  s
    .replace(
      /[<>&'"]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!
    )
    // XML 1.0 forbids most control characters even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export const escapeHtml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!);

export const STATUS_LABEL: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-verified': 'Not verified',
  'requires-org': 'Needs org',
  'not-applicable': 'Not applicable'
};
