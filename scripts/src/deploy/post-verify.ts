import type { Connection } from '@salesforce/core';
import { verifySnapshot } from '../engine/verify';
import { OrgClient } from '../org/client';
import { loadSuppressions } from '../policy/suppressions';
import { loadOrg } from '../posture/org/loader';
import { version } from '../version';
import type { Severity } from '../checks/types';

export interface PostDeployPosture {
  passed: boolean;
  failOn: Severity;
  controls: { citation: string; title: string; status: string; checks: string[] }[];
  checks: { id: string; status: string }[];
  findings: { checkId: string; severity: string; component: string }[];
  /** Checks that a --without-shield gap touches, failed here whatever the org shows. */
  knownGapChecks: string[];
  apiCalls: number;
}

/**
 * The post-deploy verify: the same online verify as `verify -o`, against the org just deployed to. The checks a
 * known gap touches (a Shield-only element left out) fail: the control is not in place, whatever else the org shows.
 */
export async function postDeployVerify(
  conn: Connection,
  opts: { root: string; target: string; now: Date; failOn: Severity; gapChecks: string[] }
): Promise<PostDeployPosture> {
  const client = new OrgClient(conn, { target: opts.target });
  const snapshot = await loadOrg(client, { projectRoot: opts.root, alias: opts.target, now: opts.now });
  const suppressions = loadSuppressions(opts.root, snapshot.config.suppressionsFile, opts.now);
  const r = verifySnapshot(snapshot, {
    now: opts.now,
    failOn: opts.failOn,
    version: version(),
    suppressions
  });
  const gaps = new Set(opts.gapChecks);
  const checks = r.checks.map((c) => ({ id: c.id, status: gaps.has(c.id) ? 'fail' : c.status }));
  const controls = r.controls.map((c) => ({
    ...c,
    status: c.checks.some((id) => gaps.has(id)) ? 'fail' : c.status
  }));
  return {
    passed: r.passed && gaps.size === 0,
    failOn: opts.failOn,
    controls,
    checks,
    findings: r.findings
      .filter((f) => !f.suppressed)
      .map((f) => ({
        checkId: f.checkId,
        severity: f.severity,
        component: `${f.component.type} ${f.component.name}`
      })),
    knownGapChecks: [...gaps],
    apiCalls: client.callsUsed
  };
}
