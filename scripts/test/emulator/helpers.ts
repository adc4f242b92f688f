import { AuthInfo, Connection } from '@salesforce/core';
import { addAbortListener } from 'node:events';
import type { Emulator } from '../../emulator/server';
import type { HashVersion, LogRow } from '../../src/audit/hash-chain';

// Jest's vm context has no Symbol.dispose, which undici (jsforce's fetch) uses to drop abort listeners: take
// Node's own symbol from a disposable that node:events returns.
if (!Symbol.dispose) {
  const disposable = addAbortListener(new AbortController().signal, () => undefined);
  const sym = Object.getOwnPropertySymbols(disposable)[0];
  if (sym) Object.defineProperty(Symbol, 'dispose', { value: sym });
}

/** A real @salesforce/core Connection (jsforce underneath) to an emulator, or any server with a URL and token. */
export async function connect(emu: Pick<Emulator, 'url' | 'token'>, version = '63.0'): Promise<Connection> {
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

/** PHI access log records (REST shape) as hash-chain rows. */
export function toLogRows(records: Record<string, unknown>[]): LogRow[] {
  return records.map((x) => ({
    sequence: x.Sequence__c as number,
    occurredAt: x.Occurred_At__c as string,
    actorId: x.Actor_Id__c as string,
    objectName: x.Object_Name__c as string,
    recordId: x.Record_Id__c as string,
    fieldNames: (x.Field_Names__c as string | null) ?? '',
    action: x.Action__c as string,
    channel: x.Channel__c as string,
    purpose: x.Purpose__c as string | null,
    eventUuid: x.Event_Uuid__c as string | null,
    dedupId: x.Dedup_Id__c as string | null,
    previousHash: x.Previous_Hash__c as string,
    hash: x.Hash__c as string,
    version: ((x.Hash_Version__c as string | null) || undefined) as HashVersion | undefined
  }));
}

export const LOG_FIELDS =
  'Sequence__c, Occurred_At__c, Actor_Id__c, Object_Name__c, Record_Id__c, Field_Names__c, Action__c, Channel__c, Purpose__c, Event_Uuid__c, Dedup_Id__c, Hash_Version__c, Previous_Hash__c, Hash__c';
