import { startEmulator, type Emulator } from '../../emulator/server';
import type { OrgState } from '../../emulator/state';
import { OrgClient, type OrgClientOptions } from '../../src/org/client';
import { connectOrg } from '../../src/org/connect';

/**
 * Starts the org emulator and connects the real OrgClient to it through @salesforce/core
 * (AuthInfo access-token options + Connection), exactly as `verify -o <url>` does.
 */
export async function emulatedOrg(
  profile: string | OrgState,
  faults: string[] = [],
  opts: OrgClientOptions & { latencyMs?: number; now?: Date } = {}
): Promise<{ emu: Emulator; client: OrgClient }> {
  const { latencyMs, now, ...clientOpts } = opts;
  const emu = await startEmulator({
    ...(typeof profile === 'string' ? { profile } : { state: profile }),
    port: 0,
    faults,
    latencyMs,
    now
  });
  const conn = await connectOrg(emu.url, { SF_ACCESS_TOKEN: emu.token });
  return { emu, client: new OrgClient(conn, { target: emu.url, baseDelayMs: 5, ...clientOpts }) };
}
