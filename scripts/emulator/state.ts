import { OBJECTS, objectDef, type ObjectDef } from './schema';

/** One sObject row: field API name -> value (ids as 18-char strings, datetimes as ISO-8601 strings). */
export type Row = Record<string, unknown>;

/**
 * A table of rows. Small profiles hold arrays; the `large` profile generates rows on demand from the index, so
 * 200,000 users cost no memory until a query reads them.
 */
export interface Table {
  readonly def: ObjectDef;
  size(): number;
  at(i: number): Row;
  /** Finds the row whose `key` field equals `value` (Id unless stated); used to follow relationships. */
  find(key: string, value: string): Row | undefined;
}

export class ArrayTable implements Table {
  private indexes = new Map<string, Map<string, Row>>();
  constructor(
    readonly def: ObjectDef,
    readonly rows: Row[] = []
  ) {}
  size(): number {
    return this.rows.length;
  }
  at(i: number): Row {
    return this.rows[i] as Row;
  }
  find(key: string, value: string): Row | undefined {
    let index = this.indexes.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.rows) {
        const v = r[key];
        if (typeof v === 'string') index.set(v, r);
      }
      this.indexes.set(key, index);
    }
    return index.get(value);
  }
  insert(row: Row): void {
    this.rows.push(row);
    this.indexes.clear();
  }
  /** Replaces the rows matching `match`; indexes are rebuilt on next use. */
  removeWhere(match: (r: Row) => boolean): void {
    for (let i = this.rows.length - 1; i >= 0; i--) if (match(this.rows[i] as Row)) this.rows.splice(i, 1);
    this.indexes.clear();
  }
}

/** Rows computed from their index; `find` by Id decodes the index from the id, so lookups stay O(1). */
export class GeneratedTable implements Table {
  constructor(
    readonly def: ObjectDef,
    private readonly count: number,
    private readonly make: (i: number) => Row,
    private readonly indexOfId: (id: string) => number | undefined,
    private readonly fallback?: ArrayTable
  ) {}
  size(): number {
    return this.count + (this.fallback?.size() ?? 0);
  }
  at(i: number): Row {
    return i < this.count ? this.make(i) : (this.fallback as ArrayTable).at(i - this.count);
  }
  find(key: string, value: string): Row | undefined {
    if (key === 'Id') {
      const i = this.indexOfId(value);
      if (i !== undefined && i >= 0 && i < this.count) return this.make(i);
    } else {
      const hit = this.fallback?.find(key, value);
      if (hit) return hit;
      for (let i = 0; i < this.count; i++) {
        const r = this.make(i);
        if (r[key] === value) return r;
      }
    }
    return this.fallback?.find(key, value);
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * An 18-character Salesforce id: 3-char key prefix, 12 base-62 digits, and the 3-char case-safe suffix computed as
 * the platform does (one char per 5-char chunk, a bit per upper-case letter).
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm (ID field type)
 */
export function makeId(prefix: string, n: number): string {
  const codes = ID_CODES;
  for (let i = 0; i < 3; i++) codes[i] = prefix.charCodeAt(i);
  let v = n;
  for (let i = 14; i >= 3; i--) {
    codes[i] = B62_CODES[v % 62] as number;
    v = Math.floor(v / 62);
  }
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const c = codes[chunk * 5 + j] as number;
      if (c >= 65 && c <= 90) bits |= 1 << j;
    }
    codes[15 + chunk] = SUFFIX.charCodeAt(bits);
  }
  return String.fromCharCode(...codes);
}

const ID_CODES: number[] = new Array<number>(18).fill(0);
const B62_CODES = Array.from(BASE62, (c) => c.charCodeAt(0));
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Inverse of makeId for ids minted with `prefix`. */
export function idNumber(prefix: string, id: string): number | undefined {
  if (!id.startsWith(prefix) || (id.length !== 15 && id.length !== 18)) return undefined;
  let v = 0;
  for (const ch of id.slice(3, 15)) {
    const d = BASE62.indexOf(ch);
    if (d < 0) return undefined;
    v = v * 62 + d;
  }
  return v;
}

/** A metadata component as read from XML: element name -> text, nested object, or array of repeats. */
export type MdValue = string | MdObject | MdValue[];
export interface MdObject {
  [key: string]: MdValue;
}

export interface OrgInfo {
  orgId: string;
  userId: string;
  username: string;
  apiMax: number;
}

export class OrgState {
  readonly tables = new Map<string, Table>();
  /** Metadata type -> fullName -> component (without `fullName`). */
  readonly metadata = new Map<string, Map<string, MdObject>>();
  /** Features hidden from this org (INVALID_TYPE), e.g. 'shield' for an org with no Shield licence. */
  readonly missingFeatures = new Set<string>();
  /** Metadata types that read back as empty (not provisioned) in this org. */
  readonly emptyMetadataTypes = new Set<string>();
  /** Permissions the running user lacks (fault `user-perm-off:<Name>`), e.g. CustomizeApplication. */
  readonly userPermsOff = new Set<string>();
  /** Fault `log-tamper:<sequence>`: that PHI access log row reads back altered (its hash no longer matches). */
  tamperedLogSequence: number | undefined;
  constructor(readonly info: OrgInfo) {}

  /** A row as the org returns it now (faults may alter it); the stored row is never modified. */
  adjust(object: string, row: Row): Row {
    if (
      object === 'PHI_Access_Log__c' &&
      this.tamperedLogSequence !== undefined &&
      row.Sequence__c === this.tamperedLogSequence
    ) {
      const altered = Object.create(row) as Row;
      Object.defineProperty(altered, 'Action__c', {
        value: row.Action__c === 'export' ? 'view' : 'export',
        enumerable: true
      });
      return altered;
    }
    return row;
  }

  /**
   * Row visibility for the running user. Without Customize Application, OauthToken silently returns only the
   * user's own tokens (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_oauthtoken.htm).
   */
  visible(object: string, row: Row): boolean {
    if (object === 'OauthToken' && this.userPermsOff.has('CustomizeApplication'))
      return row.UserId === this.info.userId;
    return true;
  }

  table(name: string): Table | undefined {
    return this.tables.get(name.toLowerCase());
  }

  /** The table for `name`, created empty when the object is known but the profile has no rows. */
  arrayTable(name: string): ArrayTable {
    const existing = this.tables.get(name.toLowerCase());
    if (existing instanceof ArrayTable) return existing;
    const d = objectDef(name);
    if (!d) throw new Error(`emulator: unknown object ${name}`);
    if (existing) throw new Error(`emulator: ${name} is generated and cannot be edited`);
    const t = new ArrayTable(d);
    this.tables.set(d.name.toLowerCase(), t);
    return t;
  }

  setTable(t: Table): void {
    this.tables.set(t.def.name.toLowerCase(), t);
  }

  md(type: string): Map<string, MdObject> {
    let m = this.metadata.get(type);
    if (!m) {
      m = new Map();
      this.metadata.set(type, m);
    }
    return m;
  }

  ensureAllTables(): void {
    for (const d of OBJECTS)
      if (!this.tables.has(d.name.toLowerCase())) this.tables.set(d.name.toLowerCase(), new ArrayTable(d));
  }
}

const INDEX = Symbol('row-index');

/**
 * Rows of a generated table as lazy objects: each field is a getter computed from the row index on first read, so
 * a query over 200,000 users touching two columns computes two values per row, not twenty.
 */
export function lazyRows(fields: Record<string, (i: number) => unknown>): (i: number) => Row {
  const proto: object = {};
  for (const [k, fn] of Object.entries(fields))
    Object.defineProperty(proto, k, {
      enumerable: true,
      get(this: { [INDEX]: number }) {
        return fn(this[INDEX]);
      }
    });
  return (i) => {
    const o = Object.create(proto) as Row & { [INDEX]: number };
    o[INDEX] = i;
    return o;
  };
}
