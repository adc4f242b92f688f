import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { msg } from '../messages';

export interface SfdxProject {
  /** Absolute path of the project root (where sfdx-project.json lives). */
  root: string;
  /** Absolute paths of every package directory listed in sfdx-project.json. */
  packageDirs: string[];
  sourceApiVersion?: string;
}

/** Reads sfdx-project.json and resolves its package directories. Any problem is a one-line UserError. */
export function loadSfdxProject(dir: string): SfdxProject {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new UserError(msg.project.missingDir(dir), 'InputError');
  if (!statSync(root).isDirectory()) throw new UserError(msg.project.notADir(dir), 'InputError');
  const file = path.join(root, 'sfdx-project.json');
  if (!existsSync(file)) throw new UserError(msg.project.missingProjectJson(dir), 'InputError');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(
      msg.project.badProjectJson(file, (e as Error).message.split('\n')[0] ?? ''),
      'InputError'
    );
  }
  const dirs = (json as { packageDirectories?: unknown }).packageDirectories;
  if (!Array.isArray(dirs) || dirs.length === 0)
    throw new UserError(msg.project.noPackageDirs(file), 'InputError');
  const packageDirs: string[] = [];
  for (const d of dirs) {
    const p = (d as { path?: unknown })?.path;
    if (typeof p !== 'string' || !p) throw new UserError(msg.project.noPackageDirs(file), 'InputError');
    const abs = path.resolve(root, p);
    if (!existsSync(abs)) throw new UserError(msg.project.missingPackageDir(file, p), 'InputError');
    packageDirs.push(abs);
  }
  const api = (json as { sourceApiVersion?: unknown }).sourceApiVersion;
  return { root, packageDirs, sourceApiVersion: typeof api === 'string' ? api : undefined };
}
