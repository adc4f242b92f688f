import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apexLsLayer, FAST_JVM_OPTIONS, jvmEnv, jvmOptions } from '../../src/apex/apexls';
import { pmdLayer } from '../../src/apex/pmd';
import { msg } from '../../src/messages';

/**
 * The JVM options apex-ls and PMD run with when the user set none (apexls.ts FAST_JVM_OPTIONS). The spawn path is
 * the real one, with a stand-in `java` (JAVA_HOME) that records the options it was started with and answers as
 * apex-ls does for a clean workspace: no JVM needed to see what a JVM would get.
 */
const VARS = ['JDK_JAVA_OPTIONS', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JAVA_HOME', 'PATH'] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
let work: string;
/** What the stand-in PMD JVM prints on stderr as it fails: java's output can quote project files. */
const CANARY = 'canary-pmd-stderr-5e1d';
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-jvm-'));
  mkdirSync(path.join(work, 'jdk', 'bin'), { recursive: true });
  const java = path.join(work, 'jdk', 'bin', 'java');
  writeFileSync(
    java,
    // As java -version: the version on stderr. As apex-ls: a clean report. As PMD's wrapper: a failure.
    `#!/bin/sh\nprintf '%s|%s|%s' "$JDK_JAVA_OPTIONS" "$JAVA_TOOL_OPTIONS" "$_JAVA_OPTIONS" > "${work}/seen"\n` +
      `case "$*" in *-version*) echo 'openjdk version "17.0.15" 2025-04-15' >&2; exit 0;; *PmdWrapper*) echo '${CANARY}' >&2; exit 3;; esac\n` +
      `echo '{ "files": [] }'\n`
  );
  chmodSync(java, 0o755);
  // One class, so that PMD has a file to run on (with none, Code Analyzer starts no PMD run).
  mkdirSync(path.join(work, 'classes'));
  writeFileSync(path.join(work, 'classes', 'A.cls'), 'public with sharing class A {}\n');
});
afterEach(() => {
  for (const v of VARS)
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the apex-ls layer through the stand-in java with exactly `vars` as the JVM option variables. */
async function seenBy(vars: Partial<Record<(typeof VARS)[number], string>>): Promise<string> {
  for (const v of VARS) delete process.env[v];
  Object.assign(process.env, vars, { JAVA_HOME: path.join(work, 'jdk') });
  const r = await apexLsLayer(work, 0);
  expect(r.notVerified).toBeUndefined();
  return readFileSync(path.join(work, 'seen'), 'utf8');
}

describe('the JVM options of apex-ls and PMD', () => {
  it('none set: the JVM gets the serial collector and the client compiler, and the key says so', async () => {
    expect(await seenBy({})).toBe(`${FAST_JVM_OPTIONS}||`);
    expect(jvmOptions({})).toBe(`JDK_JAVA_OPTIONS=${FAST_JVM_OPTIONS} JAVA_TOOL_OPTIONS= _JAVA_OPTIONS=`);
  });

  it.each([
    ['JDK_JAVA_OPTIONS', { JDK_JAVA_OPTIONS: '-Xmx2g' }, '-Xmx2g||'],
    // a collector of the user's beside ours would stop the JVM ("Multiple garbage collectors selected")
    ['JAVA_TOOL_OPTIONS', { JAVA_TOOL_OPTIONS: '-XX:+UseG1GC' }, '|-XX:+UseG1GC|'],
    ['_JAVA_OPTIONS', { _JAVA_OPTIONS: '-Xss4m' }, '||-Xss4m']
  ])('the user set %s: the JVM gets the user options only', async (_v, vars, seen) => {
    expect(await seenBy(vars)).toBe(seen);
    expect(jvmEnv(vars)).toBe(vars);
  });

  it("PMD's JVMs (started by Code Analyzer with this process's environment) get the same options", async () => {
    for (const v of VARS) if (v !== 'PATH') delete process.env[v];
    process.env.JAVA_HOME = path.join(work, 'jdk');
    process.env.PATH = `${path.join(work, 'jdk', 'bin')}${path.delimiter}${saved.PATH ?? ''}`;
    rmSync(path.join(work, 'seen'), { force: true });
    const r = await pmdLayer(work, [work]);
    expect(readFileSync(path.join(work, 'seen'), 'utf8')).toBe(`${FAST_JVM_OPTIONS}||`);
    // The stand-in's PMD run fails (exit 3): the layer is not verified, with no issue carrying the engine's output.
    expect(r.notVerified).toBe(msg.apex.pmdEngineFailed);
    expect(r.issues).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(CANARY);
    // ... and only for that run: the rest of the process (other JVMs it starts) has the user's environment back.
    expect(process.env.JDK_JAVA_OPTIONS).toBeUndefined();
  });

  it('an empty variable is a choice too: nothing is added', async () => {
    expect(await seenBy({ JDK_JAVA_OPTIONS: '' })).toBe('||');
  });
});
