import { lstatSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { readTextIfPresent } from '../files/read';
import { folderProblem, WriteRefused, writeFilesAtomically, writeFolderAtomically } from '../files/write';
import { deployMsg as m } from '../messages/deploy';
import type { DeployRun } from './pipeline';

const packError = (dir: string, code: string) =>
  new UserError(code === 'FOLDER_TAKEN' ? m.pack.exists(dir) : m.pack.cannotWrite(dir, code), 'InputError');

/**
 * Refuses an --output-dir that already holds files, or is anything but an absent path or an empty folder (checked
 * again when the pack is written). The deploy command checks it before anything is sent to the org, so a refused
 * folder never follows a deploy that left no pack.
 */
export function checkPackTarget(dir: string): string {
  const target = path.resolve(dir);
  const why = folderProblem(target);
  if (why) throw packError(dir, why.code);
  return target;
}

/**
 * Writes the evidence pack all-or-nothing through the one file writer (scripts/src/files/write.ts): every file goes
 * to a hidden sibling folder first, which is renamed onto `--output-dir` only when all are written. An existing
 * non-empty folder is refused (a pack is never mixed with another release's files).
 */
export function writePack(dir: string, files: Record<string, string>): string[] {
  try {
    // The default folder (.phi-guard/deploy-<time>): its parent ignores itself in git.
    const parent = path.dirname(path.resolve(dir));
    if (path.basename(parent) === LOCAL_DIR) ensureLocalDir(parent);
    return writeFolderAtomically(dir, files);
  } catch (e) {
    if (!(e instanceof WriteRefused)) throw e;
    throw packError(dir, e.code);
  }
}

/** The folder PHI Guard keeps its local files in (packs by default, deploy records): never committed. */
export const LOCAL_DIR = '.phi-guard';

/**
 * The default evidence pack folder: `.phi-guard/deploy-<time>` under the current directory. The
 * folder gets a `.gitignore` of `*` when it is created (the pattern pytest and ruff use for their
 * caches), so a pack is not committed by accident in any repository, not only in ours.
 */
export function defaultPackDir(at: Date): string {
  return path.join(LOCAL_DIR, `deploy-${at.toISOString().replace(/[:.]/g, '-')}`);
}

/** Creates `dir` (a `.phi-guard` folder) with a `.gitignore` that ignores everything in it. */
export function ensureLocalDir(dir: string): void {
  const ignore = path.join(dir, '.gitignore');
  if (!lstatSync(ignore, { throwIfNoEntry: false }))
    writeFilesAtomically([
      { file: ignore, text: '# PHI Guard local files: evidence packs, deploy records\n*\n' }
    ]);
}

/** What a deploy that did not finish within --wait records, so `deploy resume` writes a complete pack. */
export interface PendingDeploy {
  version: 1;
  deployId: string;
  startedAt: string;
  ranBy: DeployRun['ranBy'];
  options: DeployRun['options'];
  gitCommit?: string;
  gitDirty?: boolean;
  gate?: DeployRun['gate'];
  preflight?: DeployRun['preflight'];
  knownGaps: DeployRun['knownGaps'];
  delta?: DeployRun['delta'];
  manifest?: string;
  destructiveManifest?: string;
  bundleSha256?: string;
}

const DEPLOY_ID = /^0Af[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const RECORD_CAP = 8 * 1024 * 1024;

/** `.phi-guard/deploys/<id>.json` in the project, relative to it (for messages). */
export const pendingFile = (id: string) => path.join(LOCAL_DIR, 'deploys', `${id}.json`);

/** Records a timed-out deploy in the project's `.phi-guard/deploys/`; returns the file, relative to the project. */
export function savePending(root: string, run: DeployRun): string {
  const id = run.deploy?.id ?? '';
  if (!DEPLOY_ID.test(id)) throw new Error(`not a deploy id: ${id}`);
  const record: PendingDeploy = {
    version: 1,
    deployId: id,
    startedAt: run.startedAt,
    ranBy: run.ranBy,
    options: run.options,
    gitCommit: run.gitCommit,
    gitDirty: run.gitDirty,
    gate: run.gate,
    preflight: run.preflight,
    knownGaps: run.knownGaps,
    delta: run.delta,
    manifest: run.manifest,
    destructiveManifest: run.destructiveManifest,
    bundleSha256: run.bundleSha256
  };
  ensureLocalDir(path.join(root, LOCAL_DIR));
  writeFilesAtomically([
    { file: path.join(root, pendingFile(id)), text: `${JSON.stringify(record, null, 2)}\n` }
  ]);
  return pendingFile(id);
}

/**
 * The record of deploy `id`, or undefined when there is none (the deploy was started on another machine) or it
 * is not one: a link, a non-regular file, an oversized file, JSON that is not a record of this deploy.
 */
export function loadPending(root: string, id: string): PendingDeploy | undefined {
  if (!DEPLOY_ID.test(id)) return undefined;
  try {
    // Only a record we wrote: a regular file, never a link (even one inside the project), read through the file
    // rules (inside the project, within the cap, a FIFO refused).
    const file = path.join(root, pendingFile(id));
    if (lstatSync(file, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
    const text = readTextIfPresent(file, {
      display: pendingFile(id),
      cap: RECORD_CAP,
      root
    });
    if (text === undefined) return undefined;
    const v = JSON.parse(text) as Partial<PendingDeploy>;
    const ok =
      v !== null &&
      typeof v === 'object' &&
      v.version === 1 &&
      v.deployId === id &&
      typeof v.startedAt === 'string' &&
      Array.isArray(v.knownGaps) &&
      (v.manifest === undefined || typeof v.manifest === 'string') &&
      (v.bundleSha256 === undefined || /^[0-9a-f]{64}$/.test(v.bundleSha256));
    return ok ? (v as PendingDeploy) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the record once the deploy it describes has finished and its pack holds the facts. */
export function removePending(root: string, id: string): void {
  if (DEPLOY_ID.test(id)) rmSync(path.join(root, pendingFile(id)), { force: true });
}
