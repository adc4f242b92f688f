import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel,
  type EngineLogEvent
} from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { DEFAULT_FILE_EXTENSIONS } from '@salesforce/code-analyzer-pmd-engine/dist/constants';
import { CONFIG_FILE_CAP, readTextIfPresent } from '../files/read';
import { rel } from '../project/files';
import { msg } from '../messages';
import { InputError } from '../errors';
import { jvmEnv } from './apexls';
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
  /** Files PMD could not process (absolute paths): no rule ran on them. */
  unprocessed: string[];
  /** Set when the engine logged an error that names no file: the run as a whole cannot be trusted. */
  unattributedError?: boolean;
  /**
   * Set when the engine itself failed (its JVM did not start, or stopped): Code Analyzer then reports a locationless
   * violation of its own rule (UnexpectedEngineError or UninstantiableEngineError, in @salesforce/code-analyzer-core's
   * results.js) whose message carries the engine's stack and java's stderr. Those are not findings about a file, and
   * their text can quote project files, so they never become issues: the layer is not verified.
   */
  engineFailed?: boolean;
}

/** Code Analyzer's own rules for an engine that failed, rather than a finding about the code. */
const ENGINE_FAILURE_RULES = new Set(['UnexpectedEngineError', 'UninstantiableEngineError']);

/**
 * PMD skips a file it cannot parse and carries on: Code Analyzer's PMD engine only logs it, as an error-level
 * engine log event made from its `ProcessingErrorForFile` message, `%s issued a processing error for file '%s':\n%s`
 * (code-analyzer-pmd-engine 0.46.0, dist/messages.js; emitted in dist/pmd-engine.js for each of PMD's
 * `processingErrors`). Such a file was never checked, so it must not pass (fail closed). Only the path is taken from
 * the message: the rest is the parser's own text, which can quote the file.
 */
const PROCESSING_ERROR = /^PMD issued a processing error for file '(.*)':$/m;

/** The file a PMD processing-error message names, or undefined when the message is of another form. */
export function processingErrorFile(message: string): string | undefined {
  const firstLine = message.split('\n', 1)[0] ?? '';
  return PROCESSING_ERROR.exec(firstLine)?.[1];
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

/**
 * What PMD reads, for the gate cache's key (deploy/gate-inputs.ts). Code Analyzer's PMD engine hands PMD every
 * targeted file whose extension belongs to a language of a selected rule (code-analyzer-pmd-engine 0.46.0,
 * dist/utils.js `WorkspaceLiaison.getRelevantLanguageToFilesMap`, dist/pmd-engine.js `runRules`), with the default
 * extensions (dist/constants.js `DEFAULT_FILE_EXTENSIONS`; buildConfig above sets no `file_extensions`). Our
 * selectors pick Apex, Visualforce, JavaScript, HTML and XML rules ("Security" tags the AppExchange rules too), so
 * every .xml file is read, a permission set's included: AvoidApiSessionId's XPath is `//text[...]` over any XML
 * (sfca-pmd-rules-1.0.0.jar, sfca/rulesets/AppExchange_xml.xml). Extensions of any language count here, a superset.
 */
const PMD_EXTENSIONS = new Set(Object.values(DEFAULT_FILE_EXTENSIONS).flat());

/**
 * The PMD engine version whose XML rules were read for PMD_XML_TRIGGERS. Another version (other rules) keys every
 * file PMD reads on its bytes.
 */
export const PMD_XML_AUDITED_ENGINE = '0.46.0';

/**
 * What the selected XML rules of AppExchange_xml.xml look for: each rule matches only inside a document holding one
 * of these words (lower case), so an XML file without any of them cannot give a violation whatever its other bytes:
 * - AvoidApiSessionId: `//text[contains(upper-case(@Text),"API.SESSION_ID") or ...,"GETSESSIONID")]`;
 * - AvoidJavaScriptInUrls: `/document//url/text[...]` (an element named url);
 * - the others start at their root element: AuraDefinitionBundle, RemoteSiteSetting, WebLink, CustomPageWebLink,
 *   HomePageComponent, LightningMessageChannel, Scontrol, ConnectedApp;
 * - ProtectSensitiveData (DetectSecretsInCustomObjects) reads CustomField and CustomObject files, and a field's
 *   object file by its name: *.field-meta.xml and *.object-meta.xml are always keyed on their bytes.
 * A DOCTYPE or entity could bring text from elsewhere, and upper-case() folds some non-ASCII letters to ASCII
 * ("ſ" to "S"): a file with "&", a DOCTYPE or ENTITY declaration, or any byte outside ASCII is keyed on its bytes
 * too. A comment or CDATA section holds plain text, which the words above are looked for in.
 */
const PMD_XML_TRIGGERS = [
  'session_id',
  'getsessionid',
  'url',
  'auradefinitionbundle',
  'remotesitesetting',
  'weblink',
  'homepagecomponent',
  'lightningmessagechannel',
  'scontrol',
  'connectedapp',
  'customobject',
  'customfield'
];

/**
 * What of a file PMD's result depends on: `bytes` (its content), or `name` (only that it is there: it counts in the
 * files checked, and no selected rule can report in it). `engineVersion` is the installed PMD engine's.
 */
export function pmdReads(
  fileName: string,
  bytes: () => Buffer,
  engineVersion: string | undefined
): 'bytes' | 'name' {
  const name = fileName.toLowerCase();
  const ext = path.extname(name);
  if (!PMD_EXTENSIONS.has(ext)) return 'name';
  if (ext !== '.xml' || engineVersion !== PMD_XML_AUDITED_ENGINE) return 'bytes';
  if (name.endsWith('.field-meta.xml') || name.endsWith('.object-meta.xml')) return 'bytes';
  const b = bytes();
  // Any byte outside printable ASCII (and tab, CR, LF), or "&": keyed on the bytes.
  for (const c of b)
    if (c > 0x7e || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x26) return 'bytes';
  const text = b.toString('latin1').toLowerCase();
  if (text.includes('<!doctype') || text.includes('<!entity')) return 'bytes';
  return PMD_XML_TRIGGERS.some((w) => text.includes(w)) ? 'bytes' : 'name';
}

/** Runs Code Analyzer's PMD engine as a library over `targets` (files or folders). */
export async function runPmd(targets: string[], selectors: string[], configRoot: string): Promise<PmdRun> {
  // Code Analyzer starts java with this process's environment (its JavaCommandExecutor passes no env): the fast JVM
  // options go there, once, when the user set no JVM options (apexls.ts FAST_JVM_OPTIONS; the gate cache's key holds
  // the options in effect, jvmOptions, so it is the same before and after). They are set for this run only.
  const env = jvmEnv(process.env);
  const ours = env !== process.env ? env.JDK_JAVA_OPTIONS : undefined;
  if (ours !== undefined) process.env.JDK_JAVA_OPTIONS = ours;
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-pmd-'));
  try {
    const config = buildConfig(configRoot, logDir);
    const analyzer = new CodeAnalyzer(config);
    const unprocessed = new Set<string>();
    let unattributedError = false;
    analyzer.onEvent(EventType.EngineLogEvent, (e: EngineLogEvent) => {
      if (e.logLevel !== LogLevel.Error) return;
      const file = processingErrorFile(e.message);
      if (file === undefined) unattributedError = true;
      else unprocessed.add(file);
    });
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(targets);
    const selection = await analyzer.selectRules(selectors, { workspace });
    const results = await analyzer.run(selection, { workspace });
    const files = await workspace.getTargetedFiles();
    const all = results.getViolations();
    const engineFailed = all.some((v) => ENGINE_FAILURE_RULES.has(v.getRule().getName()));
    const violations = all
      .filter((v) => !ENGINE_FAILURE_RULES.has(v.getRule().getName()))
      .map((v) => {
        const loc = v.getPrimaryLocation();
        return {
          rule: v.getRule().getName(),
          file: loc.getFile() ?? '',
          line: loc.getStartLine() ?? 1,
          column: loc.getStartColumn() ?? 1,
          message: v.getMessage().trim()
        };
      });
    return {
      violations,
      filesChecked: files.length,
      unprocessed: [...unprocessed].sort(),
      ...(unattributedError ? { unattributedError } : {}),
      ...(engineFailed ? { engineFailed } : {})
    };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    // jvmEnv adds options only where the user set none: unset again, unless something else has set it since.
    if (ours !== undefined && process.env.JDK_JAVA_OPTIONS === ours) delete process.env.JDK_JAVA_OPTIONS;
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
    // A file PMD could not process had no rule run on it: an issue on that file, so the layer fails (fail closed).
    for (const file of run.unprocessed)
      issues.push({
        layer: 'pmd',
        file: rel(root, file),
        line: 1,
        column: 1,
        rule: 'ProcessingError',
        message: msg.apex.pmdUnprocessed
      });
    if (run.engineFailed)
      return { layer: 'pmd', filesChecked: run.filesChecked, issues, notVerified: msg.apex.pmdEngineFailed };
    if (run.unattributedError)
      return { layer: 'pmd', filesChecked: run.filesChecked, issues, notVerified: msg.apex.pmdEngineError };
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
