import { statSync } from 'node:fs';
import { GENESIS } from '../../audit/hash-chain';
import { InputError, UserError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { writeAll } from '../files';
import type { AnchorResult } from '../org/anchor-org';
import { to18 } from '../org/ids';
import { formatCheckpoint } from '../../audit/checkpoint';
import { DEFAULT_BACKDATE_MINUTES, type ChainSummary } from './chain';
import { loadCheckpoints, readPrivateKey, readPublicKey } from './checkpoints';
import { fileChunks } from './read-csv';
import { limitsOf } from './render';
import { verifyLogCsv } from './verify-log';

/**
 * The audit-log work behind both command layers (the phi-guard CLI and the sf plugin): each takes
 * its flags, builds a request, and formats the outcome. Usage errors are thrown here, before any
 * file or org is read, so both layers refuse the same things in the same words.
 */
const u = opsMsg.usage;
const t = opsMsg.auditLog;
const usage = (m: string) => new UserError(m, 'UsageError');

export interface VerifyRequest {
  file?: string;
  targetOrg?: string;
  /** With targetOrg: the API version of the org's calls (default: the client's). */
  apiVersion?: string;
  deadLetterFile?: string;
  deadLetterObject?: string;
  startHash?: string;
  checkpointFiles?: string[];
  publicKeyFiles?: string[];
  /** File mode with checkpoints: the org the export came from. */
  orgId?: string;
  backdateMinutes?: number;
  onProgress?: (rows: number) => void;
}

export interface VerifyOutcome {
  summary: ChainSummary;
  /** What the run did not prove (printed with every result). */
  limits: string[];
  warnings: string[];
  /** The file or org, for the report title. */
  source: string;
  exitCode: 0 | 1;
}

const ORG_ID = /^00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;

function checkVerify(req: VerifyRequest): void {
  const org = req.targetOrg;
  const cps = req.checkpointFiles ?? [];
  const keys = req.publicKeyFiles ?? [];
  if (org && req.file) throw usage(u.conflict('target-org', 'file'));
  if (!org && !req.file) throw usage(u.needsOne('file', 'target-org'));
  if (req.deadLetterObject && !org) throw usage(u.conflict('dead-letter-object', 'file'));
  if (req.deadLetterFile && org) throw usage(u.conflict('dead-letter-file', 'target-org'));
  if (req.startHash !== undefined && !/^[0-9a-f]{64}$/.test(req.startHash))
    throw usage(t.badHash('start-hash'));
  if (req.deadLetterObject && !/^[A-Za-z][A-Za-z0-9_]*__c$/.test(req.deadLetterObject))
    throw usage(t.badObject('dead-letter-object'));
  if (cps.length && !keys.length) throw usage(t.needs('checkpoint', 'public-key'));
  if (keys.length && !cps.length) throw usage(t.needs('public-key', 'checkpoint'));
  if (req.orgId !== undefined) {
    if (org) throw usage(u.conflict('org-id', 'target-org'));
    if (!cps.length) throw usage(t.needs('org-id', 'checkpoint'));
    if (!ORG_ID.test(req.orgId)) throw usage(t.badOrgId);
  } else if (!org && cps.length) throw usage(t.needsOrgId);
}

/** `audit-log verify`: the chain from a file or an org, held to its head and any checkpoints. */
export async function verifyAuditLog(req: VerifyRequest): Promise<VerifyOutcome> {
  checkVerify(req);
  const startHash = req.startHash ?? GENESIS;
  const backdateMs = (req.backdateMinutes ?? DEFAULT_BACKDATE_MINUTES) * 60_000;
  // Keys and checkpoints are read before the org or the export: a bad one is exit 2 before any call.
  const keys = (req.publicKeyFiles ?? []).map(readPublicKey);
  const loaded = loadCheckpoints(req.checkpointFiles ?? [], keys);
  const warnings: string[] = [];
  let summary: ChainSummary;
  let source: string;
  if (req.targetOrg) {
    // Loaded here: verifying an export file never loads the org session or the SDK behind it.
    const { openOrg, orgLines } = await import('../org/session');
    const { verifyLogOrg } = await import('../org/verify-log-org');
    const client = await openOrg(req.targetOrg, { apiVersion: req.apiVersion });
    summary = await verifyLogOrg(client, {
      startHash,
      deadLetterObject: req.deadLetterObject,
      checkpoints: loaded,
      backdateMs,
      onProgress: req.onProgress
    });
    warnings.push(...orgLines(client));
    source = req.targetOrg;
  } else {
    const file = req.file!;
    if (!req.deadLetterFile) warnings.push(t.noDeadLetters);
    summary = await verifyLogCsv([{ display: file, chunks: fileChunks(file) }], {
      startHash,
      deadLetters: req.deadLetterFile
        ? [{ display: req.deadLetterFile, chunks: fileChunks(req.deadLetterFile) }]
        : [],
      checkpoints: loaded.length ? { loaded, orgId: to18(req.orgId!) } : undefined,
      backdateMs,
      onProgress: req.onProgress
    });
    for (const n of summary.notChecked ?? []) warnings.push(t.notChecked[n]);
    source = file;
  }
  return {
    summary,
    limits: limitsOf(summary, req.targetOrg ? 'org' : 'file'),
    warnings,
    source,
    exitCode: summary.breakCount === 0 ? 0 : 1
  };
}

export interface AnchorRequest {
  targetOrg?: string;
  apiVersion?: string;
  keyFile?: string;
  output?: string;
  now: Date;
}

export interface AnchorOutcome {
  result: AnchorResult;
  /** The checkpoint file written (absolute), when anchored. */
  file?: string;
  warnings: string[];
  exitCode: 0 | 1;
}

/**
 * `audit-log anchor`: signs a checkpoint of the org's chain head with a key the org never holds,
 * and writes it (all or nothing). Nothing is written when the head and the last row disagree.
 */
export async function anchorAuditLog(req: AnchorRequest): Promise<AnchorOutcome> {
  if (!req.targetOrg) throw usage(u.missingFlag('target-org'));
  if (!req.keyFile) throw usage(u.missingFlag('key'));
  if (!req.output) throw usage(u.missingFlag('output'));
  const key = readPrivateKey(req.keyFile);
  if (statSync(req.output, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError(req.output, undefined, t.notAFile);
  const { openOrg, orgLines } = await import('../org/session');
  const { anchorOrg } = await import('../org/anchor-org');
  const client = await openOrg(req.targetOrg, { apiVersion: req.apiVersion });
  const result = await anchorOrg(client, key, req.now);
  const warnings = orgLines(client);
  if (!result.anchored) return { result, warnings, exitCode: 1 };
  const [file] = writeAll('output', [{ file: req.output, text: formatCheckpoint(result.checkpoint) }]);
  return { result, file, warnings, exitCode: 0 };
}
