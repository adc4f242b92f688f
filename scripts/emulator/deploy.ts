import { restError, type EmuRequest, type EmuResponse, type RequestLogEntry } from './http-types';
import type { SoapCall } from './soap';
import type { OrgState } from './state';
import type { Faults } from './faults';

/** Metadata deploy: not implemented yet (later slice). */
export class DeployApi {
  constructor(
    private readonly state: OrgState,
    private readonly now: () => Date,
    private readonly faults: Faults
  ) {}
  handleSoap(_call: SoapCall, _entry: RequestLogEntry): string | undefined {
    void this.state;
    void this.now;
    void this.faults;
    return undefined;
  }
  handleRest(_req: EmuRequest, _version: string, _rest: string): EmuResponse {
    return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
}
