import { createHash } from 'node:crypto';
import type { Connection } from '@salesforce/core';
import { UserError } from '../errors';
import { DEPLOY_CAP, hashFileInto } from '../files/read';
import { deployMsg as m } from '../messages/deploy';
import { redact } from '../org/connect';
import { classifyError, fatalError, oneLine } from '../org/errors';
import { guardOf } from '../org/guard';
import {
  ComponentSet,
  DestructiveChangesType,
  MetadataApiDeploy,
  type MetadataApiDeployStatus
} from '@salesforce/source-deploy-retrieve';

/**
 * The deploy through SDR: `ComponentSet.deploy` (SOAP `deploy` + `checkDeployStatus` by default; the emulator also
 * speaks the REST deployRequest). Result fields as the Metadata API documents them:
 * - DeployResult / DeployDetails / RunTestsResult / CodeCoverageResult:
 *   https://developer.salesforce.com/docs/platform/api-metadata/references/result-objects/meta-deployresult.html
 * - testLevel, runTests, checkOnly, rollbackOnError (DeployOptions):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploy.htm
 * - 75% average coverage: https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_code_coverage_intro.htm
 */
export interface DeployRequest {
  paths: string[];
  /** Deleted components to send in a destructive manifest (post), built from their last committed source. */
  deletePaths?: string[];
  testLevel: 'RunLocalTests' | 'RunSpecifiedTests';
  runTests?: string[];
  checkOnly: boolean;
  waitMinutes: number;
}

export interface DeployOutcome {
  id: string;
  status: string;
  success: boolean;
  checkOnly: boolean;
  timedOut: boolean;
  components: { total: number; deployed: number; errors: number };
  tests: { total: number; completed: number; errors: number };
  componentFailures: { type: string; name: string; file: string; line?: number; problem: string }[];
  testFailures: { className: string; method: string; message: string }[];
  testSuccesses: { className: string; method: string }[];
  coverage: {
    percent?: number;
    classes: { name: string; locations: number; notCovered: number }[];
    warnings: string[];
  };
}

export interface BuiltPackage {
  components: ComponentSet;
  manifest: string;
  destructive?: string;
  /** SHA-256 of the deployed bundle: every source file of the set and the manifests, in a stable order. */
  sha256: string;
  count: number;
}

export async function buildPackage(req: Pick<DeployRequest, 'paths' | 'deletePaths'>): Promise<BuiltPackage> {
  const set = ComponentSet.fromSource({ fsPaths: req.paths });
  if (req.deletePaths?.length) {
    const del = ComponentSet.fromSource({ fsPaths: req.deletePaths });
    for (const c of del.getSourceComponents()) {
      c.setMarkedForDelete(DestructiveChangesType.POST);
      set.add(c, DestructiveChangesType.POST);
    }
  }
  const manifest = await set.getPackageXml();
  const destructive = req.deletePaths?.length
    ? await set.getPackageXml(4, DestructiveChangesType.POST)
    : undefined;
  const h = createHash('sha256');
  const files = new Set<string>();
  for (const c of set.getSourceComponents()) {
    if (c.xml) files.add(c.xml);
    for (const f of c.walkContent()) files.add(f);
  }
  // Streamed through the file rules (a regular file, within the Metadata API's 600 MB deploy size).
  for (const f of [...files].sort()) hashFileInto(h, f, { display: f, cap: DEPLOY_CAP });
  h.update(manifest);
  if (destructive) h.update(destructive);
  return {
    components: set,
    manifest,
    destructive,
    sha256: h.digest('hex'),
    count: set.getSourceComponents().toArray().length
  };
}

type Progress = (s: MetadataApiDeployStatus) => void;

/** Starts the deploy and follows it until done or `--wait` runs out. */
export async function startDeploy(
  conn: Connection,
  pkg: BuiltPackage,
  req: DeployRequest,
  onUpdate: Progress
): Promise<DeployOutcome> {
  let op: MetadataApiDeploy;
  try {
    op = await pkg.components.deploy({
      usernameOrConnection: conn,
      apiOptions: {
        testLevel: req.testLevel,
        ...(req.runTests?.length ? { runTests: req.runTests } : {}),
        checkOnly: req.checkOnly,
        rollbackOnError: true
      }
    });
  } catch (e) {
    throw apiError(e, conn);
  }
  return follow(op, conn, req.waitMinutes, onUpdate, req.checkOnly);
}

/** `deploy resume <id>`: follows a deploy started earlier (e.g. one that timed out). */
export async function resumeDeploy(
  conn: Connection,
  id: string,
  waitMinutes: number,
  onUpdate: Progress
): Promise<DeployOutcome> {
  const op = new MetadataApiDeploy({ usernameOrConnection: conn, id });
  return follow(op, conn, waitMinutes, onUpdate, false);
}

async function follow(
  op: MetadataApiDeploy,
  conn: Connection,
  waitMinutes: number,
  onUpdate: Progress,
  checkOnly: boolean
): Promise<DeployOutcome> {
  let last: MetadataApiDeployStatus | undefined;
  op.onUpdate((s) => {
    last = s;
    onUpdate(s);
  });
  try {
    // Every status poll is an API request through the guard; their interval is the guard's deploy-poll (1 s).
    const every = guardOf(conn).settings.timeouts.deployPollMs;
    const result = await op.pollStatus(every, Math.max(1, Math.round(waitMinutes * 60)));
    return outcome(result.response, false);
  } catch (e) {
    const text = String((e as Error)?.message ?? e);
    if (/time(d)? ?out|timeout/i.test(text) && op.id) {
      return {
        ...outcome(last ?? ({ id: op.id, status: 'InProgress', checkOnly } as MetadataApiDeployStatus), true),
        id: op.id
      };
    }
    throw apiError(e, conn, op.id);
  }
}

/**
 * An API error while sending or following the deploy is the org's answer, not a bug: an expired session or an
 * exhausted daily limit is the same one line as for every org command; any other fault (INVALID_ID_FIELD for an
 * unknown deploy id, UNKNOWN_EXCEPTION...) is named with the platform's code and message, the token redacted.
 * Metadata API calls fail with a SOAP fault carrying an ExceptionCode; an expired session is INVALID_SESSION_ID:
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_error_handling.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_error_handling_session_exp.htm
 */
function apiError(e: unknown, conn: Connection, id?: string): UserError {
  // SDR wraps what the transport threw into its own error, keeping only the message: the guard knows its own.
  const f = classifyError(guardOf(conn).refusalIn(e) ?? e);
  // The org guard refused an answer (its shape, size or origin), ran out of time, or the run's budget is spent:
  // the deploy's outcome is then unknown here, and the line says how to follow it.
  if (f.errorCode.startsWith('GUARD_')) {
    const name = f.errorCode === 'GUARD_BUDGET' ? 'OrgLimitError' : 'OrgApiError';
    return new UserError(
      id ? m.deploy.guardFollowing(f.message, id) : m.deploy.guardSending(f.message),
      name
    );
  }
  // The org stopped answering (undici's "fetch failed", a refused or reset socket): a deploy it accepted goes on.
  if (/fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|socket hang up/i.test(f.message))
    return new UserError(
      id ? m.deploy.lost(conn.instanceUrl, id) : m.deploy.lostSending(conn.instanceUrl),
      'OrgConnectionError'
    );
  // SDR wraps the SOAP fault: "Metadata API request failed: INVALID_SESSION_ID: ..." names the platform's code.
  const code = /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+):/.exec(f.message)?.[1];
  const failure = code ? classifyError({ errorCode: code, message: f.message, statusCode: f.status }) : f;
  if (failure.kind === 'fatal') return fatalError(failure, conn.instanceUrl);
  return new UserError(
    m.deploy.sdrFailed(redact(oneLine(failure.message), conn.accessToken ?? undefined)),
    'OrgApiError'
  );
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const num = (v: unknown) => Number(v ?? 0) || 0;

export function outcome(r: MetadataApiDeployStatus, timedOut: boolean): DeployOutcome {
  const details = r.details ?? { componentFailures: [], componentSuccesses: [] };
  const rt = details.runTestResult;
  const cov = list(rt?.codeCoverage).map((c) => ({
    name: String(c.name),
    locations: num(c.numLocations),
    notCovered: num(c.numLocationsNotCovered)
  }));
  const total = cov.reduce((a, c) => a + c.locations, 0);
  const uncovered = cov.reduce((a, c) => a + c.notCovered, 0);
  return {
    id: r.id,
    status: String(r.status),
    success: String(r.success) === 'true' && !timedOut,
    checkOnly: String(r.checkOnly) === 'true',
    timedOut,
    components: {
      total: num(r.numberComponentsTotal),
      deployed: num(r.numberComponentsDeployed),
      errors: num(r.numberComponentErrors)
    },
    tests: {
      total: num(r.numberTestsTotal),
      completed: num(r.numberTestsCompleted),
      errors: num(r.numberTestErrors)
    },
    componentFailures: list(details.componentFailures).map((f) => ({
      type: String(f.componentType ?? ''),
      name: String(f.fullName),
      file: String(f.fileName),
      line: f.lineNumber ? num(f.lineNumber) : undefined,
      problem: String(f.problem ?? '')
    })),
    testFailures: list(rt?.failures).map((f) => ({
      className: String(f.name),
      method: String(f.methodName),
      message: String(f.message)
    })),
    testSuccesses: list(rt?.successes).map((s) => ({
      className: String(s.name),
      method: String(s.methodName)
    })),
    coverage: {
      percent: total ? Math.round(((total - uncovered) / total) * 100) : undefined,
      classes: cov,
      warnings: list(rt?.codeCoverageWarnings).map((w) => String(w.message))
    }
  };
}
