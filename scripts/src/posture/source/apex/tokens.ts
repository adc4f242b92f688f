/** A significant Apex token: lower-cased text for matching, the text as written, and its line. */
export interface Tok {
  t: string;
  raw: string;
  line: number;
  /** 1-based column, when known. */
  col?: number;
  /** ApexLexer token type, or -1 for tokens cut from a string literal. */
  type: number;
}

/** True for a token that reads as an identifier (`[a-z_]\w*` on the lower-cased text). */
export const isIdent = (x: Tok | undefined): x is Tok => !!x && identText(x.t);

/** `/^[a-z_]\w*$/` by character codes: this runs for most tokens of every Apex file. */
function identText(t: string): boolean {
  const n = t.length;
  if (n === 0) return false;
  const c0 = t.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || c0 === 95)) return false;
  for (let i = 1; i < n; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** Index of the bracket closing the one at `k` (or `sig.length` when unbalanced). */
export function matching(sig: Tok[], k: number, open: string, close: string, end = sig.length): number {
  let depth = 0;
  for (let j = k; j < end; j++) {
    if (sig[j]!.t === open) depth++;
    else if (sig[j]!.t === close && --depth === 0) return j;
  }
  return end;
}

/** Index of the bracket opening the one at `k`, looking back at most `limit` tokens; -1 when none. */
export function matchingBack(sig: Tok[], k: number, open: string, close: string, limit = 64): number {
  let depth = 0;
  for (let j = k; j >= 0 && j > k - limit; j--) {
    const t = sig[j]!.t;
    if (t === close) depth++;
    else if (t === open && --depth === 0) return j;
    else if (t === ';' || t === '{' || t === '}') return -1;
  }
  return -1;
}

const TEXT_TOKEN = /'(?:\\.|[^'\\])*'|[A-Za-z_]\w*|\d+(?:\.\d+)?|<=|>=|!=|<>|\S/g;

/**
 * Cuts the text of a string literal (a dynamic SOQL or SOSL query) into tokens on one line, so the
 * same clause reader serves inline and dynamic queries.
 */
export function tokensOfText(text: string, line: number): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TEXT_TOKEN)) out.push({ t: m[0].toLowerCase(), raw: m[0], line, type: -1 });
  return out;
}

/** The value of an Apex string literal token (quotes removed, escapes resolved). */
export function literalValue(raw: string): string {
  const body = raw.startsWith("'''") ? raw.slice(3, -3) : raw.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c
  );
}
