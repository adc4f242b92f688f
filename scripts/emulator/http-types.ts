import type { OrgState } from './state';

export interface EmuRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
  contentType?: string;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  /** SOQL text or other query parameters (never a token). */
  query?: string;
  family: 'rest' | 'tooling' | 'composite' | 'soap-metadata' | 'bulk2' | 'versions' | 'oauth' | 'emulator';
  apiCall: boolean;
  write: boolean;
  status: number;
  /** SOAP method or composite subrequest count. */
  detail?: string;
  /** For a deploy: the components the zip holds, as Type:fullName (set once the zip is read). */
  components?: string[];
}

export interface Ctx {
  state: OrgState;
  now: () => Date;
  apiVersionOf(path: string): string;
}

/** REST error body: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm */
export function restError(status: number, errorCode: string, message: string): EmuResponse {
  return { status, body: [{ message, errorCode }] };
}
