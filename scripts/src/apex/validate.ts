import { loadSfdxProject } from '../project/sfdx-project';
import { isApexSource, listFiles } from '../project/files';
import { apexLsLayer } from './apexls';
import { parserLayer } from './parse';
import { pmdLayer } from './pmd';
import type { ApexLayer, LayerResult } from './types';

export const ALL_LAYERS: readonly ApexLayer[] = ['parser', 'apex-ls', 'pmd'];

export interface ApexValidation {
  projectDir: string;
  apexFiles: number;
  layers: LayerResult[];
  passed: boolean;
}

/** Runs the offline Apex validation layers over an SFDX project. */
export async function validateApex(
  projectDir: string,
  layers: readonly ApexLayer[] = ALL_LAYERS
): Promise<ApexValidation> {
  const project = loadSfdxProject(projectDir);
  const files = listFiles(project.packageDirs, isApexSource);
  const results: LayerResult[] = [];
  if (layers.includes('parser')) results.push(parserLayer(project.root, files));
  // apex-ls and PMD are separate JVMs; run them side by side.
  const slow: Promise<LayerResult>[] = [];
  if (layers.includes('apex-ls')) slow.push(apexLsLayer(project.root, files.length));
  if (layers.includes('pmd')) slow.push(pmdLayer(project.root, project.packageDirs));
  results.push(...(await Promise.all(slow)));
  const passed = results.every((r) => r.issues.length === 0 && !r.notVerified);
  return { projectDir: project.root, apexFiles: files.length, layers: results, passed };
}
