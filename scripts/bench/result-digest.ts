import { createHash } from 'node:crypto';

/**
 * A digest of verify's JSON result without its timestamp, and each finding as one line (check,
 * file or API, line, component): what the fast and the reference path must agree on. Finding
 * messages name components, never values (and the bench projects are synthetic or public).
 */
export function resultDigest(out: string): { digest: string; findings: string[] } {
  const json = JSON.parse(out) as {
    result: {
      generatedAt?: string;
      findings: { checkId: string; location: Record<string, unknown>; component: { name: string } }[];
    };
  };
  delete json.result.generatedAt;
  const findings = json.result.findings.map(
    (f) =>
      `${f.checkId} ${String(f.location.file ?? f.location.api ?? '')}:${String(f.location.line ?? '')} ${f.component.name}`
  );
  return { digest: createHash('sha256').update(JSON.stringify(json)).digest('hex'), findings };
}
