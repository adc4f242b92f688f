import { AuthInfo, Connection } from '@salesforce/core';
import { addAbortListener } from 'node:events';
import type { Emulator } from '../../emulator/server';

// Jest's vm context has no Symbol.dispose, which undici (jsforce's fetch) uses to drop abort listeners: take
// Node's own symbol from a disposable that node:events returns.
if (!Symbol.dispose) {
  const disposable = addAbortListener(new AbortController().signal, () => undefined);
  const sym = Object.getOwnPropertySymbols(disposable)[0];
  if (sym) Object.defineProperty(Symbol, 'dispose', { value: sym });
}

/** A real @salesforce/core Connection (jsforce underneath) to an emulator. */
export async function connect(emu: Emulator, version = '63.0'): Promise<Connection> {
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken: emu.token, instanceUrl: emu.url, loginUrl: emu.url }
  });
  const conn = await Connection.create({ authInfo });
  conn.setApiVersion(version);
  return conn;
}

/** Raw HTTP call, for asserting exact wire shapes and headers. */
export async function call(
  emu: Emulator,
  path: string,
  init: { method?: string; body?: string; token?: string | null; headers?: Record<string, string> } = {}
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? emu.token}`;
  const res = await fetch(`${emu.url}${path}`, { method: init.method ?? 'GET', body: init.body, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}
