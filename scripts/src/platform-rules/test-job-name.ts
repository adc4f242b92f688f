import { rulesMsg } from '../messages/rules';
import { isIdent, type Tok } from '../posture/source/apex/tokens';
import type { ApexIndex } from './apex-index';
import { isStringTok, splitTop, stringValue, type ApexMethodModel } from './apex-program';
import type { PlatformRule, RuleProblem } from './types';

/**
 * Tests that schedule a job under a name production code schedules.
 *
 * A scheduled job's name is unique in the org: once production has scheduled its job, `System.schedule`
 * under the same name fails, so the test fails in any org where the real job runs (Apex Scheduler,
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_scheduler.htm). And by
 * default a class with active jobs cannot be updated by a deployment unless the org's Deployment Settings
 * allow it (Metadata API, ApexClass: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_classes.htm).
 *
 * Job names are evaluated where they are constant: string literals, `+` of literals, class constants
 * (`PhiRetentionPurge.JOB_NAME`), local variables assigned such a value, and parameters bound at each call,
 * followed through the project's classes. Production names are those production code passes to
 * `System.schedule` or `System.scheduleBatch` (including through its own methods, as `scheduleNightly()`
 * passes `JOB_NAME` to `schedule(jobName)`). A test name built at run time (a random suffix) is never equal.
 */
export const SCHEDULER_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_scheduler.htm';

type Env = Map<string, string | undefined>;

interface ScheduleHit {
  name: string;
  /** Where System.schedule is called (file:line). */
  site: string;
}

export const testJobNameRule: PlatformRule = {
  id: 'test-job-name',
  title: rulesMsg.titles.testJobName,
  url: SCHEDULER_URL,
  scope: 'project',
  run(project) {
    const idx = project.apexIndex();
    const production = new Map<string, string>();
    for (const m of idx.methods()) {
      if (m.isTest) continue;
      walk(idx, m, new Map(), 0, new Set(), (hit) => {
        if (!production.has(hit.name)) production.set(hit.name, hit.site);
      });
    }
    const out: RuleProblem[] = [];
    const seen = new Set<string>();
    for (const m of idx.methods()) {
      if (!m.isTestMethod) continue;
      walk(idx, m, new Map(), 0, new Set(), (hit, entryLine) => {
        const prod = production.get(hit.name);
        if (!prod) return;
        const key = `${m.file}:${entryLine}:${hit.site}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.push({
          rule: this.id,
          file: m.file,
          line: entryLine,
          message: rulesMsg.testJobName.same(`${m.cls}.${m.name}`, hit.site, prod),
          url: this.url
        });
      });
    }
    return out;
  }
};

/**
 * Visits every System.schedule reached from a method with parameters bound to `env`. `entry` is the line,
 * in the method the walk started from, of the statement that leads to the hit.
 */
function walk(
  idx: ApexIndex,
  m: ApexMethodModel,
  env: Env,
  depth: number,
  visited: Set<string>,
  onHit: (hit: ScheduleHit, entryLine: number) => void,
  entry?: number
): void {
  const key = `${m.file}:${m.line}:${m.name}:${JSON.stringify([...env])}`;
  if (depth > 8 || visited.has(key)) return;
  visited.add(key);
  for (const ev of idx.events(m)) {
    const line = entry ?? ev.line;
    // each statement of the method the walk starts from is followed on its own: two statements may
    // reach the same method with the same arguments, and each is reported at its own line
    const seen = entry === undefined ? new Set([key]) : visited;
    if (ev.kind === 'schedule') {
      const name = evalString(idx, m, env, ev.nameStart, ev.nameStart + ev.nameArg.length, 0);
      if (name !== undefined) onHit({ name, site: `${m.file}:${ev.line}` }, line);
    } else if (ev.kind === 'call') {
      for (const t of ev.targets) {
        const bound: Env = new Map();
        t.params.forEach((p, i) => {
          const arg = ev.args[i];
          bound.set(p.name, arg ? evalTokens(idx, m, env, arg, 0) : undefined);
        });
        walk(idx, t, bound, depth + 1, seen, onHit, line);
      }
    }
  }
}

/** The constant string value of body[start, end) of a method, or undefined. */
function evalString(
  idx: ApexIndex,
  m: ApexMethodModel,
  env: Env,
  start: number,
  end: number,
  depth: number
): string | undefined {
  return evalTokens(idx, m, env, m.body.slice(start, end), depth, start);
}

function evalTokens(
  idx: ApexIndex,
  m: ApexMethodModel,
  env: Env,
  toks: Tok[],
  depth: number,
  at = m.body.length
): string | undefined {
  if (depth > 6 || toks.length === 0) return undefined;
  if (toks[0]!.t === '(' && toks[toks.length - 1]!.t === ')')
    return evalTokens(idx, m, env, toks.slice(1, -1), depth + 1, at);
  const parts = splitPlus(toks);
  let out = '';
  for (const p of parts) {
    const v = evalPart(idx, m, env, p, depth, at);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

function evalPart(
  idx: ApexIndex,
  m: ApexMethodModel,
  env: Env,
  p: Tok[],
  depth: number,
  at: number
): string | undefined {
  if (p.length === 1 && isStringTok(p[0])) return stringValue(p[0]);
  if (p.length === 1 && isIdent(p[0])) {
    const name = p[0].t;
    if (env.has(name)) return env.get(name);
    if (m.params.some((x) => x.name === name)) return undefined;
    // the last assignment before `at`
    for (let j = Math.min(at, m.body.length) - 1; j >= 0; j--) {
      const b = m.body;
      if (b[j]!.t !== name || b[j + 1]?.t !== '=' || b[j - 1]?.t === '.') continue;
      let semi = j + 2;
      while (semi < b.length && b[semi]!.t !== ';') semi++;
      return evalString(idx, m, env, j + 2, semi, depth + 1);
    }
    return constant(idx, m, [name], depth);
  }
  // Class.CONSTANT (or Outer.Inner.CONSTANT)
  if (p.length >= 3 && p.every((y, i) => (i % 2 === 0 ? isIdent(y) : y.t === '.')))
    return constant(
      idx,
      m,
      p.filter((_, i) => i % 2 === 0).map((y) => y.t),
      depth
    );
  return undefined;
}

/** A class constant's value: `NAME` in the method's class (or its outer and base classes), or `Class.NAME`. */
function constant(idx: ApexIndex, m: ApexMethodModel, chain: string[], depth: number): string | undefined {
  const fieldName = chain[chain.length - 1]!;
  const from = idx.classOfMethod(m);
  const owner = chain.length === 1 ? from : idx.classNamed(chain.slice(0, -1).join('.'), from);
  for (let c = owner; c; c = c.outer ? idx.classNamed(c.outer) : undefined) {
    const f = c.fields.get(fieldName);
    if (f?.init) {
      const holder: ApexMethodModel = {
        cls: c.name,
        name: f.name,
        key: f.name.toLowerCase(),
        file: c.file,
        line: f.line,
        params: [],
        isTest: c.isTest,
        isTestMethod: false,
        body: f.init,
        locals: new Map()
      };
      return evalTokens(idx, holder, new Map(), f.init, depth + 1, 0);
    }
    if (chain.length > 1) break;
  }
  return undefined;
}

/** Splits an expression at top-level `+` (an argument list, with a comma, is returned whole). */
function splitPlus(toks: Tok[]): Tok[][] {
  if (splitTop(toks).length !== 1) return [toks];
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const y of toks) {
    if (y.t === '(' || y.t === '[' || y.t === '{') depth++;
    else if (y.t === ')' || y.t === ']' || y.t === '}') depth--;
    if (y.t === '+' && depth === 0) {
      out.push(cur);
      cur = [];
      continue;
    }
    cur.push(y);
  }
  out.push(cur);
  return out;
}
