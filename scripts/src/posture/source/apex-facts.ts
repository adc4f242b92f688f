import { ApexTokens, apexKind } from '../../apex/vocabulary';
import type { ApexClassUnit, ApexEntryKind, ApexFact, ApexSiteScope, DmlSite, SoqlSite } from '../model';
import { lexApexSignificant, type LexedToken } from './apex/lex';
import { soqlFromTokens, soslFromTokens } from './apex/soql';
import { checkStructure } from './apex/syntax';
import { isIdent, literalValue, matching, matchingBack, tokensOfText, type Tok } from './apex/tokens';

/**
 * Apex facts from one recognising parse (syntax errors) and a structure pass over its tokens. The
 * pass tracks class and method bodies by their braces, so each fact knows its declaring class
 * (inner classes carry their own sharing: "inner classes do not inherit the sharing setting of
 * their container class", https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_keywords_sharing.htm),
 * whether it is test code, and whether its own statement runs in user mode or strips inaccessible
 * fields. Dynamic SOQL and SOSL are read from their string literals.
 *
 * Platform references:
 * - user mode per query or DML (`WITH USER_MODE` in SOQL and SOSL, `as user`, AccessLevel.USER_MODE):
 *   https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_enforce_usermode.htm
 * - Security.stripInaccessible strips the records passed to it (and its SObjectAccessDecision.getRecords()):
 *   https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_System_Security.htm
 * - `webservice` methods are exposed as SOAP operations:
 *   https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_web_services_methods_considerations.htm
 */

const DML_OPS = new Set(['insert', 'update', 'upsert', 'delete', 'undelete', 'merge']);
const DATABASE_DML = new Set([
  'insert',
  'update',
  'upsert',
  'delete',
  'undelete',
  'merge',
  'insertimmediate',
  'updateimmediate',
  'deleteimmediate',
  'insertasync',
  'updateasync',
  'deleteasync'
]);
const DATABASE_QUERY = new Set([
  'query',
  'querywithbinds',
  'getquerylocator',
  'getquerylocatorwithbinds',
  'countquery',
  'countquerywithbinds'
]);
/** Method annotations that expose a method to callers outside Apex. */
const ENTRY_ANNOTATIONS: Record<string, ApexEntryKind> = {
  auraenabled: 'AuraEnabled',
  httpget: 'HttpMethod',
  httppost: 'HttpMethod',
  httpput: 'HttpMethod',
  httppatch: 'HttpMethod',
  httpdelete: 'HttpMethod',
  invocablemethod: 'InvocableMethod',
  remoteaction: 'RemoteAction'
};
const CLASS_KEYWORDS = new Set(['class', 'interface', 'enum']);
/** A comment carrying this marker, with a reason, justifies a system-mode query or DML on the next line. */
export const SYSTEM_MODE_MARKER = /phi-guard:\s*system-mode\s+\S.{8,}/i;
/** A comment carrying this marker, with a reason, justifies the `without sharing` class declared next. */
export const WITHOUT_SHARING_MARKER = /phi-guard:\s*without-sharing\s+\S.{8,}/i;

interface Annotation {
  name: string;
  line: number;
}

interface ClassScope {
  unit: ApexClassUnit;
  bodyDepth: number;
}

interface MethodScope {
  test: boolean;
  bodyDepth: number;
  /** Variables passed to Security.stripInaccessible in this method. */
  strippedArgs: Set<string>;
  /** Variables assigned from a Security.stripInaccessible(...) expression. */
  strippedResults: Set<string>;
  /** SOQL sites assigned to a variable, judged when the method ends. */
  assigned: { site: SoqlSite; variable: string }[];
  strings: Map<string, string>;
}

/**
 * Facts of one Apex file from one lexer pass: no parse tree is built, and the parser does not run
 * (it costs about fifty times the lexer). Syntax errors come from the lexer and from structure
 * checks on the tokens (apex/syntax.ts); the full grammar is checked by `phi-guard apex-validate`.
 */
export function apexFacts(file: string, relFile: string, source: string): ApexFact {
  const kind = apexKind(file);
  const { errors, tokens } = lexApexSignificant(source);
  return factsFromTokens(file, relFile, kind, tokens, errors[0]);
}

/** Significant tokens (default channel) and the lines a system-mode marker comment justifies. */
function significant(all: LexedToken[]): {
  sig: Tok[];
  justified: Set<number>;
  sharingJustified: Set<number>;
} {
  const justified = new Set<number>();
  const sharingJustified = new Set<number>();
  const sig: Tok[] = [];
  let pending = false;
  let pendingSharing = false;
  for (const tk of all) {
    const type = tk.type;
    if (type === ApexTokens.EOF) continue;
    if (type === ApexTokens.COMMENT || type === ApexTokens.LINE_COMMENT) {
      const text = tk.text;
      if (SYSTEM_MODE_MARKER.test(text)) {
        pending = true;
        justified.add(tk.line);
      }
      if (WITHOUT_SHARING_MARKER.test(text)) pendingSharing = true;
      continue;
    }
    if (tk.channel !== 0) continue;
    if (pending) {
      justified.add(tk.line);
      pending = false;
    }
    if (pendingSharing) {
      sharingJustified.add(tk.line);
      pendingSharing = false;
    }
    // A token of the direct scanner (apex/fast-lex.ts) is already a Tok; one of ApexLexer becomes one.
    if ((tk as Partial<Tok>).raw !== undefined) {
      sig.push(tk as unknown as Tok);
      continue;
    }
    const raw = tk.text;
    sig.push({ t: raw.toLowerCase(), raw, line: tk.line, col: tk.column + 1, type });
  }
  return { sig, justified, sharingJustified };
}

const isString = (x: Tok | undefined) =>
  !!x && (x.type === ApexTokens.StringLiteral || x.type === ApexTokens.MultilineStringLiteral);

/** Annotations (`@Name` or `@Name(...)`) in a member header, and the header without them. */
function splitHeader(header: Tok[]): { annotations: Annotation[]; rest: Tok[] } {
  const annotations: Annotation[] = [];
  const rest: Tok[] = [];
  for (let i = 0; i < header.length; i++) {
    const x = header[i]!;
    if (x.t === '@' && header[i + 1]) {
      annotations.push({ name: header[i + 1]!.t, line: header[i + 1]!.line });
      i++;
      if (header[i + 1]?.t === '(') i = matching(header, i + 1, '(', ')');
      continue;
    }
    rest.push(x);
  }
  return { annotations, rest };
}

export function factsFromTokens(
  file: string,
  relFile: string,
  kind: 'class' | 'trigger',
  tokens: LexedToken[],
  parseError?: { line: number; column: number; message: string }
): ApexFact {
  const { sig, justified: justifiedLines, sharingJustified } = significant(tokens);
  const name = file.replace(/^.*[\\/]/, '').replace(/\.(cls|trigger)$/, '');
  const fact: ApexFact = {
    name,
    kind,
    file: relFile,
    sharing: 'omitted',
    sharingLine: 1,
    isTest: false,
    soql: [],
    dml: [],
    debug: [],
    entryPoints: [],
    stripInaccessible: false,
    classes: [],
    identifiers: new Set(),
    variables: new Map(),
    addsErrors: false
  };
  const syntaxError = parseError ?? checkStructure(sig, kind);
  if (syntaxError) fact.parseError = syntaxError;
  const justified = (line: number) => justifiedLines.has(line);

  if (kind === 'trigger') {
    const on = sig.findIndex((x) => x.t === 'on');
    if (on > 0) fact.triggerObject = sig[on + 1]?.raw;
    const open = sig.findIndex((x) => x.t === '(');
    const close = sig.findIndex((x) => x.t === ')');
    if (open > 0 && close > open) {
      fact.triggerEvents = [];
      for (let k = open + 1; k < close; k += 3) {
        if (sig[k] && sig[k + 1]) fact.triggerEvents.push(`${sig[k]!.t} ${sig[k + 1]!.t}`);
      }
    }
  }

  const classes: ClassScope[] = [];
  let pendingClass: ApexClassUnit | undefined;
  let method: MethodScope | undefined;
  const classStrings = new Map<string, string>();
  let depth = 0;
  let memberStart = 0;
  let stripUntil = -1;
  const top = () => classes[classes.length - 1];
  const scope = (): ApexSiteScope => {
    const c = top()?.unit;
    const out: ApexSiteScope = {};
    if (c) out.cls = c.name;
    if (c?.isTest || method?.test) out.test = true;
    return out;
  };
  const atMemberLevel = () => !method && !!top() && depth === top()!.bodyDepth;

  const endMethod = (m: MethodScope) => {
    for (const { site, variable } of m.assigned) if (m.strippedArgs.has(variable)) site.stripped = true;
  };

  for (let k = 0; k < sig.length; k++) {
    const x = sig[k]!;
    // Braces: class bodies, method bodies, member boundaries.
    if (x.t === '{') {
      if (pendingClass) {
        classes.push({ unit: pendingClass, bodyDepth: depth + 1 });
        pendingClass = undefined;
        memberStart = k + 1;
      } else if (atMemberLevel()) {
        const { annotations, rest } = splitHeader(sig.slice(memberStart, k));
        const paren = rest.findIndex((y) => y.t === '(');
        if (paren > 0 && !rest.some((y) => y.t === '=')) openMethod(rest, paren, annotations, depth + 1);
      }
      depth++;
      continue;
    }
    if (x.t === '}') {
      depth--;
      if (method && depth < method.bodyDepth) {
        endMethod(method);
        method = undefined;
      }
      if (top() && depth < top()!.bodyDepth) classes.pop();
      if (atMemberLevel()) memberStart = k + 1;
      continue;
    }
    if (x.t === ';' && atMemberLevel()) {
      memberStart = k + 1;
      continue;
    }
    if (CLASS_KEYWORDS.has(x.t) && sig[k - 1]?.t !== '.' && isIdent(sig[k + 1]) && !method) {
      pendingClass = openClass(k);
      continue;
    }

    if (isIdent(x)) {
      fact.identifiers.add(x.t);
      top()?.unit.identifiers.add(x.t);
    }
    // Inline SOQL / SOSL (the lexer reads `[FIND 'term'` as one token)
    const sosl = x.t.startsWith('[find');
    if ((x.t === '[' && sig[k + 1]?.t === 'select') || sosl) {
      const end = sosl ? closingBracket(sig, k + 1) : matching(sig, k, '[', ']');
      const body = sig.slice(k + 1, end);
      const found = sosl ? soslFromTokens(body) : [soqlFromTokens(body)];
      for (const s of found) {
        const site = addQuery(s, x.line, k);
        if (sig[k - 1]?.t === '=' && isIdent(sig[k - 2]) && method)
          method.assigned.push({ site, variable: sig[k - 2]!.t });
      }
      k = end;
      continue;
    }
    // Database.query(...) and the Database DML methods; Search.query(...)
    if (
      (x.t === 'database' || x.t === 'search') &&
      sig[k - 1]?.t !== '.' &&
      sig[k + 1]?.t === '.' &&
      sig[k + 3]?.t === '('
    ) {
      const m = sig[k + 2]!.t;
      const end = matching(sig, k + 3, '(', ')');
      const args = sig.slice(k + 4, end);
      const userMode = hasUserMode(args);
      if ((x.t === 'database' && DATABASE_QUERY.has(m)) || (x.t === 'search' && m === 'query')) {
        const text = queryText(firstArg(args));
        const parsed = text ? queryFromText(text, x.line) : [];
        if (parsed.length === 0) parsed.push({ objects: [], fields: [], enforced: false });
        for (const s of parsed) {
          const site = addQuery({ ...s, enforced: s.enforced || userMode, dynamic: true }, x.line, k);
          if (sig[k - 1]?.t === '=' && isIdent(sig[k - 2]) && method)
            method.assigned.push({ site, variable: sig[k - 2]!.t });
        }
      } else if (x.t === 'database' && DATABASE_DML.has(m)) {
        fact.dml.push({
          line: x.line,
          op: `Database.${sig[k + 2]!.raw}`,
          sobject: targetType(args, fact.variables),
          userMode,
          systemModeJustified: justified(x.line),
          ...scope(),
          ...(isStripped(args) ? { stripped: true } : {})
        });
      }
    }
    // DML statements: insert [as user|as system] expr;
    if (
      DML_OPS.has(x.t) &&
      isStatementStart(sig, k) &&
      sig[k + 1] &&
      sig[k + 1]!.t !== '(' &&
      sig[k + 1]!.t !== '.' &&
      sig[k + 1]!.t !== '='
    ) {
      let j = k + 1;
      let userMode = false;
      if (sig[j]?.t === 'as' && (sig[j + 1]?.t === 'user' || sig[j + 1]?.t === 'system')) {
        userMode = sig[j + 1]!.t === 'user';
        j += 2;
      }
      const semi = indexFrom(sig, j, ';');
      const expr = sig.slice(j, semi < 0 ? sig.length : semi);
      const site: DmlSite = {
        line: x.line,
        op: x.t,
        sobject: targetType(expr, fact.variables),
        userMode,
        systemModeJustified: justified(x.line),
        ...scope()
      };
      if (isStripped(expr)) site.stripped = true;
      fact.dml.push(site);
    }
    // System.debug(...)
    if (x.t === 'system' && sig[k + 1]?.t === '.' && sig[k + 2]?.t === 'debug' && sig[k + 3]?.t === '(') {
      const end = matching(sig, k + 3, '(', ')');
      fact.debug.push({
        line: x.line,
        args: sig
          .slice(k + 4, end)
          .map((y) => (isString(y) ? "''" : y.raw))
          .join(''),
        ...scope()
      });
    }
    // Security.stripInaccessible(accessType, records): the records in its arguments are stripped,
    // and so is the variable its result is assigned to.
    if (x.t === 'security' && sig[k + 1]?.t === '.' && sig[k + 2]?.t === 'stripinaccessible') {
      fact.stripInaccessible = true;
      if (sig[k + 3]?.t === '(') {
        const end = matching(sig, k + 3, '(', ')');
        stripUntil = Math.max(stripUntil, end);
        if (method) {
          for (const y of sig.slice(k + 4, end)) if (isIdent(y)) method.strippedArgs.add(y.t);
          const target = assignedVariable(sig, k);
          if (target) method.strippedResults.add(target);
        }
      }
    }
    if (x.t === 'adderror' && sig[k - 1]?.t === '.') fact.addsErrors = true;
    // String variables holding query text: q = 'SELECT ..' + ..; q += ' WHERE ..';
    if ((x.t === '=' || x.t === '+=') && isIdent(sig[k - 1])) {
      const semi = indexFrom(sig, k + 1, ';');
      const expr = sig.slice(k + 1, semi < 0 ? sig.length : semi);
      if (expr.some(isString)) {
        const strings = method?.strings ?? classStrings;
        const v = sig[k - 1]!.t;
        const value = concatText(expr);
        strings.set(v, x.t === '+=' ? `${strings.get(v) ?? lookupString(v) ?? ' ? '}${value}` : value);
      }
    }
    // Variable declarations: Type name [=;,):] and List<Type> name, Type[] name, Map<K, V> name
    if (isIdent(x) && isIdent(sig[k + 1]) && /^[=;,):]$/.test(sig[k + 2]?.t ?? '') && !KEYWORDS.has(x.t)) {
      fact.variables.set(sig[k + 1]!.t, x.raw);
    } else if (x.t === '>' && isIdent(sig[k + 1]) && /^[=;,):]$/.test(sig[k + 2]?.t ?? '')) {
      const open = matchingBack(sig, k, '<', '>');
      if (open < 0) continue;
      const inner = sig.slice(open + 1, k).filter((y) => isIdent(y) && !KEYWORDS.has(y.t));
      const last = inner[inner.length - 1];
      if (last) fact.variables.set(sig[k + 1]!.t, last.raw);
    } else if (x.t === ']' && sig[k - 1]?.t === '[' && isIdent(sig[k - 2]) && isIdent(sig[k + 1])) {
      fact.variables.set(sig[k + 1]!.t, sig[k - 2]!.raw);
    }
  }
  if (method) endMethod(method);

  const outer = fact.classes![0];
  if (outer) {
    fact.sharing = outer.sharing;
    fact.sharingLine = outer.sharingLine;
    fact.isTest = outer.isTest;
    if (outer.extends) fact.extends = outer.extends;
  }
  fact.entryPoints = fact.classes!.flatMap((c) => c.entryPoints);
  return fact;

  function addQuery(s: Omit<SoqlSite, 'line' | 'systemModeJustified'>, line: number, k: number): SoqlSite {
    const site: SoqlSite = { line, ...s, systemModeJustified: justified(line), ...scope() };
    if (k < stripUntil) site.stripped = true;
    fact.soql.push(site);
    for (const o of site.objects) fact.identifiers.add(o.toLowerCase());
    return site;
  }

  function isStripped(expr: Tok[]): boolean {
    if (expr.some((y) => y.t === 'stripinaccessible')) return true;
    const first = expr.find(isIdent);
    return !!first && !!method?.strippedResults.has(first.t);
  }

  function lookupString(v: string): string | undefined {
    return method?.strings.get(v) ?? classStrings.get(v);
  }

  /** Literal text of a query argument: literals, and string variables assigned in this file. */
  function queryText(arg: Tok[]): string | undefined {
    if (arg.length === 1 && isIdent(arg[0])) return lookupString(arg[0].t);
    return arg.some(isString) ? concatText(arg) : undefined;
  }

  /** `'SELECT ' + fields + ' FROM Patient__c'`: literals joined; anything else becomes `?`. */
  function concatText(expr: Tok[]): string {
    let out = '';
    let gap = false;
    for (const y of expr) {
      if (isString(y)) {
        if (gap) out += ' ? ';
        gap = false;
        out += literalValue(y.raw);
      } else if (y.t === '+') {
        continue;
      } else if (isIdent(y) && lookupString(y.t) !== undefined && !gap) {
        out += lookupString(y.t);
      } else {
        gap = true;
      }
    }
    return gap ? `${out} ? ` : out;
  }

  function openClass(k: number): ApexClassUnit {
    const header = sig.slice(top() ? memberStart : 0, k);
    const { annotations, rest } = splitHeader(header);
    const parent = top()?.unit;
    const simple = sig[k + 1]!.raw;
    const unit: ApexClassUnit = {
      name: parent ? `${parent.name}.${simple}` : simple,
      line: sig[k]!.line,
      sharing: 'omitted',
      sharingLine: sig[k]!.line,
      isTest: !!parent?.isTest || annotations.some((a) => a.name === 'istest'),
      entryPoints: [],
      testMethods: [],
      identifiers: new Set()
    };
    if (parent) unit.outer = parent.name;
    for (let i = 0; i + 1 < rest.length; i++) {
      const m = rest[i]!.t;
      if (rest[i + 1]!.t === 'sharing' && (m === 'with' || m === 'without' || m === 'inherited')) {
        unit.sharing = m;
        unit.sharingLine = rest[i]!.line;
      }
    }
    // `// phi-guard: without-sharing <reason>` directly before the declaration (or its annotations).
    if (unit.sharing === 'without' && sharingJustified.has((header[0] ?? sig[k]!).line))
      unit.sharingJustified = true;
    const rr = annotations.find((a) => a.name === 'restresource');
    if (rr && !unit.isTest) unit.entryPoints.push({ line: rr.line, kind: 'RestResource' });
    const brace = indexFrom(sig, k + 1, '{');
    const ext = indexFrom(sig, k + 1, 'extends', brace);
    if (ext > k && (brace < 0 || ext < brace)) unit.extends = sig[ext + 1]?.raw;
    // Interfaces and enums scope their members but have no sharing of their own to judge.
    if (sig[k]!.t === 'class') fact.classes!.push(unit);
    return unit;
  }

  function openMethod(rest: Tok[], paren: number, annotations: Annotation[], bodyDepth: number) {
    const unit = top()!.unit;
    const methodName = rest[paren - 1]!.raw;
    const test =
      unit.isTest ||
      annotations.some((a) => a.name === 'istest') ||
      rest.slice(0, paren).some((y) => y.t === 'testmethod');
    if (test && (annotations.some((a) => a.name === 'istest') || rest.some((y) => y.t === 'testmethod')))
      unit.testMethods.push(methodName);
    if (!test) {
      for (const a of annotations) {
        const entry = ENTRY_ANNOTATIONS[a.name];
        if (entry) unit.entryPoints.push({ line: a.line, kind: entry, method: methodName });
      }
      const ws = rest.slice(0, paren).find((y) => y.t === 'webservice');
      if (ws) unit.entryPoints.push({ line: ws.line, kind: 'WebService', method: methodName });
    }
    method = {
      test,
      bodyDepth,
      strippedArgs: new Set(),
      strippedResults: new Set(),
      assigned: [],
      strings: new Map()
    };
  }
}

/** Dynamic query text: SOQL or SOSL, read with the same clause readers as inline queries. */
function queryFromText(text: string, line: number) {
  const toks = tokensOfText(text, line);
  const first = toks.find((y) => y.t === 'select' || y.t === 'find');
  if (!first) return [];
  return first.t === 'select' ? [soqlFromTokens(toks)] : soslFromTokens(toks);
}

/** First index at or after `from` (and before `end`) of a token with text t; -1 when none. */
function indexFrom(sig: Tok[], from: number, t: string, end = sig.length): number {
  for (let j = from; j < (end < 0 ? sig.length : end); j++) if (sig[j]!.t === t) return j;
  return -1;
}

/** The `]` closing an inline SOSL query whose opening bracket was part of the `[FIND ..` token. */
function closingBracket(sig: Tok[], from: number): number {
  let depth = 1;
  for (let j = from; j < sig.length; j++) {
    if (sig[j]!.t === '[') depth++;
    else if (sig[j]!.t === ']' && --depth === 0) return j;
  }
  return sig.length;
}

/** Tokens of the first argument (up to a top-level comma). */
function firstArg(args: Tok[]): Tok[] {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.t;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    else if (t === ',' && depth === 0) return args.slice(0, i);
  }
  return args;
}

/** `v = ... Security.stripInaccessible(...)`: the variable assigned in the statement holding k. */
function assignedVariable(sig: Tok[], k: number): string | undefined {
  for (let j = k - 1; j > 0; j--) {
    const t = sig[j]!.t;
    if (t === ';' || t === '{' || t === '}') return undefined;
    if (t === '=' && isIdent(sig[j - 1])) return sig[j - 1]!.t;
  }
  return undefined;
}

const KEYWORDS = new Set([
  'return',
  'new',
  'else',
  'throw',
  'final',
  'static',
  'public',
  'private',
  'protected',
  'global',
  'override',
  'virtual',
  'abstract',
  'transient',
  'void',
  'list',
  'set',
  'map',
  'in',
  'instanceof',
  'insert',
  'update',
  'upsert',
  'delete',
  'undelete',
  'merge',
  'where',
  'from',
  'select',
  'and',
  'or',
  'not',
  'as',
  'case',
  'when'
]);

function isStatementStart(sig: Tok[], k: number): boolean {
  const prev = sig[k - 1]?.t;
  return (
    prev === undefined || prev === ';' || prev === '{' || prev === '}' || prev === ')' || prev === 'else'
  );
}

function hasUserMode(args: Tok[]): boolean {
  for (let j = 0; j + 2 < args.length; j++) {
    if (args[j]!.t === 'accesslevel' && args[j + 1]!.t === '.' && args[j + 2]!.t === 'user_mode') return true;
  }
  return false;
}

/** The sObject type a DML expression targets: `new Type(`, or a variable with a declared type. */
function targetType(expr: Tok[], variables: Map<string, string>): string | undefined {
  const first = expr[0];
  if (!first) return undefined;
  if (first.t === 'new' && expr[1]) {
    if ((expr[1].t === 'list' || expr[1].t === 'set') && expr[2]?.t === '<') return expr[3]?.raw;
    return expr[1].raw;
  }
  return variables.get(first.t);
}
