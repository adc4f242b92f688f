import { restError, type EmuRequest, type EmuResponse } from './http-types';
import type { OrgState } from './state';

/** Bulk API 2.0 query jobs: not implemented yet (next slice). */
export class BulkApi {
  constructor(
    private readonly state: OrgState,
    private readonly now: () => Date
  ) {}
  handle(_req: EmuRequest, _version: string, _rest: string): EmuResponse {
    void this.state;
    void this.now;
    return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
}
