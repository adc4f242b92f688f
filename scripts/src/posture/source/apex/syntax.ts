import { ApexTokens } from '../../../apex/vocabulary';
import type { Tok } from './tokens';

/**
 * Syntax checks a lexer pass can make without the parser: brackets that do not match, a block whose
 * last statement has no `;`, two values side by side in an expression, a class file without a
 * class. They find the usual breakage (a truncated file, a lost `;`, a stray word) at a fraction of
 * the parser's cost; `phi-guard apex-validate` (the parser layer) recognises the full grammar.
 * Messages carry the kind of error only, never the text at the position.
 */
export interface StructureError {
  line: number;
  column: number;
  message: string;
}

const VALUE_TYPES = new Set([
  ApexTokens.Identifier,
  ApexTokens.StringLiteral,
  ApexTokens.MultilineStringLiteral,
  ApexTokens.IntegerLiteral,
  ApexTokens.LongLiteral,
  ApexTokens.NumberLiteral,
  ApexTokens.BooleanLiteral,
  ApexTokens.NullLiteral
]);
/** Closing bracket to its opener. A Map: `in` on an object literal also finds `constructor`. */
const CLOSE = new Map([
  [')', '('],
  [']', '['],
  ['}', '{']
]);
const BLOCK_KEYWORDS = new Set(['else', 'try', 'finally', 'do', 'get', 'set', 'static']);

interface Open {
  t: string;
  /** A statement block (not a collection initializer or an enum body). */
  block: boolean;
  /** An expression (the right of `=`) is open at this depth. */
  expr: boolean;
  /** Annotation arguments: `name='x' other='y'` pairs are separated by spaces. */
  annotation?: boolean;
}

const err = (x: Tok, message: string): StructureError => ({ line: x.line, column: x.col ?? 1, message });

export function checkStructure(sig: Tok[], kind: 'class' | 'trigger'): StructureError | undefined {
  const stack: Open[] = [];
  let expr = false;
  for (let k = 0; k < sig.length; k++) {
    const x = sig[k]!;
    const prev = sig[k - 1];
    if (x.t === '(' || x.t === '[' || x.t === '{' || x.t.startsWith('[find')) {
      const t = x.t.startsWith('[') ? '[' : x.t;
      let block = false;
      if (t === '{') {
        const p = prev?.t ?? '';
        const enumBody = sig[k - 2]?.t === 'enum';
        block =
          !enumBody &&
          (p === ')' ||
            BLOCK_KEYWORDS.has(p) ||
            (!!prev && prev.type === ApexTokens.Identifier) ||
            p === '{' ||
            p === '}' ||
            p === ';');
      }
      const annotation = t === '(' && sig[k - 2]?.t === '@';
      stack.push({ t, block, expr, annotation });
      // A query's words sit side by side: skip to its closing bracket.
      if (t === '[' && (x.t !== '[' || sig[k + 1]?.t === 'select')) {
        let depth = 1;
        let j = k + 1;
        for (; j < sig.length; j++) {
          if (sig[j]!.t === '[') depth++;
          else if (sig[j]!.t === ']' && --depth === 0) break;
        }
        if (j >= sig.length) return err(x, 'unbalanced brackets');
        stack.pop();
        k = j;
        continue;
      }
      if (t === '{') expr = false;
      continue;
    }
    const opener = CLOSE.get(x.t);
    if (opener) {
      const open = stack.pop();
      if (!open || open.t !== opener) return err(x, 'unbalanced brackets');
      if (x.t === '}' && open.block && prev && prev.t !== ';' && prev.t !== '{' && prev.t !== '}')
        return err(prev, 'missing token');
      expr = open.expr;
      continue;
    }
    if (x.t === ';') {
      expr = false;
      continue;
    }
    if (stack[stack.length - 1]?.annotation) continue;
    if (x.type === ApexTokens.ASSIGN && /^[;,)\]}]$/.test(sig[k + 1]?.t ?? ';'))
      return err(sig[k + 1] ?? x, 'unexpected token');
    if (x.type === ApexTokens.ASSIGN || x.t === 'return') expr = true;
    else if (expr && x.t === ',' && stack.length && stack[stack.length - 1]!.t === '{') expr = false;
    if (expr && prev && VALUE_TYPES.has(x.type) && VALUE_TYPES.has(prev.type) && prev.t !== 'return')
      return err(x, 'unexpected token');
  }
  const open = stack.pop();
  if (open) return err(sig[sig.length - 1]!, 'unbalanced brackets');
  if (kind === 'class' && !sig.some((x) => x.t === 'class' || x.t === 'interface' || x.t === 'enum'))
    return err(sig[0] ?? { t: '', raw: '', line: 1, type: 0 }, 'no class declaration');
  if (kind === 'trigger' && sig[0]?.t !== 'trigger')
    return err(sig[0] ?? { t: '', raw: '', line: 1, type: 0 }, 'no trigger declaration');
  return undefined;
}
