/**
 * Maps each metadata file of a project to its Metadata API type through the SDR registry, the same
 * resolver `sf project deploy` uses: it knows suffixes, folders, bundles with their own meta file
 * (LWC, Aura), both source and MDAPI formats, and it honours .forceignore. Children of decomposed
 * types (CustomField in objects/X/fields/, ...) are typed from the parent type's registry entry
 * (its child suffixes), which is what SDR's getChildren does, without building a component per file.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  ForceIgnore,
  MetadataResolver,
  RegistryAccess,
  type SourceComponent
} from '@salesforce/source-deploy-retrieve';
import { listFiles } from '../project/files';

export interface MetadataFile {
  /** Absolute path of the XML file. */
  file: string;
  /** SDR type name (e.g. CustomField, Settings, LightningComponentBundle). */
  type: string;
}

export interface Resolution {
  files: MetadataFile[];
  /** Files SDR could not map to a type (absolute path, reason without file content). */
  unresolved: { file: string; reason: string }[];
}

/**
 * Every metadata XML file under the package directories, once each, in a stable order. The
 * registry is the one `sf project deploy` uses in `projectDir`: SDR's, with the registry presets
 * and customisations of that project's sfdx-project.json (without `projectDir`, SDR looks in the
 * working directory's project instead, which need not be the one validated).
 */
export function resolveMetadataFiles(packageDirs: string[], projectDir?: string): Resolution {
  const registry = new RegistryAccess(undefined, projectDir);
  const byFile = new Map<string, string>();
  const unresolved: Resolution['unresolved'] = [];
  for (const dir of packageDirs) {
    if (!existsSync(dir)) continue;
    let comps: SourceComponent[];
    try {
      comps = new MetadataResolver(registry).getComponentsFromPath(dir);
    } catch {
      // One file SDR cannot type stops the whole walk: resolve file by file to isolate it.
      comps = [];
      for (const f of listFiles([dir], (n) => n.endsWith('-meta.xml'))) {
        try {
          comps.push(...new MetadataResolver(registry).getComponentsFromPath(f));
        } catch (e) {
          unresolved.push({ file: f, reason: firstLine(e).split(`${f}: `).join('') });
        }
      }
    }
    const ignore = ForceIgnore.findAndCreate(dir);
    for (const c of comps) add(byFile, c, ignore);
  }
  const files = [...byFile.entries()]
    // Only regular files: a FIFO, socket or device under a metadata name would block the read (the
    // source loader reports those), and a symlink is never followed.
    .filter(([file]) => isRegularFile(file))
    .map(([file, type]) => ({ file, type }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, unresolved };
}

function add(byFile: Map<string, string>, c: SourceComponent, ignore: ForceIgnore): void {
  if (c.xml && !byFile.has(path.resolve(c.xml))) byFile.set(path.resolve(c.xml), c.type.name);
  const st = c.type.strategies;
  const decomposed =
    st?.adapter === 'decomposed' ||
    st?.adapter === 'partiallyDecomposed' ||
    (st?.transformer ?? '').startsWith('decompose');
  const children = c.type.children;
  if (!decomposed || !children || !c.content) return;
  // Only decomposed types keep children in their own files (the others' children share the
  // parent's file). Walk the component's folder and type each *-meta.xml by its child suffix.
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('-meta.xml') && !byFile.has(full) && !ignore.denies(full)) {
        const suffix = e.name.slice(0, -'-meta.xml'.length).split('.').pop() ?? '';
        const id = children.suffixes[suffix];
        const type = id ? children.types[id] : undefined;
        if (type) byFile.set(full, type.name);
      }
    }
  };
  walk(path.resolve(c.content));
}

const firstLine = (e: unknown) => ((e as Error).message ?? String(e)).split('\n')[0] ?? '';

function isRegularFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}
