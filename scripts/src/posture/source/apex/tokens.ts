/** A significant Apex token: lower-cased text for matching, the text as written, and its line. */
export interface Tok {
  t: string;
  raw: string;
  line: number;
  /** ApexLexer token type, or -1 for tokens cut from a string literal. */
  type: number;
}

export const isIdent = (x: Tok | undefined): x is Tok => !!x && /^[a-z_]\w*$/.test(x.t);

/** Index of the bracket closing the one at `k` (or `sig.length` when unbalanced). */
export function matching(sig: Tok[], k: number, open: string, close: string, end = sig.length): number {
  let depth = 0;
  for (let j = k; j < end; j++) {
    if (sig[j]!.t === open) depth++;
    else if (sig[j]!.t === close && --depth === 0) return j;
  }
  return end;
}

export function matchingBack(sig: Tok[], k: number, open: string, close: string): number {
  let depth = 0;
  for (let j = k; j >= 0; j--) {
    if (sig[j]!.t === close) depth++;
    else if (sig[j]!.t === open && --depth === 0) return j;
  }
  return 0;
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
