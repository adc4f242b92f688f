import { accessSync, constants, existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { msg } from '../messages';
import { sourceText } from '../messages/source';
import { jsonErrorOffset } from '../posture/source/json-file';
import { CONFIG_FILE_CAP, readText } from '../files/read';

export interface SfdxProject {
  /** Absolute path of the project root (where sfdx-project.json lives). */
  root: string;
  /** Absolute paths of every package directory listed in sfdx-project.json. */
  packageDirs: string[];
  sourceApiVersion?: string;
  /** 'mdapi' when the project is a Metadata API folder (package.xml, no sfdx-project.json). */
  layout?: 'sfdx' | 'mdapi';
}

const inputError = (m: string) => new UserError(m, 'InputError');

/**
 * Reads sfdx-project.json and resolves its package directories. A Metadata API project (a folder
 * with package.xml, or src/package.xml, and no sfdx-project.json) is read as one package directory.
 * Any problem is a one-line UserError (exit 2) that names the file; never text from the file.
 */
export function loadSfdxProject(dir: string): SfdxProject {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw inputError(msg.project.missingDir(dir));
  if (!statSync(root).isDirectory()) throw inputError(msg.project.notADir(dir));
  const file = path.join(root, 'sfdx-project.json');
  // lstat: a link under the name is there (and refused below if it leads out of the project), never "absent".
  if (!lstatSync(file, { throwIfNoEntry: false })) {
    // Metadata API format: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/file_based.htm
    for (const mdapiDir of [root, path.join(root, 'src')]) {
      if (existsSync(path.join(mdapiDir, 'package.xml'))) {
        return { root, packageDirs: [mdapiDir], layout: 'mdapi' };
      }
    }
    throw inputError(msg.project.missingProjectJson(dir));
  }
  // Through the file rules (scripts/src/files/read.ts): a link to /dev/zero, a FIFO or a huge file is one line, exit 2.
  const text = readText(file, { display: file, cap: CONFIG_FILE_CAP, root });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const line = text.slice(0, jsonErrorOffset(text)).split('\n').length;
    throw inputError(sourceText.badProjectJson(file, line));
  }
  const dirs = (json as { packageDirectories?: unknown })?.packageDirectories;
  if (!Array.isArray(dirs) || dirs.length === 0) throw inputError(msg.project.noPackageDirs(file));
  const realRoot = realpathSync(root);
  const resolved: { abs: string; real: string }[] = [];
  for (const d of dirs) {
    const p = (d as { path?: unknown })?.path;
    if (typeof p !== 'string' || !p) throw inputError(msg.project.noPackageDirs(file));
    const abs = path.resolve(root, p);
    if (!existsSync(abs)) throw inputError(msg.project.missingPackageDir(file, p));
    const real = realpathSync(abs);
    if (!inside(realRoot, real)) throw inputError(sourceText.packageDirOutside(file, p));
    if (!statSync(real).isDirectory()) throw inputError(sourceText.packageDirNotDir(file, p));
    try {
      accessSync(real, constants.R_OK | constants.X_OK);
    } catch (e) {
      throw inputError(sourceText.packageDirUnreadable(file, p, (e as NodeJS.ErrnoException).code));
    }
    resolved.push({ abs, real });
  }
  // A package directory inside another one is read once, as part of the outer one.
  const packageDirs = resolved
    .filter((d, i) => !resolved.some((o, j) => j !== i && o.real !== d.real && inside(o.real, d.real)))
    .filter((d, i, all) => all.findIndex((o) => o.real === d.real) === i)
    .map((d) => d.abs);
  const api = (json as { sourceApiVersion?: unknown }).sourceApiVersion;
  return { root, packageDirs, sourceApiVersion: typeof api === 'string' ? api : undefined, layout: 'sfdx' };
}

/** True when `child` is `parent` or below it. */
function inside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}
