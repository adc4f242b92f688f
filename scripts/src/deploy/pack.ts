import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { deployMsg as m } from '../messages/deploy';
import type { DeployRun } from './pipeline';

/**
 * Refuses an --output-dir that already holds files (checked again when the pack is written). The deploy command
 * checks it before anything is sent to the org, so a refused folder never follows a deploy that left no pack.
 */
export function checkPackTarget(dir: string): string {
  const target = path.resolve(dir);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0))
    throw new UserError(m.pack.exists(dir), 'InputError');
  let parent = path.dirname(target);
  while (!existsSync(parent)) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) throw new UserError(m.pack.cannotWrite(dir, 'ENOTDIR'), 'InputError');
  return target;
}

/**
 * Writes the evidence pack all-or-nothing: every file goes to a hidden sibling folder first, which is renamed onto
 * `--output-dir` only when all are written. An existing non-empty folder is refused (a pack is never mixed with
 * another release's files).
 */
export function writePack(dir: string, files: Record<string, string>): string[] {
  const target = checkPackTarget(dir);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    // The default folder (.phi-guard/deploy-<time>): its parent ignores itself in git.
    if (path.basename(path.dirname(target)) === LOCAL_DIR) ensureLocalDir(path.dirname(target));
    mkdirSync(tmp, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(tmp, name), text);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // nothing was created (e.g. ENAMETOOLONG: the name itself is refused)
    }
    throw new UserError(
      m.pack.cannotWrite(dir, (e as NodeJS.ErrnoException).code ?? 'cannot write'),
      'InputError'
    );
  }
  return Object.keys(files).map((f) => path.join(target, f));
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
  mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore))
    writeFileSync(ignore, '# PHI Guard local files: evidence packs, deploy records\n*\n');
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
  const file = path.join(root, pendingFile(id));
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, file);
  return pendingFile(id);
}

/**
 * The record of deploy `id`, or undefined when there is none (the deploy was started on another machine) or it
 * is not one: a link, a non-regular file, an oversized file, JSON that is not a record of this deploy.
 */
export function loadPending(root: string, id: string): PendingDeploy | undefined {
  if (!DEPLOY_ID.test(id)) return undefined;
  const file = path.join(root, pendingFile(id));
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size > RECORD_CAP) return undefined;
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<PendingDeploy>;
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
