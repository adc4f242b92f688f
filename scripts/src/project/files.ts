import { readdirSync } from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '__tests__', '.localdevserver']);

/** Recursively lists files under `dirs` (sorted, deterministic), skipping tooling and test folders. */
export function listFiles(dirs: string[], accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name));
      } else if (e.isFile() && accept(e.name)) {
        out.push(path.join(dir, e.name));
      }
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

export const isApexSource = (name: string) => name.endsWith('.cls') || name.endsWith('.trigger');

/** Posix-style path relative to the project root, as shown to users and in reports. */
export function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
