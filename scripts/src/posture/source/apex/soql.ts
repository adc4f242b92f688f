import type { SoqlSite, SoqlSubquery } from '../../model';
import { isIdent, matching, type Tok } from './tokens';

/**
 * Reads SOQL and SOSL clauses from tokens (inline `[SELECT ..]` or a literal's text): the main
 * object, its selected fields, child subqueries and semi-joins each attributed to their own FROM,
 * the fields compared in WHERE, and whether the query runs in user mode.
 * SOQL grammar: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */

type Site = Omit<SoqlSite, 'line' | 'systemModeJustified'>;

const NOT_FIELDS = new Set([
  'select',
  'typeof',
  'when',
  'then',
  'else',
  'end',
  'tolabel',
  'format',
  'convertcurrency',
  'count',
  'count_distinct',
  'avg',
  'sum',
  'min',
  'max',
  'fields',
  'all',
  'standard',
  'custom',
  'grouping',
  'calendar_year',
  'calendar_month',
  'day_only',
  'distance',
  'geolocation'
]);
const CLAUSE_END = new Set(['with', 'order', 'group', 'limit', 'offset', 'for', 'using', 'having', 'update']);
const COMPARATOR = /^(=|!=|<>|<|>|<=|>=|like|in|not|includes|excludes)$/;

interface Select {
  from?: string;
  fields: string[];
  whereFields: string[];
  subqueries: SoqlSubquery[];
  enforced: boolean;
}

/** One SELECT, from q[start] (the `select` token) up to `end` (exclusive). */
function readSelect(q: Tok[], start: number, end: number): Select {
  const out: Select = { fields: [], whereFields: [], subqueries: [], enforced: false };
  let clause: 'select' | 'from' | 'where' | 'other' = 'select';
  let depth = 0;
  for (let j = start + 1; j < end; j++) {
    const x = q[j]!;
    if (x.t === '(' && q[j + 1]?.t === 'select') {
      const close = matching(q, j, '(', ')', end);
      const inner = readSelect(q, j + 1, close);
      if (inner.from) {
        const kind = clause === 'select' ? 'child' : 'semijoin';
        out.subqueries.push({ kind, from: inner.from, fields: inner.fields });
      }
      j = close;
      continue;
    }
    if (x.t === '(') depth++;
    else if (x.t === ')') depth--;
    if (x.t === 'from' && depth === 0 && q[j + 1]) {
      out.from = q[j + 1]!.raw;
      clause = 'from';
      j++;
      continue;
    }
    if (depth === 0 && x.t === 'where' && clause !== 'select') {
      clause = 'where';
      continue;
    }
    if (depth === 0 && clause !== 'select' && CLAUSE_END.has(x.t)) {
      if (x.t === 'with' && (q[j + 1]?.t === 'user_mode' || q[j + 1]?.t === 'security_enforced'))
        out.enforced = true;
      clause = 'other';
      continue;
    }
    if (clause === 'select' && isIdent(x) && !NOT_FIELDS.has(x.t) && q[j + 1]?.t !== '(') {
      let path = x.raw;
      while (q[j + 1]?.t === '.' && isIdent(q[j + 2])) {
        path += `.${q[j + 2]!.raw}`;
        j += 2;
      }
      out.fields.push(path);
    } else if (
      clause === 'where' &&
      isIdent(x) &&
      q[j - 1]?.t !== ':' &&
      q[j - 1]?.t !== '.' &&
      COMPARATOR.test(q[j + 1]?.t ?? '')
    ) {
      out.whereFields.push(x.raw);
    }
  }
  return out;
}

/** A SOQL query: tokens from `select` to the end of the query. */
export function soqlFromTokens(q: Tok[]): Site {
  const start = q.findIndex((x) => x.t === 'select');
  const s = readSelect(q, Math.max(start, 0), q.length);
  return {
    objects: [...s.subqueries.map((x) => x.from), ...(s.from ? [s.from] : [])],
    object: s.from,
    fields: s.fields,
    whereFields: s.whereFields,
    subqueries: s.subqueries.length ? s.subqueries : undefined,
    enforced: s.enforced
  };
}

/**
 * A SOSL search: `FIND .. RETURNING Obj (fields ..), Obj2 .. [WITH USER_MODE]`: one site per returned
 * object. https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_returning.htm
 */
export function soslFromTokens(q: Tok[]): Site[] {
  const out: Site[] = [];
  const r = q.findIndex((x) => x.t === 'returning');
  let enforced = false;
  for (let j = 0; j + 1 < q.length; j++) {
    if (q[j]!.t === 'with' && (q[j + 1]!.t === 'user_mode' || q[j + 1]!.t === 'security_enforced'))
      enforced = true;
  }
  if (r < 0) return out;
  let j = r + 1;
  while (j < q.length && isIdent(q[j])) {
    const object = q[j]!.raw;
    const fields: string[] = [];
    const whereFields: string[] = [];
    j++;
    if (q[j]?.t === '(') {
      const close = matching(q, j, '(', ')');
      let inWhere = false;
      for (let i = j + 1; i < close; i++) {
        const x = q[i]!;
        if (x.t === 'where') inWhere = true;
        else if (['order', 'limit', 'offset', 'using'].includes(x.t)) break;
        else if (!inWhere && isIdent(x) && !NOT_FIELDS.has(x.t)) fields.push(x.raw);
        else if (inWhere && isIdent(x) && COMPARATOR.test(q[i + 1]?.t ?? '')) whereFields.push(x.raw);
      }
      j = close + 1;
    }
    out.push({ objects: [object], object, fields, whereFields, enforced, sosl: true });
    if (q[j]?.t !== ',') break;
    j++;
  }
  return out;
}
