import { rulesMsg } from '../messages/rules';
import { isIdent, matching, type Tok } from '../posture/source/apex/tokens';
import type { ApexIndex, ApexEvent } from './apex-index';
import { isStringTok, stringValue, type ApexMethodModel } from './apex-program';
import type { PlatformRule, RuleProblem } from './types';

/**
 * Tests that reach user mode as the deploying user.
 *
 * User-mode database operations (`WITH USER_MODE`, `AccessLevel.USER_MODE`, `insert as user`) enforce the
 * running user's object and field permissions
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_enforce_usermode.htm),
 * and so do the describe checks (DescribeFieldResult.isUpdateable() and the like answer for the running
 * user: https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_fields_describe.htm),
 * `WITH SECURITY_ENFORCED` and `Security.stripInaccessible`. A field deployed through the Metadata API is
 * granted to no profile until a permission set or profile grants it, System Administrator included, so a
 * test running such a path as the deploying user fails in a production org under RunLocalTests. Inside
 * `System.runAs` the runAs user's sharing, object and field permissions apply
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_tools_runas.htm).
 *
 * The rule follows each test method's calls through the project's classes (static and instance calls,
 * constructors, the start/execute/finish methods `Database.executeBatch`, `System.enqueueJob` and
 * `System.schedule` run, and the triggers a DML statement fires) to every such site, and reports the ones
 * reached outside `System.runAs` of a user the test builds: a user a project method inserts or assigns
 * permission sets to (like PhiTestData's personas), with the permission sets it assigns, which must ship in
 * the project. A built user with no permission set is accepted: what it may do is fixed by the deploy (no
 * grant), as negative tests need. The running user (`new User(Id = UserInfo.getUserId())`), a user read
 * from the org, and a user the rule cannot follow are not personas. Platform event triggers are not
 * followed: they run as the Automated Process user, not the test's.
 */
export const USER_MODE_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_enforce_usermode.htm';

type RunAsUser =
  { kind: 'built'; sets: string[]; unknown: string[] } | { kind: 'running' } | { kind: 'other'; why: string };

interface Region {
  from: number;
  to: number;
  line: number;
  user: RunAsUser;
  protects: boolean;
}

interface Reach {
  file: string;
  line: number;
  what: string;
  via: string[];
}

interface BuilderFacts {
  insertsUser: boolean;
  assigns: boolean;
  literals: Set<string>;
}

export const testUserModeRule: PlatformRule = {
  id: 'test-user-mode',
  title: rulesMsg.titles.testUserMode,
  url: USER_MODE_URL,
  scope: 'project',
  run(project) {
    return new UserModeAnalysis(
      project.apexIndex(),
      project.shippedPermissionSets(),
      this.id,
      this.url
    ).run();
  }
};

class UserModeAnalysis {
  private readonly reachMemo = new Map<ApexMethodModel, Reach[]>();
  private readonly inProgress = new Set<ApexMethodModel>();
  private readonly regionMemo = new Map<ApexMethodModel, Region[]>();
  private readonly builderMemo = new Map<ApexMethodModel, BuilderFacts>();

  constructor(
    private readonly idx: ApexIndex,
    private readonly shipped: Map<string, string>,
    private readonly rule: string,
    private readonly url: string
  ) {}

  run(): RuleProblem[] {
    const out: RuleProblem[] = [];
    const seen = new Set<string>();
    const add = (p: RuleProblem, key = `${p.file}:${p.line}:${p.message}`) => {
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    };
    for (const m of this.idx.methods()) {
      if (!m.isTest) continue;
      const regions = this.regions(m);
      for (const r of regions) {
        if (r.user.kind === 'built' && r.user.unknown.length)
          add(this.problem(m, r.line, rulesMsg.testUserMode.unknownSet(label(m), r.user.unknown.join(', '))));
      }
      if (!m.isTestMethod) continue;
      const refusals = codeRefusals(m.body);
      for (const ev of this.idx.events(m)) {
        const region = innermost(regions, ev.k);
        if (region?.protects) continue;
        if (refusals.some((r) => ev.k > r.from && ev.k < r.to)) continue;
        const where = !region
          ? rulesMsg.testUserMode.outside
          : region.user.kind === 'running'
            ? rulesMsg.testUserMode.running
            : rulesMsg.testUserMode.unknownUser(
                region.user.kind === 'other' ? region.user.why : rulesMsg.testUserMode.whyExpression
              );
        for (const r of this.reachOfEvent(ev, m)) {
          const site = `${r.file}:${r.line}`;
          add(
            this.problem(
              m,
              ev.line,
              rulesMsg.testUserMode.reaches(label(m), r.what, site, r.via.join(' -> '), where)
            ),
            `${m.file}:${ev.line}:${site}:${r.what}`
          );
        }
      }
    }
    return out;
  }

  private problem(m: ApexMethodModel, line: number, message: string): RuleProblem {
    return { rule: this.rule, file: m.file, line, message, url: this.url };
  }

  /** What one event of a method reaches: itself (a site), or what its call targets reach. */
  private reachOfEvent(ev: ApexEvent, m: ApexMethodModel): Reach[] {
    if (ev.kind === 'site')
      return ev.customFields ? [{ file: m.file, line: ev.line, what: ev.what, via: [] }] : [];
    if (ev.kind !== 'call') return [];
    const out: Reach[] = [];
    for (const t of ev.targets) {
      if (this.inProgress.has(t)) continue;
      const hop = `${ev.via ? `${ev.via} -> ` : ''}${callLabel(t)}`;
      for (const r of this.reach(t)) out.push({ ...r, via: [hop, ...r.via] });
    }
    return out;
  }

  /** Every user-mode site a method reaches outside the persona runAs blocks of the methods on the way. */
  private reach(m: ApexMethodModel): Reach[] {
    const memo = this.reachMemo.get(m);
    if (memo) return memo;
    this.inProgress.add(m);
    const regions = this.regions(m);
    const byKey = new Map<string, Reach>();
    for (const ev of this.idx.events(m)) {
      if (innermost(regions, ev.k)?.protects) continue;
      for (const r of this.reachOfEvent(ev, m)) {
        const key = `${r.file}:${r.line}:${r.what}`;
        const cur = byKey.get(key);
        if (!cur || r.via.length < cur.via.length) byKey.set(key, r);
      }
    }
    this.inProgress.delete(m);
    const out = [...byKey.values()];
    this.reachMemo.set(m, out);
    return out;
  }

  /** The method's System.runAs blocks and whom each runs as. */
  private regions(m: ApexMethodModel): Region[] {
    const memo = this.regionMemo.get(m);
    if (memo) return memo;
    const out: Region[] = [];
    for (const ev of this.idx.events(m)) {
      if (ev.kind !== 'runAs') continue;
      const user = this.userOf(m, ev.argStart, ev.argStart + ev.arg.length, 0);
      out.push({
        from: ev.from,
        to: ev.to,
        line: ev.line,
        user,
        protects: user.kind === 'built' && user.unknown.length === 0
      });
    }
    this.regionMemo.set(m, out);
    return out;
  }

  /** Whom the expression body[start, end) of a method denotes, as a runAs user. */
  private userOf(m: ApexMethodModel, start: number, end: number, depth: number): RunAsUser {
    const body = m.body;
    const msg = rulesMsg.testUserMode;
    if (depth > 4 || end <= start) return { kind: 'other', why: msg.whyExpression };
    while (body[start]?.t === '(' && matching(body, start, '(', ')', end) === end - 1 && end - start > 2) {
      start++;
      end--;
    }
    const first = body[start]!;
    if (first.t === '[') return { kind: 'other', why: msg.whyExisting };
    if (first.t === 'new' && body[start + 1]?.t === 'user') {
      const inner = body.slice(start, end);
      const running = inner.some((x, i) => x.t === 'userinfo' && inner[i + 2]?.t === 'getuserid');
      return running ? { kind: 'running' } : { kind: 'other', why: msg.whyExpression };
    }
    if (end - start === 1 && isIdent(first)) {
      if (m.params.some((p) => p.name === first.t)) return { kind: 'other', why: msg.whyParameter };
      for (let j = start - 1; j >= 0; j--) {
        if (body[j]!.t !== first.t || body[j + 1]?.t !== '=' || body[j - 1]?.t === '.') continue;
        let semi = j + 2;
        while (semi < body.length && body[semi]!.t !== ';') semi++;
        return this.userOf(m, j + 2, semi, depth + 1);
      }
      return { kind: 'other', why: msg.whyExpression };
    }
    if (body[end - 1]?.t === ')') {
      let open = -1;
      for (let d = 0, j = end - 1; j >= start; j--) {
        if (body[j]!.t === ')') d++;
        else if (body[j]!.t === '(' && --d === 0) {
          open = j;
          break;
        }
      }
      if (open <= start || !isIdent(body[open - 1])) return { kind: 'other', why: msg.whyExpression };
      const targets = this.idx.targetsOfCall(m, open - 1);
      if (!targets.length) return { kind: 'other', why: msg.whyExpression };
      const facts = targets.map((t) => this.builder(t, 0));
      if (!facts.some((f) => f.insertsUser || f.assigns)) return { kind: 'other', why: msg.whyNotBuilt };
      const args = body.slice(open + 1, end - 1);
      const literals = new Set<string>(args.filter(isStringTok).map(stringValue));
      for (const f of facts) for (const l of f.literals) literals.add(l);
      const sets = [...literals]
        .map((l) => this.shipped.get(l.toLowerCase()))
        .filter((s): s is string => !!s);
      const unknown = listLiterals(args).filter((l) => !this.shipped.has(l.toLowerCase()));
      return { kind: 'built', sets: [...new Set(sets)].sort(), unknown };
    }
    return { kind: 'other', why: msg.whyExpression };
  }

  /** Whether a method (through the methods it calls) inserts a User or assigns permission sets, and its literals. */
  private builder(m: ApexMethodModel, depth: number): BuilderFacts {
    const memo = this.builderMemo.get(m);
    if (memo) return memo;
    const facts: BuilderFacts = { insertsUser: false, assigns: false, literals: new Set() };
    this.builderMemo.set(m, facts);
    const body = m.body;
    for (let k = 0; k < body.length; k++) {
      const x = body[k]!;
      if (isStringTok(x)) facts.literals.add(stringValue(x));
      if (x.t === 'new' && body[k + 1]?.t === 'permissionsetassignment') facts.assigns = true;
      if (x.t === 'insert' && body[k + 1]?.t !== '(' && body[k - 1]?.t !== '.') {
        let semi = k + 1;
        while (semi < body.length && body[semi]!.t !== ';') semi++;
        if (this.idx.sobjectAt(m, body[k + 1]?.t === 'as' ? k + 3 : k + 1, semi)?.toLowerCase() === 'user')
          facts.insertsUser = true;
      }
    }
    if (depth < 4) {
      for (const ev of this.idx.events(m)) {
        if (ev.kind !== 'call') continue;
        for (const t of ev.targets) {
          const f = this.builder(t, depth + 1);
          facts.insertsUser ||= f.insertsUser;
          facts.assigns ||= f.assigns;
          for (const l of f.literals) facts.literals.add(l);
        }
      }
    }
    return facts;
  }
}

/**
 * Exceptions user mode and describe-driven code raise when access is missing. A test that expects one of
 * them relies on the permissions of whoever runs it.
 */
const PERMISSION_EXCEPTIONS = new Set([
  'queryexception',
  'dmlexception',
  'noaccessexception',
  'securityexception',
  'exception'
]);

/**
 * `try { call(); Assert.fail(...); } catch (SomeException e) { ... }` where the expected exception is one
 * the code throws itself (AuraHandledException, a custom exception), not a permission error: the test
 * asserts that the call stops at the code's own guard, so what lies past the guard is not run.
 */
function codeRefusals(body: Tok[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let k = 0; k < body.length; k++) {
    if (body[k]!.t !== 'try' || body[k + 1]?.t !== '{') continue;
    const close = matching(body, k + 1, '{', '}');
    const block = body.slice(k + 2, close);
    const fails = block.some(
      (y, i) => y.t === 'assert' && block[i + 1]?.t === '.' && block[i + 2]?.t === 'fail'
    );
    const types: string[] = [];
    let j = close + 1;
    while (body[j]?.t === 'catch' && body[j + 1]?.t === '(') {
      const end = matching(body, j + 1, '(', ')');
      const type = body
        .slice(j + 2, end - 1)
        .filter(isIdent)
        .pop();
      if (type) types.push(type.t);
      j = body[end + 1]?.t === '{' ? matching(body, end + 1, '{', '}') + 1 : end + 1;
    }
    if (fails && types.length && !types.some((t) => PERMISSION_EXCEPTIONS.has(t)))
      out.push({ from: k + 1, to: close });
  }
  return out;
}

/** The innermost runAs block around token k. */
function innermost(regions: Region[], k: number): Region | undefined {
  let best: Region | undefined;
  for (const r of regions) if (k > r.from && k < r.to && (!best || r.from > best.from)) best = r;
  return best;
}

/** String literals inside `new List<String>{ ... }` or `new Set<String>{ ... }` in an argument list. */
function listLiterals(args: Tok[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k]!.t !== 'new' || (args[k + 1]?.t !== 'list' && args[k + 1]?.t !== 'set')) continue;
    const brace = args.findIndex((y, i) => i > k && y.t === '{');
    if (brace < 0) continue;
    const end = matching(args, brace, '{', '}');
    for (const y of args.slice(brace + 1, end)) if (isStringTok(y)) out.push(stringValue(y));
    k = end;
  }
  return out;
}

const label = (m: ApexMethodModel) => `${m.cls}.${m.name}`;
const callLabel = (t: ApexMethodModel) =>
  t.cls === t.name && t.returns === undefined && t.params.length === 0 && t.file.endsWith('.trigger')
    ? `trigger ${t.name}`
    : `${t.cls}.${t.name}()`;
