import { spawn } from 'node:child_process';
import path from 'node:path';
import { InputError } from '../errors';
import { readProjectJsonIfPresent } from '../posture/source/json-file';
import { rel } from '../project/files';
import { msg } from '../messages';
import type { ApexIssue, LayerResult } from './types';

/** The apex-ls jars ship inside the Code Analyzer PMD engine package. */
export function javaLibDir(): string {
  const pkg = require.resolve('@salesforce/code-analyzer-pmd-engine/package.json');
  return path.join(path.dirname(pkg), 'dist', 'java-lib');
}

interface ApexLsReport {
  files?: {
    path: string;
    messages: { start: { line: number; offset: number }; category: string; message: string }[];
  }[];
}

export const KNOWN_GAPS_FILE = path.join('config', 'apex-ls-known-gaps.json');

/**
 * Exact apex-ls messages the project accepts because apex-ls does not model a platform type.
 * Each entry needs a reason; a malformed file is an input error (exit 2), never ignored.
 */
export function loadKnownGaps(root: string): Map<string, string> {
  const file = path.join(root, KNOWN_GAPS_FILE);
  const gaps = new Map<string, string>();
  // Through the file rules; a syntax error is reported by line only: V8's message would quote the file.
  const read = readProjectJsonIfPresent(root, file, KNOWN_GAPS_FILE);
  if (!read) return gaps;
  const { json } = read;
  const list = (json as { gaps?: unknown }).gaps;
  if (!Array.isArray(list)) throw new InputError(KNOWN_GAPS_FILE, undefined, '"gaps" must be an array');
  list.forEach((g, i) => {
    const { message, reason } = (g ?? {}) as { message?: unknown; reason?: unknown };
    if (typeof message !== 'string' || typeof reason !== 'string' || !reason.trim()) {
      throw new InputError(
        KNOWN_GAPS_FILE,
        undefined,
        `gaps[${i}] needs a "message" and a non-empty "reason"`
      );
    }
    gaps.set(message, reason);
  });
  return gaps;
}

/**
 * The file names apex-ls loads from a workspace: what its document index keeps (apex-ls 6.0.2,
 * shared/src/main/scala/com/nawforce/pkgforce/documents/MetadataDocument.scala, `MetadataDocument.extensions` and
 * `MetadataDocument.apply`: classes and triggers and their -meta.xml, objects (custom metadata types, big objects and
 * platform events included), fields, field sets, sharing reasons, flows, labels, Visualforce pages and components).
 * Its index skips every other file (DocumentIndex.scala, `addPath`), so a permission set, profile or layout is not
 * among its inputs. Matched here without regard to case, and wherever the file lies (apex-ls itself also requires
 * `objects/` folders and skips dot folders and .forceignore'd paths): a superset, never less than it reads. The
 * other files it reads, sfdx-project.json and .forceignore (SFDXProject.scala, DocumentIndex.scala `apply`), are
 * keyed by name in the gate (deploy/gate-inputs.ts).
 */
const APEX_LS_SUFFIXES = [
  '.cls',
  '.trigger',
  '.component',
  '.page',
  '.object',
  '.field',
  '.fieldset',
  '.sharingreason',
  '.flow',
  '.labels'
].flatMap((s) => [s, `${s}-meta.xml`]);

/** Whether apex-ls may read a file of this name (the gate cache keys apex-ls on exactly these files' bytes). */
export function apexLsReads(fileName: string): boolean {
  const name = fileName.toLowerCase();
  return APEX_LS_SUFFIXES.some((s) => name.endsWith(s));
}

/** Categories apex-ls reports at the default ("errors") detail level; all of them fail the build. */
const ERROR_CATEGORIES = new Set(['Syntax', 'Error', 'Missing']);

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/**
 * The JVM options apex-ls and PMD run with when the user set none: the serial collector and the client compiler
 * only (no C2 tier). Both tools run for seconds to a minute, so the server compiler's and G1's threads cost more CPU
 * than they save. Measured on this machine (Java 17, same reports byte for byte): apex-ls on this repository's
 * force-app 12.3 -> 3.7 CPU-s, on NPSP (1,044 classes) 49.9 -> 21.0 CPU-s and 57 -> 21 s; PMD's run on force-app
 * 16.5 -> 5.9 CPU-s, on NPSP 69.2 -> 45.6 CPU-s at the same wall time. They change how the JVM compiles and
 * collects, never what a tool reports.
 * The launcher reads JDK_JAVA_OPTIONS
 * (https://docs.oracle.com/en/java/javase/17/docs/specs/man/java.html#using-the-jdk_java_options-launcher-environment-variable);
 * the JVM also reads JAVA_TOOL_OPTIONS and _JAVA_OPTIONS, and two collectors chosen at once stop it ("Multiple
 * garbage collectors selected"): when the user set any of the three, the JVM gets the user's options only.
 */
export const FAST_JVM_OPTIONS = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';
const JVM_OPTION_VARS = ['JDK_JAVA_OPTIONS', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS'] as const;

/** The environment a JVM of ours runs in: `env`, with FAST_JVM_OPTIONS when it names no JVM options. */
export function jvmEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (JVM_OPTION_VARS.some((v) => env[v] !== undefined)) return env;
  return { ...env, JDK_JAVA_OPTIONS: FAST_JVM_OPTIONS };
}

/** The JVM options in effect for a JVM started with `env` (part of the gate cache's key). */
export function jvmOptions(env: NodeJS.ProcessEnv = process.env): string {
  const e = jvmEnv(env);
  return JVM_OPTION_VARS.map((v) => `${v}=${e[v] ?? ''}`).join(' ');
}

export function runJava(
  args: string[],
  cwd: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(javaCommand(), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: jvmEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(msg.apex.javaMissing) : e)
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Layer 2: apex-ls semantic analysis (unknown types, fields, methods) over the whole SFDX
 * workspace. Exit 0 = clean, 4 = issues reported; anything else means it did not run.
 */
export async function apexLsLayer(root: string, fileCount: number): Promise<LayerResult> {
  // The project's gaps file first: a malformed one is an input error (exit 2) before seconds of JVM work.
  const gaps = loadKnownGaps(root);
  const cp = `${javaLibDir()}${path.sep}*`;
  let res;
  try {
    res = await runJava(
      ['-cp', cp, 'io.github.apexdevtools.apexls.CheckForIssues', '-n', '-w', root, '-f', 'json'],
      root
    );
  } catch (e) {
    return { layer: 'apex-ls', filesChecked: 0, issues: [], notVerified: (e as Error).message };
  }
  let report: ApexLsReport;
  try {
    const start = res.stdout.indexOf('{');
    report = JSON.parse(start >= 0 ? res.stdout.slice(start) : '') as ApexLsReport;
  } catch {
    return {
      layer: 'apex-ls',
      filesChecked: 0,
      issues: [],
      notVerified: msg.apex.apexLsUnexpected(res.code)
    };
  }
  if (res.code !== 0 && res.code !== 4) {
    return {
      layer: 'apex-ls',
      filesChecked: 0,
      issues: [],
      notVerified: msg.apex.apexLsUnexpected(res.code)
    };
  }
  const issues: ApexIssue[] = [];
  const accepted: ApexIssue[] = [];
  for (const f of report.files ?? []) {
    for (const m of f.messages) {
      if (!ERROR_CATEGORIES.has(m.category)) continue;
      const target = gaps.has(m.message) ? accepted : issues;
      target.push({
        layer: 'apex-ls',
        file: rel(root, f.path),
        line: m.start.line,
        column: m.start.offset + 1,
        rule: m.category,
        message: m.message
      });
    }
  }
  // Exit 4 with nothing reported means apex-ls saw something it did not print: fail closed.
  if (res.code === 4 && issues.length === 0 && accepted.length === 0) {
    return {
      layer: 'apex-ls',
      filesChecked: fileCount,
      issues,
      notVerified: msg.apex.apexLsUnexpected(res.code)
    };
  }
  return { layer: 'apex-ls', filesChecked: fileCount, issues, accepted };
}
