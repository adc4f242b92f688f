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

/**
 * Errors made by Node itself (fs, net: an ENOENT, an ECONNRESET) come from Node's realm, so `e instanceof Error`
 * is false for them inside a jest test context, though it is true in any real process. @salesforce/core relies
 * on it (its AliasAccessor creates ~/.sfdx/alias.json only when the read fails with an ENOENT that is
 * `instanceof Error`), so a fresh HOME would fail in process and pass as a CLI. Let the context's Error also
 * recognise Node's own errors, as the single realm of a real process does.
 */
const NodeError = (addAbortListener.constructor as FunctionConstructor)('return Error')() as ErrorConstructor;
if (NodeError !== Error) {
  const own = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(Error, Symbol.hasInstance, {
    configurable: true,
    // Subclasses (TypeError, UserError...) inherit this: they keep the plain check.
    value: function (this: unknown, value: unknown): boolean {
      return own.call(this, value) || (this === Error && own.call(NodeError, value));
    }
  });
}
