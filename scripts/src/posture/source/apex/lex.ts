import type { ApexToken } from '@apexdevtools/apex-parser';
import type { SyntaxError_ } from '../../../apex/lex';
import { scanApexSignificant } from './fast-lex';

/** What the fact reader reads of a token: ApexLexer's, or the direct scanner's (fast-lex.ts). */
export type LexedToken = Pick<ApexToken, 'type' | 'channel' | 'text' | 'line' | 'column' | 'start' | 'stop'>;

/** An Apex source's tokens but whitespace, and its lexical errors (kind and position only). */
export interface Significant {
  errors: SyntaxError_[];
  tokens: LexedToken[];
}

/**
 * The fact reader's lexer: every token of ApexLexer but the whitespace, in order, and its errors. The direct scanner
 * (fast-lex.ts) takes the source first; where it gives up, ApexLexer lexes it (antlr-lex.ts). ApexLexer and antlr4
 * are loaded then, not before: a run whose Apex the scanner reads whole never loads them (about 25 ms).
 * scripts/test/posture/apex/antlr-lex.test.ts and fast-lex.test.ts hold both ways to `lexApex`; lex.test.ts checks
 * that a verify run loads ApexLexer only then.
 */
export function lexApexSignificant(source: string): Significant {
  const scanned = scanApexSignificant(source);
  if (scanned) return { errors: [], tokens: scanned };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lexApexSignificantByLexer } = require('./antlr-lex') as typeof import('./antlr-lex');
  return lexApexSignificantByLexer(source);
}
