import {
  fieldDef,
  objectDef,
  relationship,
  servedBy,
  viewOf,
  type FieldDef,
  type ObjectDef
} from '../schema';
import type { OrgState, Row, Table } from '../state';
import {
  parseSoql,
  SoqlError,
  type AggFn,
  type Cond,
  type Literal,
  type OrderItem,
  type Query
} from './parser';

/**
 * Evaluates a parsed SOQL query over the emulator's tables. Semantics follow the SOQL reference:
 * - string comparison with = and != is case-insensitive; `!=` matches nulls
 *   (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm)
 * - ORDER BY defaults to NULLS FIRST ascending, NULLS LAST descending
 *   (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm)
 * - aggregate results are AggregateResult records keyed by field name or alias, unaliased aggregates as expr0, expr1...
 *   (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions_field_types.htm)
 * - aggregate queries and restricted Tooling objects have no queryMore: more than 2,000 rows is EXCEEDED_ID_LIMIT
 *   (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_group_by_considerations.htm)
 * - the Tooling limits (no COUNT/GROUP BY/OFFSET/OR/NOT on EntityDefinition, FieldDefinition...)
 *   (https://developer.salesforce.com/docs/platform/api-tooling/guide/reference-objects-soql-limits.html)
 */
export interface EvalContext {
  state: OrgState;
  tooling: boolean;
  apiVersion: string;
  now: Date;
}

export interface QueryOutcome {
  object: string;
  totalSize: number;
  /** All records (projects every row: use `page` for large results). */
  readonly records: Record<string, unknown>[];
  page(start: number, end: number): Record<string, unknown>[];
  /** Whether the result may be paged with queryMore (false for aggregates and restricted Tooling objects). */
  pageable: boolean;
  /**
   * For a query of one field of the queried object itself (no relationship in its path): that field's value in each
   * record, as `records` would hold it under the field's name, without building the records. A semi-join's sub-select
   * reads only that (compile, `in`).
   */
  column?: () => { field: string; values: unknown[] };
}

interface Resolved {
  /** Reference fields to follow, in order. */
  steps: FieldDef[];
  leaf: FieldDef;
  /** Canonical names: relationship names then the leaf field name. */
  names: string[];
  /** The object each step lands on (names.length - 1 entries). */
  objects: ObjectDef[];
}

const MAX_ROWS_NO_QUERYMORE = 2000;

function located(soql: string, pos: number | undefined, message: string): string {
  if (pos === undefined) return message;
  return `\n${soql}\n${' '.repeat(Math.max(0, pos))}^\nERROR at Row:1:Column:${pos + 1}\n${message}`;
}

export function runSoql(soql: string, ctx: EvalContext): QueryOutcome {
  let q: Query;
  try {
    q = parseSoql(soql);
  } catch (e) {
    if (e instanceof SoqlError)
      throw new SoqlError(located(soql, e.column ? e.column - 1 : undefined, e.message), e.errorCode);
    throw e;
  }
  return new Evaluator(soql, ctx).run(q);
}

class Evaluator {
  /** The tables relationships lead to, looked up once per query rather than once per row (follow). */
  private readonly targets = new Map<string, Table | undefined>();

  constructor(
    private readonly soql: string,
    private readonly ctx: EvalContext
  ) {}

  err(code: string, pos: number | undefined, message: string): never {
    throw new SoqlError(located(this.soql, pos, message), code);
  }

  table(name: string, pos: number): { def: ObjectDef; table: Table } {
    const d = viewOf(objectDef(name), this.ctx.tooling);
    const t = d && this.ctx.state.table(d.name);
    if (
      !d ||
      !t ||
      !servedBy(d, this.ctx.tooling) ||
      (d.feature && this.ctx.state.missingFeatures.has(d.feature))
    )
      this.err(
        'INVALID_TYPE',
        pos,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    return { def: d, table: t };
  }

  resolve(obj: ObjectDef, path: string, pos: number): Resolved {
    let parts = path.split('.');
    if (
      parts.length > 1 &&
      parts[0]?.toLowerCase() === obj.name.toLowerCase() &&
      !relationship(obj, parts[0])
    )
      parts = parts.slice(1);
    const steps: FieldDef[] = [];
    const names: string[] = [];
    const objects: ObjectDef[] = [];
    let cur = obj;
    for (let k = 0; k < parts.length - 1; k++) {
      const rel = relationship(cur, parts[k] as string);
      const target = rel?.ref ? viewOf(objectDef(rel.ref), this.ctx.tooling) : undefined;
      if (!rel || !target)
        this.err(
          'INVALID_FIELD',
          pos,
          `Didn't understand relationship '${parts[k]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
        );
      steps.push(rel);
      names.push(rel.rel as string);
      objects.push(target);
      cur = target;
    }
    const leafName = parts[parts.length - 1] as string;
    const leaf = fieldDef(cur, leafName);
    if (!leaf)
      this.err(
        'INVALID_FIELD',
        pos,
        `No such column '${leafName}' on entity '${cur.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    names.push(leaf.name);
    return { steps, leaf, names, objects };
  }

  /** Follows the path; returns undefined when a relationship on the way is null. */
  follow(row: Row, r: Resolved, upTo = r.steps.length): Row | undefined {
    let cur: Row | undefined = row;
    for (let k = 0; k < upTo && cur; k++) {
      const step = r.steps[k] as FieldDef;
      const id: unknown = cur[step.name];
      if (typeof id !== 'string') return undefined;
      const ref = step.ref as string;
      let target = this.targets.get(ref);
      if (target === undefined && !this.targets.has(ref)) {
        target = this.ctx.state.table(ref);
        this.targets.set(ref, target);
      }
      cur = target?.find(step.refKey ?? 'Id', id);
    }
    return cur;
  }

  value(row: Row, r: Resolved): unknown {
    const target = this.follow(row, r);
    if (!target) return null;
    return target[r.leaf.name] ?? null;
  }

  run(q: Query): QueryOutcome {
    const { def, table } = this.table(q.from, q.fromPos);
    const aggregate = q.countOnly || q.groupBy.length > 0 || q.select.some((s) => s.kind === 'agg');
    if (def.restricted && this.ctx.tooling) {
      if (aggregate)
        this.err(
          'MALFORMED_QUERY',
          undefined,
          `${def.name}: aggregate queries and GROUP BY are not supported`
        );
      if (q.usesOr) this.err('MALFORMED_QUERY', undefined, `${def.name}: OR is not supported`);
      if (q.usesNot) this.err('MALFORMED_QUERY', undefined, `${def.name}: NOT is not supported`);
      if (q.offset !== undefined)
        this.err('MALFORMED_QUERY', undefined, `${def.name}: OFFSET is not supported`);
    }
    if (def.countOnly && aggregate && !q.countOnly)
      this.err(
        'MALFORMED_QUERY',
        undefined,
        `Aggregate queries other than count() are not supported on ${def.name}`
      );
    if (q.offset !== undefined && q.offset > 2000)
      this.err('NUMBER_OUTSIDE_VALID_RANGE', undefined, 'Maximum SOQL offset allowed is 2000');
    const reified = def.restricted?.reifiedFilter;
    if (reified && !this.hasFilterOn(q.where, reified))
      this.err(
        'MALFORMED_QUERY',
        undefined,
        `${def.name}: a filter on a reified column is required [${reified.filter((c) => !c.includes('.')).join(',')}]`
      );
    if (def.requiresIdFilter && !this.hasFilterOn(q.where, ['Id']))
      this.err(
        'MALFORMED_QUERY',
        undefined,
        `Implementation restriction: ${def.name} requires a filter by Id`
      );

    // Resolve every path first so an unknown field fails even on an empty table.
    const selected = q.select.map((s) =>
      s.kind === 'field'
        ? { item: s, r: this.resolve(def, s.path, s.pos) }
        : { item: s, r: s.path ? this.resolve(def, s.path, s.pos) : undefined }
    );
    const groupBy = q.groupBy.map((g) => this.resolve(def, g, 0));
    const pred = q.where ? this.compile(def, q.where) : () => true;

    const n = table.size();
    const visible = (row: Row) => this.ctx.state.visible(def.name, row);

    if (q.countOnly) {
      let count = 0;
      for (let i = 0; i < n; i++) {
        const row = this.ctx.state.adjust(def.name, table.at(i));
        if (pred(row) && visible(row)) count++;
      }
      return outcome(def.name, count, false, [], (r) => r);
    }

    if (aggregate) {
      const state = this.ctx.state;
      const rows = function* (): Generator<Row> {
        for (let i = 0; i < n; i++) {
          const row = state.adjust(def.name, table.at(i));
          if (pred(row) && visible(row)) yield row;
        }
      };
      return this.aggregate(q, def, rows(), selected, groupBy);
    }

    const matched: Row[] = [];
    for (let i = 0; i < n; i++) {
      const row = this.ctx.state.adjust(def.name, table.at(i));
      if (pred(row) && visible(row)) matched.push(row);
    }

    for (const s of selected) {
      const r = s.r as Resolved;
      if (
        def.oneRowColumns?.includes(r.leaf.name) &&
        r.steps.length === 0 &&
        matched.length > 1 &&
        (q.limit ?? 2) > 1
      )
        this.err(
          'MALFORMED_QUERY',
          undefined,
          'When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval.'
        );
    }
    if (q.orderBy.length) this.sort(def, matched, q.orderBy);
    const start = q.offset ?? 0;
    const sliced = matched.slice(start, q.limit !== undefined ? start + q.limit : undefined);
    if (def.restricted && this.ctx.tooling && sliced.length > MAX_ROWS_NO_QUERYMORE)
      this.err(
        'EXCEEDED_ID_LIMIT',
        undefined,
        `${def.name} does not support queryMore(), use LIMIT to restrict the results to a single batch`
      );
    const paths = selected.map((s) => s.r as Resolved);
    // One field of this object, not a blob (whose value is a URL project builds): its values as project gives them.
    const only =
      paths.length === 1 && paths[0]?.steps.length === 0 && paths[0].leaf.type !== 'blob'
        ? paths[0]
        : undefined;
    const column = only
      ? () => ({
          field: only.leaf.name,
          values: sliced.map((row) => wireValue(only.leaf, row[only.leaf.name]))
        })
      : undefined;
    // Records are projected page by page, so a 200,000-row result holds rows, not 200,000 JSON records.
    return outcome(
      def.name,
      sliced.length,
      !(def.restricted && this.ctx.tooling),
      sliced,
      (row) => this.project(def, row, paths),
      column
    );
  }

  hasFilterOn(c: Cond | undefined, columns: string[]): boolean {
    if (!c) return false;
    const wanted = columns.map((x) => x.toLowerCase());
    if (c.kind === 'and') return c.items.some((i) => this.hasFilterOn(i, columns));
    if (c.kind === 'cmp') return (c.op === '=' || c.op === 'like') && wanted.includes(c.path.toLowerCase());
    if (c.kind === 'in') return !c.negated && wanted.includes(c.path.toLowerCase());
    return false;
  }

  recordUrl(type: string, id: unknown): string {
    const base = `/services/data/v${this.ctx.apiVersion}${this.ctx.tooling ? '/tooling' : ''}/sobjects/${type}`;
    return typeof id === 'string' ? `${base}/${id}` : base;
  }

  project(def: ObjectDef, row: Row, paths: Resolved[]): Record<string, unknown> {
    const rec: Record<string, unknown> = {
      attributes: { type: def.name, url: this.recordUrl(def.name, row.Id) }
    };
    for (const r of paths) {
      let holder = rec;
      let cur: Row | undefined = row;
      let broken = false;
      for (let k = 0; k < r.steps.length; k++) {
        const name = r.names[k] as string;
        cur = this.follow(row, r, k + 1);
        if (!cur) {
          if (!(name in holder)) holder[name] = null;
          broken = true;
          break;
        }
        const existing = holder[name];
        if (existing && typeof existing === 'object') holder = existing as Record<string, unknown>;
        else {
          const target = r.objects[k] as ObjectDef;
          const nested: Record<string, unknown> = {
            attributes: { type: target.name, url: this.recordUrl(target.name, cur.Id) }
          };
          holder[name] = nested;
          holder = nested;
        }
      }
      if (broken) continue;
      holder[r.leaf.name] =
        r.leaf.type === 'blob'
          ? `${this.recordUrl(r.objects[r.objects.length - 1]?.name ?? def.name, (cur as Row).Id)}/${r.leaf.name}`
          : wireValue(r.leaf, (cur as Row)[r.leaf.name]);
    }
    return rec;
  }

  /** Sorts in place; each row's sort keys are computed once (decorate, sort, undecorate). */
  sort(def: ObjectDef, rows: Row[], order: OrderItem[]): void {
    const keys = order.map((o) => {
      if (o.expr.kind === 'agg')
        this.err('MALFORMED_QUERY', undefined, 'ORDER BY an aggregate requires GROUP BY');
      const r = this.resolve(def, o.expr.path, 0);
      return (row: Row) => this.value(row, r);
    });
    // Keys are computed once per row into flat arrays and an index permutation is sorted, so sorting a million
    // generated rows creates no per-row wrapper objects; already-ordered input (a log read by sequence) is left as is.
    const cols = keys.map((key) => rows.map(key));
    const cmp = (x: number, y: number) => compareColumns(order, cols, x, y);
    let ordered = true;
    for (let i = 1; i < rows.length && ordered; i++) if (cmp(i - 1, i) > 0) ordered = false;
    if (ordered) return;
    const idx = Array.from({ length: rows.length }, (_, i) => i);
    idx.sort((x, y) => cmp(x, y) || x - y);
    const copy = rows.slice();
    for (let i = 0; i < idx.length; i++) rows[i] = copy[idx[i] as number] as Row;
  }

  aggregate(
    q: Query,
    def: ObjectDef,
    rows: Iterable<Row>,
    selected: { item: Query['select'][number]; r: Resolved | undefined }[],
    groupBy: Resolved[]
  ): QueryOutcome {
    for (const s of selected)
      if (
        s.item.kind === 'field' &&
        !groupBy.some((g) => g.names.join('.') === (s.r as Resolved).names.join('.'))
      )
        this.err(
          'MALFORMED_QUERY',
          s.item.pos,
          `Field must be grouped or aggregated: ${(s.r as Resolved).leaf.name}`
        );
    // Streaming aggregation: one accumulator per group and aggregate expression; member rows are never kept.
    const specs: { fn: AggFn; r?: Resolved }[] = [];
    const specIndex = (fn: AggFn, path: string | undefined): number => {
      const r = path ? this.resolve(def, path, 0) : undefined;
      const key = `${fn}(${r ? r.names.join('.').toLowerCase() : ''})`;
      const at = specs.findIndex((x) => `${x.fn}(${x.r ? x.r.names.join('.').toLowerCase() : ''})` === key);
      if (at >= 0) return at;
      specs.push({ fn, r });
      return specs.length - 1;
    };
    let exprN = 0;
    const columns = selected.map((s) => {
      if (s.item.kind === 'field')
        return {
          key: (s.r as Resolved).leaf.name,
          group: groupBy.findIndex((g) => g.names.join('.') === (s.r as Resolved).names.join('.')),
          spec: -1
        };
      return { key: s.item.alias ?? `expr${exprN++}`, group: -1, spec: specIndex(s.item.fn, s.item.path) };
    });
    const orderSpecs = q.orderBy.map((o) => (o.expr.kind === 'agg' ? specIndex(o.expr.fn, o.expr.path) : -1));
    interface Group {
      values: unknown[];
      accs: Acc[];
    }
    const groups = new Map<string, Group>();
    for (const row of rows) {
      const values = groupBy.map((g) => this.value(row, g));
      const key = values.length === 1 ? String(values[0]) + typeof values[0] : JSON.stringify(values);
      let g = groups.get(key);
      if (!g) {
        g = { values, accs: specs.map(() => newAcc()) };
        groups.set(key, g);
      }
      for (let k = 0; k < specs.length; k++) {
        const spec = specs[k] as { fn: AggFn; r?: Resolved };
        // COUNT(Id) never meets a null Id: count the row without computing the id.
        const countsRows =
          !spec.r || (spec.fn === 'COUNT' && spec.r.steps.length === 0 && spec.r.leaf.type === 'id');
        accumulate(g.accs[k] as Acc, spec.fn, countsRows ? true : this.value(row, spec.r as Resolved));
      }
    }
    if (groupBy.length === 0 && groups.size === 0)
      groups.set('[]', { values: [], accs: specs.map(() => newAcc()) });
    const list = [...groups.values()];
    if (q.orderBy.length) {
      const keys = q.orderBy.map((o, k) => {
        if (o.expr.kind === 'agg') {
          const spec = specs[orderSpecs[k] as number] as { fn: AggFn };
          return (g: Group) => finish(g.accs[orderSpecs[k] as number] as Acc, spec.fn);
        }
        const r = this.resolve(def, o.expr.path, 0);
        const gi = groupBy.findIndex((g) => g.names.join('.') === r.names.join('.'));
        if (gi < 0)
          this.err(
            'MALFORMED_QUERY',
            undefined,
            `Ordered field must be grouped or aggregated: ${r.leaf.name}`
          );
        return (g: Group) => g.values[gi];
      });
      list.sort((a, b) =>
        compareKeys(
          q.orderBy,
          keys.map((key) => key(a)),
          keys.map((key) => key(b))
        )
      );
    }
    const start = q.offset ?? 0;
    const sliced = list.slice(start, q.limit !== undefined ? start + q.limit : undefined);
    if (sliced.length > MAX_ROWS_NO_QUERYMORE)
      this.err(
        'EXCEEDED_ID_LIMIT',
        undefined,
        'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch'
      );
    const records = sliced.map((g) => {
      const rec: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
      for (const c of columns) {
        if (c.group >= 0) rec[c.key] = wireValue((groupBy[c.group] as Resolved).leaf, g.values[c.group]);
        else {
          const spec = specs[c.spec] as { fn: AggFn; r?: Resolved };
          const v = finish(g.accs[c.spec] as Acc, spec.fn);
          rec[c.key] = spec.r && (spec.fn === 'MAX' || spec.fn === 'MIN') ? wireValue(spec.r.leaf, v) : v;
        }
      }
      return rec;
    });
    return outcome('AggregateResult', records.length, false, records, (r) => r);
  }

  compile(def: ObjectDef, c: Cond): (row: Row) => boolean {
    switch (c.kind) {
      case 'and': {
        const parts = c.items.map((i) => this.compile(def, i));
        return (row) => parts.every((p) => p(row));
      }
      case 'or': {
        const parts = c.items.map((i) => this.compile(def, i));
        return (row) => parts.some((p) => p(row));
      }
      case 'not': {
        const inner = this.compile(def, c.item);
        return (row) => !inner(row);
      }
      case 'in': {
        const r = this.resolve(def, c.path, c.pos);
        let literals: Literal[];
        if (Array.isArray(c.values)) {
          literals = c.values;
          for (const l of literals) this.checkType(r.leaf, l, c.pos);
        } else {
          const sub = c.values;
          if (sub.select.length !== 1 || sub.select[0]?.kind !== 'field')
            this.err('MALFORMED_QUERY', c.pos, 'semi join sub-selects can only select one field');
          const inner = new Evaluator(this.soql, this.ctx).run(sub);
          const key = (sub.select[0] as { path: string }).path.split('.').pop() as string;
          const literal = (v: unknown): Literal =>
            v === null || v === undefined ? { kind: 'null' } : { kind: 'string', value: String(v) };
          // The sub-select's values without building its records (a semi-join over 600,000 generated assignments
          // projected each into a record with its URL); the same values the records hold under `key`.
          const column = inner.column?.();
          literals =
            column && column.field.toLowerCase() === key.toLowerCase()
              ? column.values.map(literal)
              : inner.records.map((rec) =>
                  literal(Object.entries(rec).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1])
                );
        }
        const isId = r.leaf.type === 'id' || r.leaf.type === 'reference';
        const set = new Set(literals.map((l) => normKey(literalValue(l), isId)));
        return (row) => {
          const v = this.value(row, r);
          const hit = v !== null && set.has(normKey(v, isId));
          return c.negated ? !hit && v !== null : hit;
        };
      }
      case 'cmp': {
        const r = this.resolve(def, c.path, c.pos);
        this.checkType(r.leaf, c.value, c.pos);
        const test = comparator(r.leaf, c.op, c.value, this.ctx.now);
        return (row) => test(this.value(row, r));
      }
    }
  }

  checkType(f: FieldDef, l: Literal, pos: number): void {
    if (l.kind === 'null') return;
    const want: Record<string, Literal['kind'][]> = {
      boolean: ['boolean'],
      int: ['number'],
      double: ['number'],
      datetime: ['datetime', 'dateLiteral'],
      date: ['date', 'dateLiteral'],
      string: ['string'],
      id: ['string'],
      reference: ['string'],
      json: []
    };
    const ok = want[f.type] ?? [];
    if (ok.includes(l.kind)) return;
    const typeName =
      f.type === 'datetime' ? 'dateTime' : f.type === 'id' || f.type === 'reference' ? 'id' : f.type;
    const quoted = f.type === 'string' || f.type === 'id' || f.type === 'reference';
    this.err(
      'INVALID_FIELD',
      pos,
      `value of filter criterion for field '${f.name}' must be of type ${typeName}${quoted ? '' : ' and should not be enclosed in quotes'}`
    );
  }
}

function outcome<T>(
  object: string,
  totalSize: number,
  pageable: boolean,
  rows: T[],
  project: (row: T) => Record<string, unknown>,
  column?: QueryOutcome['column']
): QueryOutcome {
  const page = (start: number, end: number) => rows.slice(start, end).map(project);
  return {
    object,
    totalSize,
    pageable,
    page,
    get records() {
      return page(0, rows.length);
    },
    ...(column ? { column } : {})
  };
}

interface Acc {
  count: number;
  nonNull: number;
  best: unknown;
  sum: number;
  distinct?: Set<unknown>;
}

function newAcc(): Acc {
  return { count: 0, nonNull: 0, best: null, sum: 0 };
}

function accumulate(a: Acc, fn: AggFn, v: unknown): void {
  a.count++;
  if (v === null || v === undefined) return;
  a.nonNull++;
  switch (fn) {
    case 'MAX':
      if (a.best === null || compareValues(v, a.best) > 0) a.best = v;
      break;
    case 'MIN':
      if (a.best === null || compareValues(v, a.best) < 0) a.best = v;
      break;
    case 'SUM':
    case 'AVG':
      a.sum += Number(v);
      break;
    case 'COUNT_DISTINCT':
      (a.distinct ??= new Set()).add(typeof v === 'string' ? v.toLowerCase() : v);
      break;
    default:
      break;
  }
}

function finish(a: Acc, fn: AggFn): unknown {
  switch (fn) {
    case 'COUNT':
      return a.nonNull;
    case 'COUNT_DISTINCT':
      return a.distinct?.size ?? 0;
    case 'SUM':
      return a.nonNull ? a.sum : null;
    case 'AVG':
      return a.nonNull ? a.sum / a.nonNull : null;
    default:
      return a.best;
  }
}

function normKey(v: unknown, isId: boolean): unknown {
  if (typeof v !== 'string') return v;
  return isId ? v.slice(0, 15) : v.toLowerCase();
}

function literalValue(l: Literal): unknown {
  switch (l.kind) {
    case 'null':
      return null;
    case 'dateLiteral':
      return l.name;
    default:
      return l.value;
  }
}

/** ORDER BY comparison of two rows' key tuples, with NULLS FIRST/LAST and DESC. */
function compareKeys(order: OrderItem[], a: unknown[], b: unknown[]): number {
  return compareColumns(
    order,
    order.map((_, k) => [a[k], b[k]]),
    0,
    1
  );
}

/** Compares rows `x` and `y` on column-wise sort keys (`cols[k][row]`). */
function compareColumns(order: OrderItem[], cols: unknown[][], x: number, y: number): number {
  for (let k = 0; k < order.length; k++) {
    const o = order[k] as OrderItem;
    const va = (cols[k] as unknown[])[x];
    const vb = (cols[k] as unknown[])[y];
    const an = va === null || va === undefined;
    const bn = vb === null || vb === undefined;
    if (an && bn) continue;
    if (an) return o.nullsLast ? 1 : -1;
    if (bn) return o.nullsLast ? -1 : 1;
    const c = compareValues(va, vb);
    if (c !== 0) return o.desc ? -c : c;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const DAY = 86_400_000;

/** [start, end) in epoch ms for a date or date-time literal. */
export function literalRange(l: Literal, now: Date, isDateField: boolean): [number, number] {
  if (l.kind === 'date') {
    const t = Date.parse(`${l.value}T00:00:00Z`);
    return [t, t + DAY];
  }
  if (l.kind === 'datetime') {
    const t = Date.parse(l.value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return isDateField
      ? [
          Date.parse(new Date(t).toISOString().slice(0, 10)),
          Date.parse(new Date(t).toISOString().slice(0, 10)) + DAY
        ]
      : [t, t + 1];
  }
  if (l.kind !== 'dateLiteral') return [NaN, NaN];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const n = l.n ?? 0;
  const month = (offset: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
  const year = (offset: number) => Date.UTC(now.getUTCFullYear() + offset, 0, 1);
  const weekStart = today - new Date(today).getUTCDay() * DAY;
  switch (l.name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'THIS_WEEK':
      return [weekStart, weekStart + 7 * DAY];
    case 'LAST_WEEK':
      return [weekStart - 7 * DAY, weekStart];
    case 'THIS_MONTH':
      return [month(0), month(1)];
    case 'LAST_MONTH':
      return [month(-1), month(0)];
    case 'LAST_90_DAYS':
      return [today - 90 * DAY, today + DAY];
    case 'THIS_YEAR':
      return [year(0), year(1)];
    case 'LAST_YEAR':
      return [year(-1), year(0)];
    case 'LAST_N_DAYS':
      return [today - n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today + DAY, today + (n + 1) * DAY];
    case 'N_DAYS_AGO':
      return [today - n * DAY, today - (n - 1) * DAY];
    case 'LAST_N_MONTHS':
      return [month(-n), month(0)];
    case 'N_MONTHS_AGO':
      return [month(-n), month(-n + 1)];
    case 'LAST_N_YEARS':
      return [year(-n), year(0)];
    default:
      return [NaN, NaN];
  }
}

function comparator(f: FieldDef, op: string, l: Literal, now: Date): (v: unknown) => boolean {
  if (l.kind === 'null') {
    if (op === '=') return (v) => v === null || v === undefined;
    if (op === '!=') return (v) => v !== null && v !== undefined;
    return () => false;
  }
  if (op === 'like') {
    const pattern = (l as { value: string }).value;
    const re = new RegExp(
      '^' +
        pattern
          .split('')
          .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('') +
        '$',
      'is'
    );
    return (v) => typeof v === 'string' && re.test(v);
  }
  if (f.type === 'datetime' || f.type === 'date') {
    const [s, e] = literalRange(l, now, f.type === 'date');
    return (v) => {
      if (v === null || v === undefined) return op === '!=';
      const t = Date.parse(f.type === 'date' ? `${String(v).slice(0, 10)}T00:00:00Z` : String(v));
      switch (op) {
        case '=':
          return t >= s && t < e;
        case '!=':
          return !(t >= s && t < e);
        case '<':
          return t < s;
        case '<=':
          return t < e;
        case '>':
          return t >= e;
        default:
          return t >= s;
      }
    };
  }
  const isId = f.type === 'id' || f.type === 'reference';
  const want = normKey(literalValue(l), isId);
  return (v) => {
    if (v === null || v === undefined) return op === '!=';
    const have = normKey(v, isId);
    if (op === '=') return have === want;
    if (op === '!=') return have !== want;
    const c = compareValues(have, want);
    return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  };
}

/** REST wire form: date-times as 2026-11-25T10:00:00.000+0000, numbers and booleans as JSON. */
export function wireValue(f: FieldDef, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (f.type === 'datetime' && typeof v === 'string') {
    const t = Date.parse(v);
    return isNaN(t) ? v : new Date(t).toISOString().replace('Z', '+0000');
  }
  if (f.type === 'date' && typeof v === 'string') return v.slice(0, 10);
  return v;
}
