import type { ApexToken } from '@apexdevtools/apex-parser';
import { CharStream, Token } from 'antlr4';
import { ApexLexer, lexApex, SyntaxErrors } from '../../../apex/lex';
import type { Significant } from './lex';

/**
 * The loader's ApexLexer, for the sources the direct scanner (fast-lex.ts) gives up on: the same ApexLexer as
 * `lexApex` (apex/lex.ts), over a character stream
 * that reads the source string in place. antlr4's `CharStreams.fromString` copies the source into
 * an array of code points and rebuilds every token's text one code point at a time; on the
 * Apex-heavy benchmark project that copying was half of the lexer's time. In place, positions are
 * UTF-16 code units, which are the code points whenever the source has no surrogate pair (no
 * character above U+FFFF), so the tokens, lines and columns are exactly `lexApex`'s; a source
 * with a surrogate pair is lexed by `lexApex` itself. `scripts/test/posture/apex/antlr-lex.test.ts`
 * holds the two to the same tokens.
 */
class InPlaceStream extends CharStream {
  constructor(private readonly source: string) {
    super('', false);
    // The fields antlr4's CharStream reads its input from (text slices come from `strdata`).
    const self = this as unknown as { strdata: string; _size: number };
    self.strdata = source;
    self._size = source.length;
  }

  /** CharStream.LA, reading the string instead of the copied array (EOF is -1). */
  override LA(offset: number): number {
    if (offset === 0) return 0;
    const i = this.index + (offset < 0 ? offset + 1 : offset) - 1;
    return i < 0 || i >= this.source.length ? -1 : this.source.charCodeAt(i);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** A lexer of the given class over the source in place, its errors collected as `lexApex` collects them. */
function inPlace(source: string, Lexer: typeof ApexLexer) {
  const listener = new SyntaxErrors();
  const lexer = new Lexer(new InPlaceStream(source));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  return { lexer, errors: listener.errors };
}

/**
 * Tokens (every channel) and lexical errors (kind and position only) of one Apex source. The fact reader uses
 * `lexApexSignificant`; this whole stream is what antlr-lex.test holds the in-place stream to, token for token.
 */
export function lexApexFast(source: string): ReturnType<typeof lexApex> {
  if (SURROGATE.test(source)) return lexApex(source);
  const { lexer, errors } = inPlace(source, ApexLexer);
  return { errors, tokens: lexer.getAllTokens() as ApexToken[] };
}

/**
 * The in-place lexer for the fact reader, which reads only the default channel and comments: ApexLexer puts every WS
 * token on its WHITESPACE_CHANNEL (2), and they are about half of an Apex file's tokens (2.3 of 4.7 million over the
 * large, Apex-heavy and NPSP bench projects). emit() hands back one shared token for them, never kept, instead of a
 * new one each.
 */
class SignificantLexer extends ApexLexer {
  override emit(): Token {
    if (this._type !== ApexLexer.WS) return super.emit();
    this.emitToken(SHARED_WS);
    return SHARED_WS;
  }
}
const SHARED_WS = { type: ApexLexer.WS } as Token;

/**
 * `lexApexFast` without the whitespace tokens: the same other tokens, in order, and the same errors. The loader's
 * `lexApexSignificant` (lex.ts) calls it for a source the direct scanner gives up on.
 */
export function lexApexSignificantByLexer(source: string): Significant {
  if (SURROGATE.test(source)) {
    const all = lexApex(source);
    return { errors: all.errors, tokens: all.tokens.filter((t) => t.type !== ApexLexer.WS) };
  }
  const { lexer, errors } = inPlace(source, SignificantLexer);
  const tokens: ApexToken[] = [];
  // getAllTokens, but the shared whitespace token is not kept.
  for (let t = lexer.nextToken(); t.type !== Token.EOF; t = lexer.nextToken()) {
    if (t !== SHARED_WS) tokens.push(t as ApexToken);
  }
  return { errors, tokens };
}
