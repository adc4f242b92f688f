import { ApexErrorListener } from '@apexdevtools/apex-parser/ApexErrorListener';
import ApexLexer from '@apexdevtools/apex-parser/antlr/ApexLexer';
import type { ApexToken } from '@apexdevtools/apex-parser';
import { CharStreams } from 'antlr4';

/**
 * The Apex lexer alone, loaded from the package's own entry points for it (`antlr/ApexLexer`,
 * `ApexErrorListener`): its main entry loads the generated parser too (ApexParser.cjs is 690 kB, its
 * listener and visitor another 80 kB, each with a source map), which only `apex/parse.ts` needs. A
 * `verify -d` run lexes Apex and never parses it, so it never loads the parser.
 */
export { ApexLexer };

export interface SyntaxError_ {
  line: number;
  column: number;
  message: string;
}

/**
 * ANTLR's messages quote the offending input ("mismatched input 'x'", "no viable alternative at
 * input '...'", "token recognition error at: '...'"), which is file content and may be PHI. Only
 * the kind of error is kept; the position travels separately.
 */
export function syntaxErrorKind(message: string): string {
  if (message.startsWith('mismatched input')) return 'unexpected token';
  if (message.startsWith('extraneous input')) return 'unexpected extra token';
  if (message.startsWith('missing ')) return 'missing token';
  if (message.startsWith('no viable alternative')) return 'unrecognised statement or expression';
  if (message.startsWith('token recognition error')) return 'unrecognised character';
  return 'syntax error';
}

/** Collects syntax errors, kind and position only (columns 1-based). */
export class SyntaxErrors extends ApexErrorListener {
  readonly errors: SyntaxError_[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column: column + 1, message: syntaxErrorKind(message) });
  }
}

/**
 * Lexes one Apex source: its tokens (every channel) and lexical errors (kind and position only).
 * About fifty times cheaper than recognising it with the parser. The lexer over the code points of
 * the source, as the package's `ApexParserFactory.createLexer` builds it.
 */
export function lexApex(source: string) {
  const listener = new SyntaxErrors();
  const lexer = new ApexLexer(CharStreams.fromString(source));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const tokens = lexer.getAllTokens() as ApexToken[];
  return { errors: listener.errors, tokens };
}

export { apexKind } from './vocabulary';
