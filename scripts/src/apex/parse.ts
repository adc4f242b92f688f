import { readFileSync } from 'node:fs';
import {
  ApexErrorListener,
  ApexParserFactory,
  type ApexParser,
  type ApexToken
} from '@apexdevtools/apex-parser';
import { PredictionMode } from 'antlr4';
import { rel } from '../project/files';
import type { ApexIssue, LayerResult } from './types';

export interface SyntaxError_ {
  line: number;
  column: number;
  message: string;
}

class Collector extends ApexErrorListener {
  readonly errors: SyntaxError_[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column: column + 1, message: shorten(message) });
  }
}

/** ANTLR lists every expected token; keep messages to one readable line. */
function shorten(message: string): string {
  return message
    .replace(/expecting \{[^}]{80,}\}/, 'expecting a statement or expression')
    .replace(/\s+/g, ' ');
}

type Entry = 'compilationUnit' | 'triggerUnit';

function run(source: string, entry: Entry, mode: number) {
  const listener = new Collector();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  (parser as ApexParser & { _interp: { predictionMode: number } })._interp.predictionMode = mode;
  const tree = parser[entry]();
  const tokens = (parser.getTokenStream() as unknown as { tokens: ApexToken[] }).tokens;
  return { tree, errors: listener.errors, tokens };
}

/**
 * Parses one Apex source. SLL prediction is tried first (about 3x faster); SLL can only
 * over-report, so when it reports errors the file is re-parsed with full LL and those errors
 * are authoritative.
 */
export function parseApex(source: string, kind: 'class' | 'trigger') {
  const entry: Entry = kind === 'trigger' ? 'triggerUnit' : 'compilationUnit';
  const fast = run(source, entry, PredictionMode.SLL);
  if (fast.errors.length === 0) return fast;
  return run(source, entry, PredictionMode.LL);
}

export const apexKind = (file: string): 'class' | 'trigger' =>
  file.endsWith('.trigger') ? 'trigger' : 'class';

/** Layer 1: every .cls and .trigger parses. */
export function parserLayer(root: string, files: string[]): LayerResult {
  const issues: ApexIssue[] = [];
  for (const file of files) {
    const { errors } = parseApex(readFileSync(file, 'utf8'), apexKind(file));
    for (const e of errors) issues.push({ layer: 'parser', file: rel(root, file), ...e });
  }
  return { layer: 'parser', filesChecked: files.length, issues };
}
