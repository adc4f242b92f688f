/**
 * SOQL text helpers: literal quoting and IN-list chunking. Pure functions, no I/O.
 * Quoting follows the SOQL reference "Quoted String Escape Sequences":
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */

/** A SOQL string literal: backslash and single quote escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `('a','b')` for an IN clause. */
export function inList(values: readonly string[]): string {
  return `(${values.map(quote).join(',')})`;
}

/**
 * Splits values into IN-lists whose SOQL text stays under `maxChars` and `maxItems`, so each query
 * URL stays well below the ~16,000-character request-line limit. Order is preserved; an empty
 * input gives no chunks (the caller then issues no query).
 */
export function chunkInList(values: readonly string[], maxChars = 8000, maxItems = 500): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const v of values) {
    const cost = quote(v).length + 1;
    if (current.length && (size + cost > maxChars || current.length >= maxItems)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(v);
    size += cost;
  }
  if (current.length) out.push(current);
  return out;
}

/** Splits an array into chunks of at most `size` (composite 5-query groups, readMetadata 10-name groups). */
export function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** A SOQL datetime literal (no quotes) for `now` minus `days`, at midnight UTC. */
export function daysAgo(now: Date, days: number): string {
  const d = new Date(now.getTime() - days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T00:00:00Z`;
}
