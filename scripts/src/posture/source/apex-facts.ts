import { ApexLexer, type ApexToken } from '@apexdevtools/apex-parser';
import { apexKind, parseApex } from '../../apex/parse';
import type { ApexFact, DmlSite, SoqlSite } from '../model';

/**
 * Apex facts from one parse: the SLL parse finds syntax errors, and its token stream answers every
 * question the checks ask (sharing mode, SOQL and DML sites with their access mode, debug
 * statements, entry points), which is far cheaper than walking the parse tree.
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
  'deleteimmediate'
]);
const ENTRY_ANNOTATIONS: Record<string, ApexFact['entryPoints'][number]['kind']> = {
  auraenabled: 'AuraEnabled',
  restresource: 'RestResource',
  httpget: 'HttpMethod',
  httppost: 'HttpMethod',
  httpput: 'HttpMethod',
  httppatch: 'HttpMethod',
  httpdelete: 'HttpMethod',
  invocablemethod: 'InvocableMethod',
  remoteaction: 'RemoteAction'
};
/** A comment carrying this marker, with a reason, justifies a system-mode query or DML on the next line. */
export const SYSTEM_MODE_MARKER = /phi-guard:\s*system-mode\s+\S.{8,}/i;

interface Tok {
  t: string; // lower-cased text
  raw: string;
  line: number;
  type: number;
}

export function apexFacts(file: string, relFile: string, source: string): ApexFact {
  const kind = apexKind(file);
  const { errors, tokens } = parseApex(source, kind);
  const all = tokens as ApexToken[];
  const justifiedLines = new Set<number>();
  const sig: Tok[] = [];
  // A marker comment justifies the statement that follows it (or shares its line).
  let pending = false;
  for (const tk of all) {
    if (tk.type === ApexLexer.EOF) continue;
    if (tk.type === ApexLexer.COMMENT || tk.type === ApexLexer.LINE_COMMENT) {
      if (SYSTEM_MODE_MARKER.test(tk.text)) {
        pending = true;
        justifiedLines.add(tk.line);
      }
      continue;
    }
    if (tk.channel !== 0) continue;
    if (pending) {
      justifiedLines.add(tk.line);
      pending = false;
    }
    sig.push({ t: tk.text.toLowerCase(), raw: tk.text, line: tk.line, type: tk.type });
  }
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
    identifiers: new Set(),
    variables: new Map(),
    addsErrors: false
  };
  if (errors.length) fact.parseError = errors[0];
  const justified = (line: number) => justifiedLines.has(line);

  // Class header: modifiers and annotations before the first `class`/`interface`/`enum`.
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
    fact.sharing = 'omitted';
  } else {
    const cls = sig.findIndex((x) => x.t === 'class' || x.t === 'interface' || x.t === 'enum');
    for (let k = 0; k < Math.max(cls, 0); k++) {
      const x = sig[k]!;
      if (x.t === 'sharing' && k > 0) {
        const m = sig[k - 1]!.t;
        if (m === 'with' || m === 'without' || m === 'inherited') {
          fact.sharing = m;
          fact.sharingLine = sig[k - 1]!.line;
        }
      }
      if (x.t === '@' && sig[k + 1]?.t === 'istest') fact.isTest = true;
    }
    if (cls >= 0) {
      if (fact.sharing === 'omitted') fact.sharingLine = sig[cls]!.line;
      const ext = sig.findIndex((x, k) => k > cls && x.t === 'extends');
      const brace = sig.findIndex((x, k) => k > cls && x.t === '{');
      if (ext > cls && (brace < 0 || ext < brace)) fact.extends = sig[ext + 1]?.raw;
    }
  }

  for (let k = 0; k < sig.length; k++) {
    const x = sig[k]!;
    if (x.type === ApexLexer.Identifier || /^[a-z_]\w*$/.test(x.t)) fact.identifiers.add(x.t);
    // Annotations
    if (x.t === '@' && sig[k + 1]) {
      const ann = ENTRY_ANNOTATIONS[sig[k + 1]!.t];
      if (ann) fact.entryPoints.push({ line: sig[k + 1]!.line, kind: ann });
      if (sig[k + 1]!.t === 'istest') fact.isTest = true;
    }
    // Inline SOQL
    if (x.t === '[' && sig[k + 1]?.t === 'select') {
      const end = matching(sig, k, '[', ']');
      const site = soqlSite(sig.slice(k + 1, end), x.line, justified);
      fact.soql.push(site);
      for (const o of site.objects) fact.identifiers.add(o.toLowerCase());
      k = end;
      continue;
    }
    // Dynamic SOQL: Database.query(...) / queryWithBinds / getQueryLocator
    if (x.t === 'database' && sig[k + 1]?.t === '.' && sig[k + 3]?.t === '(') {
      const m = sig[k + 2]!.t;
      const end = matching(sig, k + 3, '(', ')');
      const args = sig.slice(k + 4, end);
      const userMode = hasUserMode(args);
      if (m === 'query' || m === 'querywithbinds' || m === 'getquerylocator' || m === 'countquery') {
        fact.soql.push({
          line: x.line,
          objects: [],
          fields: [],
          enforced: userMode,
          systemModeJustified: justified(x.line)
        });
      } else if (DATABASE_DML.has(m)) {
        fact.dml.push({
          line: x.line,
          op: `Database.${sig[k + 2]!.raw}`,
          sobject: targetType(args, fact.variables),
          userMode,
          systemModeJustified: justified(x.line)
        });
      }
    }
    // DML statements
    if (
      DML_OPS.has(x.t) &&
      isStatementStart(sig, k) &&
      sig[k + 1] &&
      sig[k + 1]!.t !== '(' &&
      sig[k + 1]!.t !== '.'
    ) {
      let j = k + 1;
      let userMode = false;
      if (sig[j]?.t === 'as' && (sig[j + 1]?.t === 'user' || sig[j + 1]?.t === 'system')) {
        userMode = sig[j + 1]!.t === 'user';
        j += 2;
      }
      const semi = sig.findIndex((y, idx) => idx >= j && y.t === ';');
      const expr = sig.slice(j, semi < 0 ? sig.length : semi);
      const site: DmlSite = {
        line: x.line,
        op: x.t,
        sobject: targetType(expr, fact.variables),
        userMode,
        systemModeJustified: justified(x.line)
      };
      fact.dml.push(site);
    }
    // System.debug(...)
    if (x.t === 'system' && sig[k + 1]?.t === '.' && sig[k + 2]?.t === 'debug' && sig[k + 3]?.t === '(') {
      const end = matching(sig, k + 3, '(', ')');
      fact.debug.push({
        line: x.line,
        args: sig
          .slice(k + 4, end)
          .map((y) => y.raw)
          .join('')
      });
    }
    if (x.t === 'security' && sig[k + 1]?.t === '.' && sig[k + 2]?.t === 'stripinaccessible')
      fact.stripInaccessible = true;
    if (x.t === 'adderror' && sig[k - 1]?.t === '.') fact.addsErrors = true;
    // Variable declarations: Type name [=;,):] and List<Type> name, Type[] name, Map<K, V> name
    if (isIdent(x) && isIdent(sig[k + 1]) && /^[=;,):]$/.test(sig[k + 2]?.t ?? '') && !KEYWORDS.has(x.t)) {
      fact.variables.set(sig[k + 1]!.t, x.raw);
    } else if (x.t === '>' && isIdent(sig[k + 1]) && /^[=;,):]$/.test(sig[k + 2]?.t ?? '')) {
      const open = matchingBack(sig, k, '<', '>');
      const inner = sig.slice(open + 1, k).filter((y) => isIdent(y) && !KEYWORDS.has(y.t));
      const last = inner[inner.length - 1];
      if (last) fact.variables.set(sig[k + 1]!.t, last.raw);
    } else if (x.t === ']' && sig[k - 1]?.t === '[' && isIdent(sig[k - 2]) && isIdent(sig[k + 1])) {
      fact.variables.set(sig[k + 1]!.t, sig[k - 2]!.raw);
    }
  }
  return fact;
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
  'throw',
  'case',
  'when'
]);

const isIdent = (x: Tok | undefined) => !!x && /^[a-z_][\w]*$/.test(x.t);

function isStatementStart(sig: Tok[], k: number): boolean {
  const prev = sig[k - 1]?.t;
  return (
    prev === undefined || prev === ';' || prev === '{' || prev === '}' || prev === ')' || prev === 'else'
  );
}

function matching(sig: Tok[], k: number, open: string, close: string): number {
  let depth = 0;
  for (let j = k; j < sig.length; j++) {
    if (sig[j]!.t === open) depth++;
    else if (sig[j]!.t === close && --depth === 0) return j;
  }
  return sig.length;
}

function matchingBack(sig: Tok[], k: number, open: string, close: string): number {
  let depth = 0;
  for (let j = k; j >= 0; j--) {
    if (sig[j]!.t === close) depth++;
    else if (sig[j]!.t === open && --depth === 0) return j;
  }
  return 0;
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

function soqlSite(q: Tok[], line: number, justified: (l: number) => boolean): SoqlSite {
  const objects: string[] = [];
  const fields: string[] = [];
  const whereFields: string[] = [];
  let depth = 0;
  let inSelect = true;
  let inWhere = false;
  let enforced = false;
  for (let j = 0; j < q.length; j++) {
    const x = q[j]!;
    if (x.t === '(') depth++;
    else if (x.t === ')') depth--;
    if (x.t === 'from' && q[j + 1]) {
      objects.push(q[j + 1]!.raw);
      if (depth === 0) inSelect = false;
    }
    if (x.t === 'select' && depth > 0) inSelect = true;
    if (depth === 0 && x.t === 'where') inWhere = true;
    else if (depth === 0 && ['with', 'order', 'group', 'limit', 'offset', 'for'].includes(x.t))
      inWhere = false;
    if (
      inWhere &&
      depth === 0 &&
      isIdent(x) &&
      q[j - 1]?.t !== ':' &&
      /^(=|!=|<>|<|>|<=|>=|like|in|not|includes|excludes)$/.test(q[j + 1]?.t ?? '')
    ) {
      whereFields.push(x.raw);
    }
    if (x.t === 'with' && (q[j + 1]?.t === 'user_mode' || q[j + 1]?.t === 'security_enforced'))
      enforced = true;
    if (inSelect && depth === 0 && isIdent(x) && x.t !== 'select') {
      // Join dotted paths: Patient__r.Date_of_Birth__c
      let path = x.raw;
      while (q[j + 1]?.t === '.' && q[j + 2] && isIdent(q[j + 2])) {
        path += `.${q[j + 2]!.raw}`;
        j += 2;
      }
      if (
        ![
          'typeof',
          'tolabel',
          'format',
          'convertcurrency',
          'count',
          'fields',
          'all',
          'standard',
          'custom'
        ].includes(x.t)
      ) {
        fields.push(path);
      }
    }
  }
  return { line, objects, fields, whereFields, enforced, systemModeJustified: justified(line) };
}
