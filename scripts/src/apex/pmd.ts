import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { CONFIG_FILE_CAP, readTextIfPresent } from '../files/read';
import { rel } from '../project/files';
import { msg } from '../messages';
import { InputError } from '../errors';
import type { ApexIssue, LayerResult } from './types';

/** The rule selection the project is held to: PMD Security and Performance plus three named rules. */
export const PMD_SELECTORS = [
  'pmd:Security',
  'pmd:Performance',
  'pmd:ApexCRUDViolation',
  'pmd:ApexSharingViolations',
  'pmd:ApexSOQLInjection'
];

export interface PmdRun {
  violations: { rule: string; file: string; line: number; column: number; message: string }[];
  filesChecked: number;
}

export const CODE_ANALYZER_CONFIG_FILES = ['code-analyzer.yml', 'code-analyzer.yaml'];

/**
 * Builds the Code Analyzer config. A project's own code-analyzer.yml is honoured for its bulk
 * suppressions (each with a reason and a maximum count), with paths resolved against the project
 * root so they mean the same whatever folder is scanned.
 */
function buildConfig(configRoot: string, logDir: string): CodeAnalyzerConfig {
  let bulk: Record<string, unknown> = {};
  for (const name of CODE_ANALYZER_CONFIG_FILES) {
    const file = path.join(configRoot, name);
    // Through the file rules (scripts/src/files/read.ts), then parsed from the text (what fromFile does for YAML).
    const text = readTextIfPresent(file, { display: name, cap: CONFIG_FILE_CAP, root: configRoot });
    if (text === undefined) continue;
    try {
      bulk = CodeAnalyzerConfig.fromYamlString(text || '{}', configRoot).getBulkSuppressions();
    } catch (e) {
      throw new InputError(
        rel(configRoot, file),
        undefined,
        (e as Error).message.split('\n')[0] ?? 'invalid config'
      );
    }
    break;
  }
  const absolute = Object.fromEntries(
    Object.entries(bulk).map(([p, rules]) => [path.resolve(configRoot, p), rules])
  );
  return CodeAnalyzerConfig.fromObject(
    {
      log_folder: logDir,
      config_root: configRoot,
      engines: { cpd: { disable_engine: true } },
      suppressions: { disable_suppressions: false, ...absolute }
    },
    configRoot
  );
}

/** Runs Code Analyzer's PMD engine as a library over `targets` (files or folders). */
export async function runPmd(targets: string[], selectors: string[], configRoot: string): Promise<PmdRun> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-pmd-'));
  try {
    const config = buildConfig(configRoot, logDir);
    const analyzer = new CodeAnalyzer(config);
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(targets);
    const selection = await analyzer.selectRules(selectors, { workspace });
    const results = await analyzer.run(selection, { workspace });
    const files = await workspace.getTargetedFiles();
    const violations = results.getViolations().map((v) => {
      const loc = v.getPrimaryLocation();
      return {
        rule: v.getRule().getName(),
        file: loc.getFile() ?? '',
        line: loc.getStartLine() ?? 1,
        column: loc.getStartColumn() ?? 1,
        message: v.getMessage().trim()
      };
    });
    return { violations, filesChecked: files.length };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** Layer 3: PMD over every package directory (Apex and metadata XML). */
export async function pmdLayer(root: string, packageDirs: string[]): Promise<LayerResult> {
  try {
    const run = await runPmd(packageDirs, PMD_SELECTORS, root);
    const issues: ApexIssue[] = run.violations.map((v) => ({
      layer: 'pmd',
      file: rel(root, v.file),
      line: v.line,
      column: v.column,
      rule: v.rule,
      message: v.message
    }));
    return { layer: 'pmd', filesChecked: run.filesChecked, issues };
  } catch (e) {
    return {
      layer: 'pmd',
      filesChecked: 0,
      issues: [],
      notVerified: msg.apex.pmdFailed((e as Error).message.split('\n')[0] ?? '')
    };
  }
}
