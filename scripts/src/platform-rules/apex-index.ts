import { soqlFromTokens } from '../posture/source/apex/soql';
import { isIdent, matching, type Tok } from '../posture/source/apex/tokens';
import {
  elementType,
  isStringTok,
  splitTop,
  stringValue,
  typeHead,
  type ApexClassModel,
  type ApexMethodModel,
  type ApexProgram,
  type TriggerModel
} from './apex-program';

/**
 * What a method body does that the platform rules follow, in source order, each with its token index in
 * the body: calls into the project's classes (static, instance, constructors, the methods the platform
 * runs for `Database.executeBatch`, `System.enqueueJob`, `System.schedule` and `System.scheduleBatch`,
 * and the triggers a DML statement fires), user-mode sites, `System.schedule` job names and
 * `System.runAs` blocks.
 */
export type ApexEvent =
  | { kind: 'call'; k: number; line: number; targets: ApexMethodModel[]; args: Tok[][]; via?: string }
  | {
      kind: 'site';
      k: number;
      line: number;
      what: string;
      /**
       * Whether the site depends on field-level access to the project's custom fields (or cannot be told):
       * a deploying admin holds object access everywhere and standard field access, but no access to a
       * field the Metadata API deployed without a grant.
       */
      customFields: boolean;
    }
  | { kind: 'schedule'; k: number; line: number; nameStart: number; nameArg: Tok[] }
  | { kind: 'runAs'; k: number; line: number; argStart: number; arg: Tok[]; from: number; to: number };

/** Describe calls that answer for the running user's permissions (DescribeSObjectResult, DescribeFieldResult). */
const DESCRIBE_CHECKS = new Set([
  'isaccessible',
  'isupdateable',
  'iscreateable',
  'isdeletable',
  'isundeletable',
  'ismergeable'
]);
const DML = new Set(['insert', 'update', 'upsert', 'delete', 'undelete', 'merge']);
const DATABASE_DML = new Set(['insert', 'update', 'upsert', 'delete', 'undelete', 'merge']);
const NOT_A_CALL = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'return',
  'new',
  'super',
  'this',
  'when',
  'on'
]);
/** The methods the platform calls on an asynchronous job's class. */
const BATCH = ['start', 'execute', 'finish'];

export class ApexIndex {
  private readonly eventCache = new Map<ApexMethodModel, ApexEvent[]>();
  private readonly byTrigger = new Map<string, TriggerModel[]>();

  constructor(readonly program: ApexProgram) {
    for (const t of program.triggers)
      this.byTrigger.set(t.object, [...(this.byTrigger.get(t.object) ?? []), t]);
  }

  /** Every method of every class. */
  *methods(): Generator<ApexMethodModel> {
    for (const c of this.program.classes.values()) for (const ms of c.methods.values()) yield* ms;
  }

  classOfMethod(m: ApexMethodModel): ApexClassModel | undefined {
    return this.program.classes.get(m.cls.toLowerCase());
  }

  /** The project class a type names, seen from `from` (inner classes by their simple name inside their outer). */
  classNamed(type: string, from?: ApexClassModel): ApexClassModel | undefined {
    const head = typeHead(type).toLowerCase();
    for (
      let c: ApexClassModel | undefined = from;
      c;
      c = c.outer ? this.program.classes.get(c.outer.toLowerCase()) : undefined
    ) {
      const inner = this.program.classes.get(`${c.name.toLowerCase()}.${head}`);
      if (inner) return inner;
    }
    return this.program.classes.get(head);
  }

  /** Methods named `key` on a class or the classes it extends. */
  methodsOf(cls: ApexClassModel, key: string): ApexMethodModel[] {
    const seen = new Set<ApexClassModel>();
    for (
      let c: ApexClassModel | undefined = cls;
      c && !seen.has(c);
      c = c.extends ? this.classNamed(c.extends, c) : undefined
    ) {
      seen.add(c);
      const ms = c.methods.get(key);
      if (ms?.length) return ms;
    }
    return [];
  }

  /** Constructors of a class (none declared: the implicit one, which runs nothing). */
  constructorsOf(cls: ApexClassModel): ApexMethodModel[] {
    return cls.methods.get(cls.name.split('.').pop()!.toLowerCase()) ?? [];
  }

  triggersOn(object: string): TriggerModel[] {
    return this.byTrigger.get(object.toLowerCase()) ?? [];
  }

  /** Declared type of a name in a method: parameter, local, then the class's fields (outer and base classes too). */
  typeOfName(name: string, m: ApexMethodModel): string | undefined {
    const p = m.params.find((x) => x.name === name);
    if (p) return p.type;
    const local = m.locals.get(name);
    if (local) return local;
    for (
      let c = this.classOfMethod(m);
      c;
      c = c.outer ? this.program.classes.get(c.outer.toLowerCase()) : undefined
    ) {
      const seen = new Set<ApexClassModel>();
      for (
        let b: ApexClassModel | undefined = c;
        b && !seen.has(b);
        b = b.extends ? this.classNamed(b.extends, b) : undefined
      ) {
        seen.add(b);
        const f = b.fields.get(name);
        if (f) return f.type;
      }
    }
    return undefined;
  }

  /** Events of a method body, in order. */
  events(m: ApexMethodModel): ApexEvent[] {
    const cached = this.eventCache.get(m);
    if (cached) return cached;
    const out = this.scan(m);
    this.eventCache.set(m, out);
    return out;
  }

  private scan(m: ApexMethodModel): ApexEvent[] {
    const body = m.body;
    const out: ApexEvent[] = [];
    const cls = this.classOfMethod(m);
    for (let k = 0; k < body.length; k++) {
      const x = body[k]!;
      const n1 = body[k + 1]?.t;
      const n2 = body[k + 2]?.t;
      // user-mode and permission-checking sites
      if (x.t === 'with' && (n1 === 'user_mode' || n1 === 'security_enforced'))
        out.push(site(k, x.line, `WITH ${body[k + 1]!.raw.toUpperCase()}`, inlineQueryCustom(body, k)));
      else if (x.t === 'accesslevel' && n1 === '.' && n2 === 'user_mode')
        out.push(site(k, x.line, 'AccessLevel.USER_MODE', true));
      else if (DML.has(x.t) && n1 === 'as' && n2 === 'user')
        out.push(site(k, x.line, `${x.t} as user`, true));
      else if (x.t === '.' && n1 && DESCRIBE_CHECKS.has(n1) && n2 === '(')
        out.push(site(k, x.line, `${body[k + 1]!.raw}()`, describeCustom(body, k)));
      else if (x.t === 'security' && n1 === '.' && n2 === 'stripinaccessible')
        out.push(site(k, x.line, 'Security.stripInaccessible', true));
      else if (isStringTok(x) && /\bwith\s+(user_mode|security_enforced)\b/i.test(stringValue(x)))
        out.push(site(k, x.line, 'WITH USER_MODE (dynamic SOQL)', true));

      // System.runAs(user) { ... } (the lexer reads `System.runAs` as one keyword token)
      const runAsParen =
        x.t === 'system.runas' ? k + 1 : x.t === 'system' && n1 === '.' && n2 === 'runas' ? k + 3 : -1;
      if (runAsParen > 0 && body[runAsParen]?.t === '(') {
        const close = matching(body, runAsParen, '(', ')');
        if (body[close + 1]?.t === '{') {
          const end = matching(body, close + 1, '{', '}');
          out.push({
            kind: 'runAs',
            k,
            line: x.line,
            argStart: runAsParen + 1,
            arg: body.slice(runAsParen + 1, close),
            from: close + 1,
            to: end
          });
        }
      }

      // The platform's asynchronous entry points: the job's class runs as the user who enqueued it.
      if (
        (x.t === 'database' || x.t === 'system') &&
        n1 === '.' &&
        body[k + 3]?.t === '(' &&
        body[k - 1]?.t !== '.'
      ) {
        const close = matching(body, k + 3, '(', ')');
        const args = splitTop(body.slice(k + 4, close));
        /** Index in the body where argument i starts (arguments are separated by one comma). */
        const argStart = (i: number) => k + 4 + args.slice(0, i).reduce((n, a) => n + a.length + 1, 0);
        const job = (arg: Tok[] | undefined) => (arg ? this.classOfExpr(arg, m) : undefined);
        const runs = (c: ApexClassModel | undefined, keys: string[], via: string) => {
          if (!c) return;
          const targets = keys.flatMap((key) => this.methodsOf(c, key));
          if (targets.length) out.push({ kind: 'call', k, line: x.line, targets, args: [], via });
        };
        if (x.t === 'database' && n2 === 'executebatch') runs(job(args[0]), BATCH, 'Database.executeBatch');
        else if (x.t === 'system' && n2 === 'enqueuejob')
          runs(job(args[0]), ['execute'], 'System.enqueueJob');
        else if (x.t === 'system' && n2 === 'schedule') {
          out.push({ kind: 'schedule', k, line: x.line, nameStart: argStart(0), nameArg: args[0] ?? [] });
          runs(job(args[2]), ['execute'], 'System.schedule');
        } else if (x.t === 'system' && n2 === 'schedulebatch') {
          out.push({ kind: 'schedule', k, line: x.line, nameStart: argStart(1), nameArg: args[1] ?? [] });
          runs(job(args[0]), BATCH, 'System.scheduleBatch');
        } else if (x.t === 'database' && n2 && DATABASE_DML.has(n2)) {
          this.dml(out, k, x.line, m, k + 4, k + 4 + (args[0]?.length ?? 0));
        }
      }

      // DML statements fire the triggers on their object.
      if (DML.has(x.t) && isStatementStart(body, k) && n1 !== '(' && n1 !== '.' && n1 !== '=') {
        let j = k + 1;
        if (n1 === 'as' && (n2 === 'user' || n2 === 'system')) j += 2;
        let semi = j;
        while (semi < body.length && body[semi]!.t !== ';') semi++;
        this.dml(out, k, x.line, m, j, semi);
      }

      // Calls into the project's classes.
      if (x.t === 'new' && isIdent(body[k + 1])) {
        let j = k + 1;
        let name = body[j]!.raw;
        while (body[j + 1]?.t === '.' && isIdent(body[j + 2])) {
          j += 2;
          name += `.${body[j]!.raw}`;
        }
        if (body[j + 1]?.t === '(') {
          const c = this.classNamed(name, cls);
          const close = matching(body, j + 1, '(', ')');
          if (c) {
            const ctors = byArity(this.constructorsOf(c), splitTop(body.slice(j + 2, close)).length);
            if (ctors.length)
              out.push({
                kind: 'call',
                k,
                line: x.line,
                targets: ctors,
                args: splitTop(body.slice(j + 2, close))
              });
          }
        }
        continue;
      }
      if (isIdent(x) && n1 === '(' && !NOT_A_CALL.has(x.t) && body[k - 1]?.t !== 'new') {
        const close = matching(body, k + 1, '(', ')');
        const args = splitTop(body.slice(k + 2, close));
        const targets = byArity(this.callTargets(body, k, m, cls), args.length);
        if (targets.length) out.push({ kind: 'call', k, line: x.line, targets, args });
      }
    }
    return out;
  }

  private dml(
    out: ApexEvent[],
    k: number,
    line: number,
    m: ApexMethodModel,
    start: number,
    end: number
  ): void {
    const object = this.sobjectAt(m, start, end);
    if (!object) return;
    const targets = this.triggersOn(object).map((t) => t.method);
    if (targets.length) out.push({ kind: 'call', k, line, targets, args: [], via: `DML on ${object}` });
  }

  /**
   * The sObject a DML expression body[start, end) targets: `new T(...)`, `new List<T>{...}`, a variable's
   * declared type, or the declared return type of the project method it calls.
   */
  sobjectAt(m: ApexMethodModel, start: number, end: number): string | undefined {
    const expr = m.body.slice(start, end);
    const first = expr[0];
    if (!first) return undefined;
    if (first.t === 'new' && expr[1]) {
      if ((expr[1].t === 'list' || expr[1].t === 'set') && expr[2]?.t === '<') return expr[3]?.raw;
      return expr[1].raw;
    }
    if (isIdent(first) && expr.length === 1) {
      const type = this.typeOfName(first.t, m);
      return type ? elementType(type) : undefined;
    }
    if (expr[expr.length - 1]?.t === ')') {
      const open = matchBack(m.body, end - 1);
      if (open > start && isIdent(m.body[open - 1]) && m.body[open - 2]?.t !== 'new') {
        const returns = this.targetsOfCall(m, open - 1).find((t) => t.returns)?.returns;
        return returns ? elementType(returns) : undefined;
      }
    }
    return undefined;
  }

  /** The project class an expression evaluates to: `new T(...)`, or a name with a declared type. */
  classOfExpr(expr: Tok[], m: ApexMethodModel): ApexClassModel | undefined {
    const cls = this.classOfMethod(m);
    if (expr[0]?.t === 'new' && isIdent(expr[1])) {
      let name = expr[1].raw;
      for (let j = 1; expr[j + 1]?.t === '.' && isIdent(expr[j + 2]); j += 2) name += `.${expr[j + 2]!.raw}`;
      return this.classNamed(name, cls);
    }
    if (expr.length === 1 && isIdent(expr[0])) {
      const type = this.typeOfName(expr[0].t, m);
      return type ? this.classNamed(type, cls) : undefined;
    }
    return undefined;
  }

  /** Targets of the call whose name is at index `k` of a method's body. */
  targetsOfCall(m: ApexMethodModel, k: number): ApexMethodModel[] {
    return this.callTargets(m.body, k, m, this.classOfMethod(m));
  }

  /** Targets of the call whose name is at `k` (followed by `(`). */
  private callTargets(
    body: Tok[],
    k: number,
    m: ApexMethodModel,
    cls: ApexClassModel | undefined
  ): ApexMethodModel[] {
    const key = body[k]!.t;
    if (body[k - 1]?.t !== '.') {
      // unqualified: this class (and its bases), then the outer classes
      for (let c = cls; c; c = c.outer ? this.program.classes.get(c.outer.toLowerCase()) : undefined) {
        const ms = this.methodsOf(c, key);
        if (ms.length) return ms;
      }
      return [];
    }
    const receiver = this.receiverClass(body, k - 2, m, cls);
    return receiver ? this.methodsOf(receiver, key) : [];
  }

  /** The class of the receiver ending at index `end` (the token before the `.`). */
  private receiverClass(
    body: Tok[],
    end: number,
    m: ApexMethodModel,
    cls: ApexClassModel | undefined
  ): ApexClassModel | undefined {
    const last = body[end];
    if (!last) return undefined;
    if (last.t === ')') {
      // `new T(...).m()` or `a.b(...).m()`: the constructed class, or the called method's return type.
      let open = -1;
      for (let depth = 0, j = end; j >= 0; j--) {
        if (body[j]!.t === ')') depth++;
        else if (body[j]!.t === '(' && --depth === 0) {
          open = j;
          break;
        }
      }
      if (open < 1 || !isIdent(body[open - 1])) return undefined;
      let start = open - 1;
      while (body[start - 1]?.t === '.' && isIdent(body[start - 2])) start -= 2;
      if (body[start - 1]?.t === 'new')
        return this.classNamed(
          body
            .slice(start, open)
            .map((y) => y.raw)
            .join(''),
          cls
        );
      const returns = this.callTargets(body, open - 1, m, cls).find((t) => t.returns)?.returns;
      return returns
        ? this.classNamed(returns, this.classOfMethod(this.callTargets(body, open - 1, m, cls)[0]!))
        : undefined;
    }
    if (!isIdent(last)) return undefined;
    const chain: string[] = [last.t];
    let j = end;
    while (body[j - 1]?.t === '.' && isIdent(body[j - 2])) {
      j -= 2;
      chain.unshift(body[j]!.t);
    }
    if (body[j - 1]?.t === '.' || body[j - 1]?.t === ']') return undefined; // part of a longer expression
    if (chain[0] === 'this' && chain.length === 1) return cls;
    if (chain[0] === 'super' && chain.length === 1)
      return cls?.extends ? this.classNamed(cls.extends, cls) : undefined;
    // a variable, then its fields
    const varType = chain[0] === 'this' ? undefined : this.typeOfName(chain[0]!, m);
    if (varType) return this.fieldChain(this.classNamed(varType, cls), chain.slice(1));
    // a class (qualified), then static fields
    for (let n = chain.length; n >= 1; n--) {
      const c = this.classNamed(chain.slice(0, n).join('.'), cls);
      if (c) return this.fieldChain(c, chain.slice(n));
    }
    return undefined;
  }

  private fieldChain(c: ApexClassModel | undefined, names: string[]): ApexClassModel | undefined {
    for (const n of names) {
      const f = c?.fields.get(n);
      if (!f || !c) return undefined;
      c = this.classNamed(f.type, c);
    }
    return c;
  }
}

/** The overloads taking as many arguments as the call passes (all of them when none does). */
function byArity(targets: ApexMethodModel[], count: number): ApexMethodModel[] {
  const same = targets.filter((t) => t.params.length === count);
  return same.length ? same : targets;
}

const site = (k: number, line: number, what: string, customFields: boolean): ApexEvent => ({
  kind: 'site',
  k,
  line,
  what,
  customFields
});

const CUSTOM = /__(c|r)$/i;

/** Whether the inline query around index k names a custom field (select list, WHERE, subqueries). */
function inlineQueryCustom(body: Tok[], k: number): boolean {
  let open = -1;
  for (let j = k; j >= 0; j--) {
    if (body[j]!.t === '[' && body[j + 1]?.t === 'select') {
      open = j;
      break;
    }
    if (body[j]!.t === ';' || body[j]!.t === '{') break;
  }
  if (open < 0) return true; // not an inline query the rule can read: assume it does
  const q = soqlFromTokens(body.slice(open + 1, matching(body, open, '[', ']')));
  const fields = [...q.fields, ...(q.whereFields ?? []), ...(q.subqueries ?? []).flatMap((sq) => sq.fields)];
  return fields.some((f) => f.split('.').some((part) => CUSTOM.test(part)));
}

/**
 * Whether the describe chain before the `.` at k names a custom object or field. A static chain
 * (`Schema.SObjectType.Contact.fields.Email`, `Contact.SObjectType.getDescribe()`) of standard names does
 * not; a variable or a dynamic lookup (`field.getDescribe()`) cannot be told, so it counts.
 */
function describeCustom(body: Tok[], k: number): boolean {
  const names: string[] = [];
  let j = k - 1;
  for (;;) {
    const y = body[j];
    if (!y) break;
    if (y.t === ')') {
      const open = matchBack(body, j);
      if (open < 0 || open !== j - 1) return true; // a call with arguments: dynamic
      j = open - 1;
      continue;
    }
    if (!isIdent(y)) break;
    names.unshift(y.t);
    if (body[j - 1]?.t !== '.') break;
    j -= 2;
  }
  if (names.some((n) => CUSTOM.test(n))) return true;
  const head = names[0];
  return !(head === 'schema' || names[1] === 'sobjecttype');
}

function matchBack(body: Tok[], close: number): number {
  for (let d = 0, j = close; j >= 0; j--) {
    if (body[j]!.t === ')') d++;
    else if (body[j]!.t === '(' && --d === 0) return j;
  }
  return -1;
}

function isStatementStart(body: Tok[], k: number): boolean {
  const prev = body[k - 1]?.t;
  return (
    prev === undefined || prev === ';' || prev === '{' || prev === '}' || prev === ')' || prev === 'else'
  );
}
