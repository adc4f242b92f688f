import type { Finding, Location, Severity } from '../checks/types';

/** What a check (or the engine, for a check) knows about one finding; the rest comes from the check. */
export interface FindingInput {
  message: string;
  remediation: string;
  component: { type: string; name: string };
  location: Location;
  severity?: Severity;
  hipaa?: string[];
  notVerified?: boolean;
}

/**
 * The one place a Finding is built: severity and citations default to the check's, and the object
 * has the same shape (and key order, for stable JSON) wherever it comes from.
 */
export function buildFinding(
  check: { id: string; severity: Severity; hipaa: string[] },
  f: FindingInput
): Finding {
  const out: Finding = {
    checkId: check.id,
    severity: f.severity ?? check.severity,
    message: f.message,
    hipaa: f.hipaa ?? check.hipaa,
    remediation: f.remediation,
    component: f.component,
    location: f.location
  };
  if (f.notVerified) out.notVerified = true;
  return out;
}
