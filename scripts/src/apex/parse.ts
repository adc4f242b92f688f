import { ApexParserFactory, type ApexParser, type ApexToken } from '@apexdevtools/apex-parser';
import { PredictionMode } from 'antlr4';
import { readText, SOURCE_FILE_CAP } from '../files/read';
import { rel } from '../project/files';
import { apexKind, SyntaxErrors } from './lex';
import type { ApexIssue, LayerResult } from './types';

export { apexKind, lexApex, syntaxErrorKind, type SyntaxError_ } from './lex';

type Entry = 'compilationUnit' | 'triggerUnit';

function run(source: string, entry: Entry, mode: number) {
  const listener = new SyntaxErrors();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  (parser as ApexParser & { _interp: { predictionMode: number } })._interp.predictionMode = mode;
  // Nothing reads the tree: recognising the input is enough to find syntax errors, and not
  // building it roughly halves the parse time and memory.
  parser.buildParseTrees = false;
  parser[entry]();
  const tokens = (parser.getTokenStream() as unknown as { tokens: ApexToken[] }).tokens;
  return { errors: listener.errors, tokens };
}

/**
 * Recognises one Apex source and returns its syntax errors (kind and position only) and its token
 * stream. SLL prediction is tried first (about 3x faster); SLL can only over-report, so when it
 * reports errors the file is re-parsed with full LL and those errors are authoritative.
 */
export function parseApex(source: string, kind: 'class' | 'trigger') {
  const entry: Entry = kind === 'trigger' ? 'triggerUnit' : 'compilationUnit';
  const fast = run(source, entry, PredictionMode.SLL);
  if (fast.errors.length === 0) return fast;
  return run(source, entry, PredictionMode.LL);
}

/** Layer 1: every .cls and .trigger parses. */
export function parserLayer(root: string, files: string[]): LayerResult {
  const issues: ApexIssue[] = [];
  for (const file of files) {
    const source = readText(file, { display: rel(root, file), cap: SOURCE_FILE_CAP });
    const { errors } = parseApex(source, apexKind(file));
    for (const e of errors) issues.push({ layer: 'parser', file: rel(root, file), ...e });
  }
  return { layer: 'parser', filesChecked: files.length, issues };
}
