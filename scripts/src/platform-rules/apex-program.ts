import type { ApexToken } from '@apexdevtools/apex-parser';
import { ApexLexer, apexKind, lexApex } from '../apex/lex';
import { isIdent, literalValue, matching, type Tok } from '../posture/source/apex/tokens';

/**
 * The project's Apex as a small program model for the platform rules: classes (inner ones too) with
 * their methods, fields and constants, and triggers with their object. Built from the lexer's tokens
 * (no parse tree), so the rules can follow calls from a test method through the project's classes:
 * static and instance calls, constructors, the batch, queueable and schedulable methods the platform
 * runs, and the triggers a DML statement fires.
 */

export interface ApexParam {
  /** Lower-cased name. */
  name: string;
  /** Declared type as written (`List<Contact>`, `PhiRetentionPurge`). */
  type: string;
}

export interface ApexMethodModel {
  /** Declaring class, qualified (`Outer.Inner`) as written. */
  cls: string;
  name: string;
  /** Lower-cased name (constructors: the class's simple name). */
  key: string;
  file: string;
  line: number;
  params: ApexParam[];
  /** Declared return type as written; undefined for constructors. */
  returns?: string;
  /** In a test class, or annotated @IsTest / testMethod. */
  isTest: boolean;
  /** A test method the platform runs (@IsTest or testMethod on the method, or in a test class with @IsTest). */
  isTestMethod: boolean;
  /** Body tokens, between the braces. */
  body: Tok[];
  /** Local variables declared in the body: lower-cased name -> type as written. */
  locals: Map<string, string>;
}

export interface ApexFieldModel {
  name: string;
  type: string;
  line: number;
  /** Initialiser tokens, for constants. */
  init?: Tok[];
}

export interface ApexClassModel {
  /** Qualified name as written (`Outer.Inner`). */
  name: string;
  file: string;
  line: number;
  isTest: boolean;
  extends?: string;
  outer?: string;
  /** Lower-cased method name -> its overloads. */
  methods: Map<string, ApexMethodModel[]>;
  /** Lower-cased field name -> field. */
  fields: Map<string, ApexFieldModel>;
}

export interface TriggerModel {
  name: string;
  file: string;
  line: number;
  /** Lower-cased sObject the trigger is on. */
  object: string;
  /** The trigger body, read as a method of no class. */
  method: ApexMethodModel;
}

export interface ApexProgram {
  /** Lower-cased qualified class name -> class. */
  classes: Map<string, ApexClassModel>;
  triggers: TriggerModel[];
  /** Files the lexer could not read; the rules report them instead of judging a partial program. */
  unreadable: { file: string; line: number; message: string }[];
}

/** Builds the program model from the project's Apex files (project-relative name and text). */
export function apexProgram(files: { file: string; text: string }[]): ApexProgram {
  const program: ApexProgram = { classes: new Map(), triggers: [], unreadable: [] };
  for (const f of files) {
    const { errors, tokens } = lexApex(f.text);
    if (errors[0]) {
      program.unreadable.push({ file: f.file, line: errors[0].line, message: errors[0].message });
      continue;
    }
    const sig = significant(tokens);
    if (apexKind(f.file) === 'trigger') readTrigger(program, f.file, sig);
    else readClasses(program, f.file, sig);
  }
  return program;
}

function significant(all: ApexToken[]): Tok[] {
  const out: Tok[] = [];
  for (const tk of all) {
    if (tk.type === ApexLexer.EOF || tk.channel !== 0) continue;
    out.push({ t: tk.text.toLowerCase(), raw: tk.text, line: tk.line, col: tk.column + 1, type: tk.type });
  }
  return out;
}

export const isStringTok = (x: Tok | undefined): x is Tok =>
  !!x && (x.type === ApexLexer.StringLiteral || x.type === ApexLexer.MultilineStringLiteral);

/** Keywords that look like a type or a call name but are not. */
const NOT_A_TYPE = new Set([
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
  'webservice',
  'testmethod',
  'in',
  'instanceof',
  'insert',
  'update',
  'upsert',
  'delete',
  'undelete',
  'merge',
  'as',
  'case',
  'when',
  'if',
  'for',
  'while',
  'do',
  'switch',
  'catch',
  'try',
  'finally',
  'on',
  'with',
  'without',
  'inherited',
  'sharing',
  'void',
  // SOQL words, so `WHERE Id = :x` is not read as a declaration
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'order',
  'by',
  'limit',
  'group',
  'having',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'offset',
  'like',
  'includes',
  'excludes'
]);

function readTrigger(program: ApexProgram, file: string, sig: Tok[]): void {
  const on = sig.findIndex((x) => x.t === 'on');
  const open = sig.findIndex((x) => x.t === '{');
  if (on < 0 || open < 0 || !sig[on + 1]) return;
  const close = matching(sig, open, '{', '}');
  const name = sig[1]?.raw ?? file;
  const body = sig.slice(open + 1, close);
  program.triggers.push({
    name,
    file,
    line: sig[0]?.line ?? 1,
    object: sig[on + 1]!.t,
    method: {
      cls: name,
      name,
      key: name.toLowerCase(),
      file,
      line: sig[0]?.line ?? 1,
      params: [],
      isTest: false,
      isTestMethod: false,
      body,
      locals: declarations(body)
    }
  });
}

interface OpenClass {
  unit: ApexClassModel;
  bodyDepth: number;
}

function readClasses(program: ApexProgram, file: string, sig: Tok[]): void {
  const stack: OpenClass[] = [];
  let depth = 0;
  let memberStart = 0;
  let pending: ApexClassModel | undefined;
  const top = () => stack[stack.length - 1];
  const atMemberLevel = () => !!top() && depth === top()!.bodyDepth;
  for (let k = 0; k < sig.length; k++) {
    const x = sig[k]!;
    if (x.t === '{') {
      if (pending) {
        stack.push({ unit: pending, bodyDepth: depth + 1 });
        pending = undefined;
        depth++;
        memberStart = k + 1;
        continue;
      }
      if (atMemberLevel()) {
        const end = matching(sig, k, '{', '}');
        member(top()!.unit, sig.slice(memberStart, k), sig.slice(k + 1, end), file);
        k = end;
        memberStart = k + 1;
        continue;
      }
      depth++;
      continue;
    }
    if (x.t === '}') {
      depth--;
      if (top() && depth < top()!.bodyDepth) stack.pop();
      if (atMemberLevel()) memberStart = k + 1;
      continue;
    }
    if (x.t === ';' && atMemberLevel()) {
      field(top()!.unit, sig.slice(memberStart, k));
      memberStart = k + 1;
      continue;
    }
    if (
      (x.t === 'class' || x.t === 'interface' || x.t === 'enum') &&
      sig[k - 1]?.t !== '.' &&
      isIdent(sig[k + 1])
    ) {
      const header = sig.slice(top() ? memberStart : 0, k);
      const parent = top()?.unit;
      const simple = sig[k + 1]!.raw;
      const name = parent ? `${parent.name}.${simple}` : simple;
      const brace = indexOf(sig, k + 1, '{');
      const ext = indexOf(sig, k + 1, 'extends');
      const unit: ApexClassModel = {
        name,
        file,
        line: x.line,
        isTest: !!parent?.isTest || annotations(header).has('istest'),
        methods: new Map(),
        fields: new Map(),
        ...(parent ? { outer: parent.name } : {}),
        ...(ext > k && (brace < 0 || ext < brace) && sig[ext + 1]
          ? { extends: qualifiedAt(sig, ext + 1) }
          : {})
      };
      program.classes.set(name.toLowerCase(), unit);
      pending = unit;
      k = brace < 0 ? k : brace - 1;
      continue;
    }
  }
}

/** The qualified name starting at k (`A.B.C`), as written. */
function qualifiedAt(sig: Tok[], k: number): string {
  let name = sig[k]!.raw;
  while (sig[k + 1]?.t === '.' && isIdent(sig[k + 2])) {
    k += 2;
    name += `.${sig[k]!.raw}`;
  }
  return name;
}

function indexOf(sig: Tok[], from: number, t: string): number {
  for (let j = from; j < sig.length; j++) if (sig[j]!.t === t) return j;
  return -1;
}

/** Annotation names (lower-cased) in a member header. */
function annotations(header: Tok[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < header.length; i++) if (header[i]!.t === '@') out.add(header[i + 1]!.t);
  return out;
}

/** The header without annotations and their arguments. */
function withoutAnnotations(header: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < header.length; i++) {
    if (header[i]!.t === '@' && header[i + 1]) {
      i++;
      if (header[i + 1]?.t === '(') i = matching(header, i + 1, '(', ')');
      continue;
    }
    out.push(header[i]!);
  }
  return out;
}

/** A member with a body: a method or constructor (has a parameter list), else a property or block. */
function member(unit: ApexClassModel, header: Tok[], body: Tok[], file: string): void {
  const notes = annotations(header);
  const rest = withoutAnnotations(header);
  const paren = rest.findIndex((y) => y.t === '(');
  if (paren < 1 || rest.some((y) => y.t === '=')) return;
  const nameTok = rest[paren - 1]!;
  if (!isIdent(nameTok)) return;
  const close = matching(rest, paren, '(', ')');
  const typeToks = rest.slice(0, paren - 1).filter((y) => !MODIFIERS.has(y.t));
  const simple = unit.name.split('.').pop()!.toLowerCase();
  const isCtor = nameTok.t === simple && typeToks.length === 0;
  const annotatedTest = notes.has('istest') || rest.slice(0, paren).some((y) => y.t === 'testmethod');
  const m: ApexMethodModel = {
    cls: unit.name,
    name: nameTok.raw,
    key: nameTok.t,
    file,
    line: nameTok.line,
    params: params(rest.slice(paren + 1, close)),
    ...(isCtor ? {} : { returns: typeToks.map((y) => y.raw).join('') }),
    isTest: unit.isTest || annotatedTest,
    isTestMethod: annotatedTest,
    body,
    locals: declarations(body)
  };
  unit.methods.set(m.key, [...(unit.methods.get(m.key) ?? []), m]);
}

const MODIFIERS = new Set([
  'public',
  'private',
  'protected',
  'global',
  'static',
  'final',
  'override',
  'virtual',
  'abstract',
  'transient',
  'webservice',
  'testmethod'
]);

/** A member ending in `;`: a field (with its initialiser, for constants). */
function field(unit: ApexClassModel, header: Tok[]): void {
  const rest = withoutAnnotations(header).filter((y) => !MODIFIERS.has(y.t));
  const eq = rest.findIndex((y) => y.t === '=');
  const decl = eq < 0 ? rest : rest.slice(0, eq);
  const nameTok = decl[decl.length - 1];
  if (!isIdent(nameTok) || decl.length < 2 || rest.some((y) => y.t === '(' && eq < 0)) return;
  unit.fields.set(nameTok.t, {
    name: nameTok.raw,
    type: decl
      .slice(0, -1)
      .map((y) => y.raw)
      .join(''),
    line: nameTok.line,
    ...(eq >= 0 ? { init: rest.slice(eq + 1) } : {})
  });
}

/** Parameters `Type name, List<T> other` -> names and types. */
function params(toks: Tok[]): ApexParam[] {
  return splitTop(toks)
    .map((p) => p.filter((y) => y.t !== 'final'))
    .filter((p) => p.length >= 2 && isIdent(p[p.length - 1]))
    .map((p) => ({
      name: p[p.length - 1]!.t,
      type: p
        .slice(0, -1)
        .map((y) => y.raw)
        .join('')
    }));
}

/** Splits tokens at top-level commas. */
export function splitTop(toks: Tok[]): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const y of toks) {
    if (y.t === '(' || y.t === '[' || y.t === '{' || y.t === '<') depth++;
    else if (y.t === ')' || y.t === ']' || y.t === '}' || y.t === '>') depth--;
    if (y.t === ',' && depth === 0) {
      out.push(cur);
      cur = [];
      continue;
    }
    cur.push(y);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Local declarations in a body: `Type name`, `A.B name`, `List<T> name`, `Map<K, V> name`, `T[] name`,
 * followed by `=`, `;`, `,`, `:` (for-each) or `)` (catch). Lower-cased name -> type as written.
 */
export function declarations(body: Tok[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let k = 0; k + 2 < body.length + 1; k++) {
    const next = body[k + 1];
    const after = body[k + 2]?.t ?? '';
    if (!isIdent(next) || !/^[=;,):]$/.test(after) || NOT_A_TYPE.has(next.t)) continue;
    const x = body[k]!;
    if (isIdent(x) && !NOT_A_TYPE.has(x.t)) {
      let start = k;
      while (body[start - 1]?.t === '.' && isIdent(body[start - 2])) start -= 2;
      // `a.b c` in an expression is not a declaration; `(Type) name` casts are excluded by the
      // preceding token check below.
      const before = body[start - 1]?.t;
      // `insert as user rows;` is DML, not a declaration; a name is declared once (the first wins)
      if (before === '.' || before === 'new' || before === 'as' || out.has(next.t)) continue;
      out.set(
        next.t,
        body
          .slice(start, k + 1)
          .map((y) => y.raw)
          .join('')
      );
    } else if (x.t === '>' || x.t === ']') {
      const open = x.t === '>' ? matchingBackAngle(body, k) : k - 1;
      if (open < 1 || (x.t === ']' && body[open]?.t !== '[')) continue;
      let start = open - 1;
      if (!isIdent(body[start])) continue;
      while (body[start - 1]?.t === '.' && isIdent(body[start - 2])) start -= 2;
      if (body[start - 1]?.t === 'new' || out.has(next.t)) continue;
      out.set(
        next.t,
        body
          .slice(start, k + 1)
          .map((y) => y.raw)
          .join('')
      );
    }
  }
  return out;
}

function matchingBackAngle(sig: Tok[], k: number): number {
  let depth = 0;
  for (let j = k; j >= 0 && j > k - 64; j--) {
    const t = sig[j]!.t;
    if (t === '>') depth++;
    else if (t === '<' && --depth === 0) return j;
    else if (t === ';' || t === '{' || t === '}' || t === '(' || t === '=') return -1;
  }
  return -1;
}

/** The class a type names (`List<Contact>` -> `List`, `Outer.Inner` -> `Outer.Inner`). */
export const typeHead = (type: string) => type.replace(/<.*$/, '').replace(/\[\]$/, '');

/** The element type of a collection type (`List<Contact>` -> `Contact`, `Contact[]` -> `Contact`), or the type. */
export function elementType(type: string): string {
  const generic = /<\s*([\w.]+)\s*>$/.exec(type) ?? /,\s*([\w.]+)\s*>$/.exec(type);
  if (generic) return generic[1]!;
  return type.replace(/\[\]$/, '');
}

/** The value of a string-literal token. */
export const stringValue = (x: Tok) => literalValue(x.raw);
