import { addAbortListener } from 'node:events';

/**
 * Jest runs each test file in its own vm context. On Node 22, `Symbol.dispose` is not a V8
 * well-known symbol but one Node defines in its own realm, so the test context lacks it. undici
 * (jsforce's fetch) reads `events.addAbortListener(...)[Symbol.dispose]`, which is then undefined,
 * and every in-process HTTP request fails at clean-up ("removeAbortListener is not a function").
 * Give the context Node's own symbol, read off a disposable that Node returns, so the in-process
 * org tests run the same fetch as the CLI does.
 */
const disposable = addAbortListener(new AbortController().signal, () => undefined) as unknown as Record<
  symbol,
  () => void
>;
const [nodeDispose] = Object.getOwnPropertySymbols(disposable);
if (nodeDispose === undefined) throw new Error('events.addAbortListener returned no disposable');
disposable[nodeDispose]?.();
if ((Symbol as unknown as { dispose?: symbol }).dispose !== nodeDispose) {
  Object.defineProperty(Symbol, 'dispose', { value: nodeDispose, configurable: true });
}
