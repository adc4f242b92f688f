/**
 * A parser for the SOQL subset the emulator evaluates. Grammar per the SOQL and SOSL Reference
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm):
 * SELECT fieldList FROM object [WHERE cond] [GROUP BY fields] [ORDER BY items] [LIMIT n] [OFFSET n].
 * Anything outside the subset (TYPEOF, HAVING, WITH, FOR VIEW, child subqueries, INCLUDES...) is a SoqlError,
 * which the server reports as MALFORMED_QUERY, as an org does for syntax it cannot parse.
 */
export class SoqlError extends Error {
  constructor(
    message: string,
    readonly errorCode: string = 'MALFORMED_QUERY',
    readonly column?: number
  ) {
    super(message);
  }
}

type TokKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const NUMBER = /^\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;

export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = q.slice(i);
    if (c === "'") {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= q.length) throw new SoqlError('unterminated string literal', 'MALFORMED_QUERY', i + 1);
        const ch = q[j] as string;
        if (ch === '\\') {
          const nx = q[j + 1] ?? '';
          s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[nx] ?? nx;
          j += 2;
        } else if (ch === "'") {
          j++;
          break;
        } else {
          s += ch;
          j++;
        }
      }
      out.push({ kind: 'string', text: s, pos: i });
      i = j;
      continue;
    }
    let m = DATETIME.exec(rest);
    if (m) {
      out.push({ kind: 'datetime', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    m = DATE.exec(rest);
    if (m) {
      out.push({ kind: 'date', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    m = NUMBER.exec(rest);
    if (m) {
      out.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    m = IDENT.exec(rest);
    if (m) {
      out.push({ kind: 'ident', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      out.push({ kind: 'punct', text: two === '<>' ? '!=' : two, pos: i });
      i += 2;
      continue;
    }
    if ('(),=<>:-'.includes(c)) {
      out.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    throw new SoqlError(`unexpected character at column ${i + 1}`, 'MALFORMED_QUERY', i + 1);
  }
  out.push({ kind: 'eof', text: '', pos: q.length });
  return out;
}

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: string }
  | { kind: 'dateLiteral'; name: string; n?: number };

export type AggFn = 'COUNT' | 'COUNT_DISTINCT' | 'MAX' | 'MIN' | 'SUM' | 'AVG';

export type SelectItem =
  | { kind: 'field'; path: string; pos: number }
  | { kind: 'agg'; fn: AggFn; path?: string; alias?: string; pos: number };

export type Cond =
  | { kind: 'and' | 'or'; items: Cond[] }
  | { kind: 'not'; item: Cond }
  | {
      kind: 'cmp';
      path: string;
      op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like';
      value: Literal;
      pos: number;
    }
  | { kind: 'in'; path: string; negated: boolean; values: Literal[] | Query; pos: number };

export interface OrderItem {
  expr: { kind: 'field'; path: string } | { kind: 'agg'; fn: AggFn; path?: string };
  desc: boolean;
  nullsLast: boolean;
}

export interface Query {
  select: SelectItem[];
  /** SELECT count() (no argument, no GROUP BY): the result is totalSize only. */
  countOnly: boolean;
  from: string;
  fromPos: number;
  where?: Cond;
  groupBy: string[];
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
  /** Whether WHERE uses OR / NOT (Tooling restricted objects reject both). */
  usesOr: boolean;
  usesNot: boolean;
}

const AGGS = new Set(['COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM', 'AVG']);
const UNSUPPORTED = new Set([
  'TYPEOF',
  'HAVING',
  'WITH',
  'FOR',
  'INCLUDES',
  'EXCLUDES',
  'USING',
  'ROLLUP',
  'CUBE',
  'FIELDS'
]);
const RESERVED = new Set([
  'FROM',
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'BY'
]);

class Parser {
  private i = 0;
  usesOr = false;
  usesNot = false;
  constructor(private readonly toks: Token[]) {}

  peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)] as Token;
  }
  next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }
  isKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  fail(t: Token, what: string): never {
    if (t.kind === 'ident' && UNSUPPORTED.has(t.text.toUpperCase()))
      throw new SoqlError(`unexpected token: ${t.text}`, 'MALFORMED_QUERY', t.pos + 1);
    throw new SoqlError(
      t.kind === 'eof' ? `unexpected end of query, expecting ${what}` : `unexpected token: '${t.text}'`,
      'MALFORMED_QUERY',
      t.pos + 1
    );
  }
  expectKw(word: string): Token {
    const t = this.next();
    if (t.kind !== 'ident' || t.text.toUpperCase() !== word) this.fail(t, word);
    return t;
  }
  expectPunct(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) this.fail(t, `'${p}'`);
  }
  ident(): Token {
    const t = this.next();
    if (t.kind !== 'ident' || RESERVED.has(t.text.toUpperCase())) this.fail(t, 'a field name');
    return t;
  }

  query(nested: boolean): Query {
    this.expectKw('SELECT');
    const select: SelectItem[] = [];
    do {
      if (select.length) this.next();
      select.push(this.selectItem());
    } while (this.peek().kind === 'punct' && this.peek().text === ',');
    const fromTok = this.expectKw('FROM');
    void fromTok;
    const objTok = this.ident();
    const q: Query = {
      select,
      countOnly: false,
      from: objTok.text,
      fromPos: objTok.pos,
      groupBy: [],
      orderBy: [],
      usesOr: false,
      usesNot: false
    };
    if (this.isKw('WHERE')) {
      this.next();
      q.where = this.orCond();
    }
    if (this.isKw('GROUP')) {
      this.next();
      this.expectKw('BY');
      do {
        if (q.groupBy.length) this.next();
        q.groupBy.push(this.ident().text);
      } while (this.peek().kind === 'punct' && this.peek().text === ',');
    }
    if (this.isKw('ORDER')) {
      this.next();
      this.expectKw('BY');
      do {
        if (q.orderBy.length) this.next();
        q.orderBy.push(this.orderItem());
      } while (this.peek().kind === 'punct' && this.peek().text === ',');
    }
    if (this.isKw('LIMIT')) {
      this.next();
      q.limit = this.int();
    }
    if (this.isKw('OFFSET')) {
      this.next();
      q.offset = this.int();
    }
    const end = this.peek();
    if (nested ? !(end.kind === 'punct' && end.text === ')') : end.kind !== 'eof')
      this.fail(end, 'end of query');
    q.countOnly =
      select.length === 1 && select[0]?.kind === 'agg' && select[0].fn === 'COUNT' && !select[0].path;
    if (q.countOnly && q.groupBy.length)
      throw new SoqlError('COUNT() and GROUP BY cannot be used together', 'MALFORMED_QUERY');
    if (!q.countOnly && select.some((s) => s.kind === 'agg' && s.fn === 'COUNT' && !s.path))
      throw new SoqlError('COUNT() must be the only element in the SELECT list', 'MALFORMED_QUERY', 1);
    q.usesOr = this.usesOr;
    q.usesNot = this.usesNot;
    return q;
  }

  int(): number {
    const t = this.next();
    if (t.kind !== 'number' || t.text.includes('.')) this.fail(t, 'an integer');
    return Number(t.text);
  }

  selectItem(): SelectItem {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(')
      throw new SoqlError(
        'parent-to-child subqueries are not supported by this emulator',
        'MALFORMED_QUERY',
        t.pos + 1
      );
    const id = this.ident();
    const upper = id.text.toUpperCase();
    if (AGGS.has(upper) && this.peek().kind === 'punct' && this.peek().text === '(') {
      this.next();
      let path: string | undefined;
      if (!(this.peek().kind === 'punct' && this.peek().text === ')')) path = this.ident().text;
      this.expectPunct(')');
      if (!path && upper !== 'COUNT') this.fail(this.peek(), 'a field');
      let alias: string | undefined;
      if (this.peek().kind === 'ident' && !RESERVED.has(this.peek().text.toUpperCase()))
        alias = this.next().text;
      return { kind: 'agg', fn: upper as AggFn, path, alias, pos: id.pos };
    }
    if (this.peek().kind === 'punct' && this.peek().text === '(') this.fail(this.peek(), 'FROM');
    if (UNSUPPORTED.has(upper)) this.fail(id, 'a field');
    return { kind: 'field', path: id.text, pos: id.pos };
  }

  orderItem(): OrderItem {
    const id = this.ident();
    const upper = id.text.toUpperCase();
    let expr: OrderItem['expr'];
    if (AGGS.has(upper) && this.peek().kind === 'punct' && this.peek().text === '(') {
      this.next();
      let path: string | undefined;
      if (!(this.peek().kind === 'punct' && this.peek().text === ')')) path = this.ident().text;
      this.expectPunct(')');
      expr = { kind: 'agg', fn: upper as AggFn, path };
    } else expr = { kind: 'field', path: id.text };
    let desc = false;
    if (this.isKw('ASC')) this.next();
    else if (this.isKw('DESC')) {
      this.next();
      desc = true;
    }
    // Salesforce default: NULLS FIRST for ascending, NULLS LAST for descending.
    let nullsLast = desc;
    if (this.isKw('NULLS')) {
      this.next();
      if (this.isKw('FIRST')) nullsLast = false;
      else if (this.isKw('LAST')) nullsLast = true;
      else this.fail(this.peek(), 'FIRST or LAST');
      this.next();
    }
    return { expr, desc, nullsLast };
  }

  orCond(): Cond {
    const items = [this.andCond()];
    while (this.isKw('OR')) {
      this.next();
      this.usesOr = true;
      items.push(this.andCond());
    }
    return items.length === 1 ? (items[0] as Cond) : { kind: 'or', items };
  }
  andCond(): Cond {
    const items = [this.notCond()];
    while (this.isKw('AND')) {
      this.next();
      items.push(this.notCond());
    }
    return items.length === 1 ? (items[0] as Cond) : { kind: 'and', items };
  }
  notCond(): Cond {
    if (this.isKw('NOT')) {
      this.next();
      this.usesNot = true;
      return { kind: 'not', item: this.notCond() };
    }
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const c = this.orCond();
      this.expectPunct(')');
      return c;
    }
    return this.predicate();
  }
  predicate(): Cond {
    const f = this.ident();
    const t = this.peek();
    if (t.kind === 'ident') {
      const u = t.text.toUpperCase();
      if (u === 'LIKE') {
        this.next();
        const v = this.next();
        if (v.kind !== 'string') this.fail(v, 'a string');
        return {
          kind: 'cmp',
          path: f.text,
          op: 'like',
          value: { kind: 'string', value: v.text },
          pos: f.pos
        };
      }
      if (u === 'IN' || (u === 'NOT' && this.isKw('IN', 1))) {
        const negated = u === 'NOT';
        if (negated) {
          this.next();
          this.usesNot = true;
        }
        this.next();
        this.expectPunct('(');
        if (this.isKw('SELECT')) {
          const sub = this.query(true);
          this.expectPunct(')');
          return { kind: 'in', path: f.text, negated, values: sub, pos: f.pos };
        }
        const values: Literal[] = [];
        do {
          if (values.length) this.next();
          values.push(this.literal());
        } while (this.peek().kind === 'punct' && this.peek().text === ',');
        this.expectPunct(')');
        return { kind: 'in', path: f.text, negated, values, pos: f.pos };
      }
      this.fail(t, 'an operator');
    }
    if (t.kind !== 'punct' || !['=', '!=', '<', '>', '<=', '>='].includes(t.text))
      this.fail(t, 'an operator');
    this.next();
    return { kind: 'cmp', path: f.text, op: t.text as '=', value: this.literal(), pos: f.pos };
  }
  literal(): Literal {
    let t = this.next();
    let neg = false;
    if (t.kind === 'punct' && t.text === '-') {
      neg = true;
      t = this.next();
      if (t.kind !== 'number') this.fail(t, 'a number');
    }
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text };
      case 'number':
        return { kind: 'number', value: neg ? -Number(t.text) : Number(t.text) };
      case 'date':
        return { kind: 'date', value: t.text };
      case 'datetime':
        return { kind: 'datetime', value: t.text };
      case 'ident': {
        const u = t.text.toUpperCase();
        if (u === 'TRUE' || u === 'FALSE') return { kind: 'boolean', value: u === 'TRUE' };
        if (u === 'NULL') return { kind: 'null' };
        if (DATE_LITERALS.has(u)) return { kind: 'dateLiteral', name: u };
        if (N_DATE_LITERALS.has(u)) {
          this.expectPunct(':');
          return { kind: 'dateLiteral', name: u, n: this.int() };
        }
        if (t.text.startsWith(':')) break;
        return this.fail(t, 'a value');
      }
      default:
        break;
    }
    return this.fail(t, 'a value');
  }
}

/** Date literals: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm */
export const DATE_LITERALS = new Set([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'LAST_90_DAYS',
  'THIS_YEAR',
  'LAST_YEAR'
]);
export const N_DATE_LITERALS = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_MONTHS',
  'N_MONTHS_AGO',
  'LAST_N_YEARS'
]);

export function parseSoql(q: string): Query {
  const p = new Parser(tokenize(q));
  return p.query(false);
}
