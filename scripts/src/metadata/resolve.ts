/**
 * Maps each metadata file of a project to its Metadata API type through the SDR registry, the same
 * resolver `sf project deploy` uses: it knows suffixes, folders, decomposed child types (CustomField
 * in objects/X/fields/), bundles with their own meta file (LWC, Aura) and both source and MDAPI
 * formats, and it honours .forceignore.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MetadataResolver, type SourceComponent } from '@salesforce/source-deploy-retrieve';
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

/** Every metadata XML file under the package directories, once each, in a stable order. */
export function resolveMetadataFiles(packageDirs: string[]): Resolution {
  const byFile = new Map<string, string>();
  const unresolved: Resolution['unresolved'] = [];
  for (const dir of packageDirs) {
    if (!existsSync(dir)) continue;
    let comps: SourceComponent[];
    try {
      comps = new MetadataResolver().getComponentsFromPath(dir);
    } catch {
      // One file SDR cannot type stops the whole walk: resolve file by file to isolate it.
      comps = [];
      for (const f of listFiles([dir], (n) => n.endsWith('-meta.xml'))) {
        try {
          comps.push(...new MetadataResolver().getComponentsFromPath(f));
        } catch (e) {
          unresolved.push({ file: f, reason: firstLine(e).split(`${f}: `).join('') });
        }
      }
    }
    for (const c of comps) add(byFile, c);
  }
  const files = [...byFile.entries()]
    .map(([file, type]) => ({ file, type }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, unresolved };
}

function add(byFile: Map<string, string>, c: SourceComponent): void {
  // A parent's own file first; a child with its own file (decomposed) overrides nothing else.
  if (c.xml && !byFile.has(path.resolve(c.xml))) byFile.set(path.resolve(c.xml), c.type.name);
  for (const child of safeChildren(c)) {
    if (child.xml && !byFile.has(path.resolve(child.xml)))
      byFile.set(path.resolve(child.xml), child.type.name);
  }
}

function safeChildren(c: SourceComponent): SourceComponent[] {
  // Only decomposed types keep children in their own files; the others' children share the parent's
  // file, and listing them would make SDR parse that file for nothing.
  const st = c.type.strategies;
  const decomposed =
    st?.adapter === 'decomposed' ||
    st?.adapter === 'partiallyDecomposed' ||
    (st?.transformer ?? '').startsWith('decompose');
  if (!decomposed) return [];
  try {
    return c.getChildren();
  } catch {
    return [];
  }
}

const firstLine = (e: unknown) => ((e as Error).message ?? String(e)).split('\n')[0] ?? '';
