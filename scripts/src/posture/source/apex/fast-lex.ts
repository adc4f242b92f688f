import { ApexTokens } from '../../../apex/vocabulary';
import type { LexedToken } from './lex';
import type { Tok } from './tokens';

/**
 * A direct scanner for the Apex that real classes are made of, giving exactly the tokens ApexLexer gives, less the
 * whitespace (what `lexApexSignificant` returns), or `undefined` for a source it does not take on: the caller then
 * runs ApexLexer itself. It never reports an error: anything ApexLexer would call one, and anything whose tokens it
 * is not sure of, makes it give up on the whole source. On the large bench project ApexLexer's ATN simulation was
 * about half of the Apex facts' time.
 *
 * The rules are those of the apex-parser grammar (antlr/BaseApexLexer.g4 in apex-dev-tools/apex-parser, case
 * insensitive): a longest match, and the earlier rule on a tie. The keyword and operator tables are built from the
 * generated lexer's own vocabulary (its literal names, in rule order: apex/vocabulary.ts, held equal to the installed
 * ApexLexer's), not typed in here. It gives up on:
 * - any character outside printable ASCII, tab, CR, LF and form feed, except inside a string or a comment, and a
 *   source with any surrogate pair (ApexLexer counts code points);
 * - the rules it does not scan: date, time and date-time literals (4 digits and `-`, 2 digits and `:`), SOSL's
 *   `[FIND` literals, multi-line strings (`'''`), and `/**` + `/` (where two comment rules overlap);
 * - an unterminated string or comment, a backslash that starts no escape ApexLexer knows, any character no rule takes.
 *
 * scripts/test/posture/apex/fast-lex.test.ts holds it to ApexLexer, token for token (type, channel, text, line,
 * column, offsets), on every Apex file of the repository, the bench generators' classes, and mutated sources.
 */

/**
 * A scanned token: ApexLexer's fields (type, channel, text, line, 0-based column, offsets), and already the fact
 * reader's significant token (`Tok`: lower-cased text, text as written, 1-based column), so that reader keeps it as
 * it is instead of building a second object per token. On a comment, `t` is the text as written (comments are never
 * significant tokens).
 */
export type ScannedToken = LexedToken & Tok;

const DEFAULT = 0;
const COMMENTS = ApexTokens.COMMENT_CHANNEL;

/** Word keywords (lower case) to their token type; operators (longest first) with theirs. */
const { keywords, operators } = (() => {
  const kw = new Map<string, number>();
  const ops: [string, number][] = [];
  const names = ApexTokens.literalNames;
  for (let type = 1; type < names.length; type++) {
    const lit = names[type];
    if (!lit) continue;
    const text = lit.slice(1, -1);
    if (/^[a-z_][a-z0-9_]*$/.test(text)) {
      // The earlier rule wins a tie (a word that two rules name).
      if (!kw.has(text)) kw.set(text, type);
    } else if (/^[^a-z0-9_$\s'"\\]+$/.test(text)) ops.push([text, type]);
    // Anything else ('system.runas') is scanned by its own branch below.
  }
  // BooleanLiteral has two alternatives, so no literal name: 'true' | 'false'.
  kw.set('true', ApexTokens.BooleanLiteral);
  kw.set('false', ApexTokens.BooleanLiteral);
  ops.sort((a, b) => b[0].length - a[0].length);
  return { keywords: kw, operators: ops };
})();

/** Operators by their first character, longest first. */
const opsByFirst = new Map<number, [string, number][]>();
for (const op of operators) {
  const c = op[0].charCodeAt(0);
  const list = opsByFirst.get(c) ?? [];
  list.push(op);
  opsByFirst.set(c, list);
}

/** Character classes below 0x80, by code: bit 1 digit, 2 letter, 4 word ([a-z0-9$_] either case), 8 whitespace, 16 hex. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  CLASS[c] =
    (digit ? 1 : 0) |
    (letter ? 2 : 0) |
    (digit || letter || c === 36 || c === 95 ? 4 : 0) |
    (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 ? 8 : 0) |
    (digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) ? 16 : 0);
}
/** The class bits of a character code (0 above ASCII, and for NaN past the end). */
const cls = (c: number) => (c < 128 ? CLASS[c]! : 0);
const isDigit = (c: number) => (cls(c) & 1) !== 0;
const isLetter = (c: number) => (cls(c) & 2) !== 0;
/** JavaLetterOrDigit below 0x80: [a-z0-9$_], either case. */
const isWordChar = (c: number) => (cls(c) & 4) !== 0;
const isWs = (c: number) => (cls(c) & 8) !== 0;
const isHex = (c: number) => (cls(c) & 16) !== 0;
const SIMPLE_ESCAPES = new Set([98, 116, 110, 102, 114, 34, 39, 92]);
const SYSTEM_RUNAS = 'system.runas';
const SURROGATE = /[\uD800-\uDFFF]/;
/** IntegralCurrencyLiteral: three letters and digits; it wins over Identifier on a tie (an earlier rule). */
const CURRENCY = /^[a-z]{3}[0-9]+$/i;

/** The tokens of `source` but whitespace, or `undefined` when ApexLexer must lex it. */
export function scanApexSignificant(source: string): ScannedToken[] | undefined {
  // Positions are UTF-16 code units, ApexLexer's are code points: they differ only past a surrogate pair.
  if (SURROGATE.test(source)) return undefined;
  const n = source.length;
  const out: ScannedToken[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  /** Counts the line breaks in [from, to): strings and comments that span lines (whitespace counts its own). */
  const lines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (source.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
  };
  /**
   * `t`: the lower-cased text where the caller has it (a word), the text itself where it has no letter; `comment`:
   * a comment's token, on the comment channel, whose `t` is its text as written.
   */
  const push = (type: number, start: number, end: number, t?: string, comment = false) => {
    const text = source.slice(start, end);
    const column = start - lineStart;
    out.push({
      type,
      channel: comment ? COMMENTS : DEFAULT,
      text,
      line,
      column,
      start,
      stop: end - 1,
      t: comment ? text : (t ?? text.toLowerCase()),
      raw: text,
      col: column + 1
    });
  };
  while (i < n) {
    const c = source.charCodeAt(i);
    if (isWs(c)) {
      let j = i;
      for (let w = c; isWs(w); w = source.charCodeAt(++j)) {
        if (w === 10) {
          line++;
          lineStart = j + 1;
        }
      }
      i = j;
      continue;
    }
    if (isLetter(c) || c === 36 || c === 95) {
      let j = i + 1;
      while (j < n && isWordChar(source.charCodeAt(j))) j++;
      if (j - i === 6 && source.slice(i, i + 12).toLowerCase() === SYSTEM_RUNAS) {
        push(ApexTokens.SYSTEMRUNAS, i, i + 12);
        i += 12;
        continue;
      }
      // A word running into a character above ASCII: Identifier takes it; leave that to ApexLexer.
      if (j < n && source.charCodeAt(j) > 127) return undefined;
      const word = source.slice(i, j);
      const lower = word.toLowerCase();
      const type =
        j - i >= 4 && isDigit(word.charCodeAt(3)) && CURRENCY.test(word)
          ? ApexTokens.IntegralCurrencyLiteral
          : (keywords.get(lower) ?? ApexTokens.Identifier);
      push(type, i, j, lower);
      i = j;
      continue;
    }
    if (isDigit(c) || (c === 46 && i + 1 < n && isDigit(source.charCodeAt(i + 1)))) {
      let j = i;
      while (j < n && isDigit(source.charCodeAt(j))) j++;
      const next = j < n ? source.charCodeAt(j) : -1;
      // Date, time and date-time literals start so.
      if ((j - i === 4 && next === 45) || (j - i === 2 && next === 58)) return undefined;
      let type = ApexTokens.IntegerLiteral;
      if (next === 46 && j + 1 < n && isDigit(source.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(source.charCodeAt(j))) j++;
        const d = j < n ? source.charCodeAt(j) : -1;
        if (d === 100 || d === 68) j++;
        type = ApexTokens.NumberLiteral;
      } else if (next === 108 || next === 76) {
        j++;
        type = ApexTokens.LongLiteral;
      }
      push(type, i, j);
      i = j;
      continue;
    }
    if (c === 39) {
      // A multi-line string ('''), or the two-rule corner around it: ApexLexer's.
      if (source.charCodeAt(i + 1) === 39 && source.charCodeAt(i + 2) === 39) return undefined;
      let j = i + 1;
      for (;;) {
        if (j >= n) return undefined;
        const s = source.charCodeAt(j);
        if (s === 39) break;
        if (s === 92) {
          const e = source.charCodeAt(j + 1);
          if (SIMPLE_ESCAPES.has(e)) j += 2;
          else if (
            e === 117 &&
            isHex(source.charCodeAt(j + 2)) &&
            isHex(source.charCodeAt(j + 3)) &&
            isHex(source.charCodeAt(j + 4)) &&
            isHex(source.charCodeAt(j + 5))
          ) {
            j += 6;
          } else return undefined;
          continue;
        }
        j++;
      }
      push(ApexTokens.StringLiteral, i, j + 1);
      lines(i, j);
      i = j + 1;
      continue;
    }
    if (c === 47) {
      const c1 = source.charCodeAt(i + 1);
      if (c1 === 47) {
        let j = i + 2;
        while (j < n) {
          const s = source.charCodeAt(j);
          if (s === 10 || s === 13) break;
          j++;
        }
        push(ApexTokens.LINE_COMMENT, i, j, undefined, true);
        i = j;
        continue;
      }
      if (c1 === 42) {
        const doc = source.charCodeAt(i + 2) === 42;
        if (doc && source.charCodeAt(i + 3) === 47) return undefined;
        const close = source.indexOf('*/', doc ? i + 3 : i + 2);
        if (close === -1) return undefined;
        push(doc ? ApexTokens.DOC_COMMENT : ApexTokens.COMMENT, i, close + 2, undefined, true);
        lines(i, close);
        i = close + 2;
        continue;
      }
    }
    if (c === 91) {
      // SOSL's FindLiteral: '[' WS? 'find' ...
      let j = i + 1;
      while (j < n && isWs(source.charCodeAt(j))) j++;
      if (source.slice(j, j + 4).toLowerCase() === 'find') return undefined;
    }
    const ops = opsByFirst.get(c);
    if (!ops) return undefined;
    let hit: [string, number] | undefined;
    for (const op of ops) {
      if (source.startsWith(op[0], i)) {
        hit = op;
        break;
      }
    }
    if (!hit) return undefined;
    push(hit[1], i, i + hit[0].length, hit[0]);
    i += hit[0].length;
  }
  return out;
}
