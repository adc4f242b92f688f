import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MARKER_FILE, startPortal, waitForMarker, writeMarker } from './marker';

/**
 * global-setup.ts starts the build and the browser and returns at once; the portal test files wait for the marker.
 * A failed build fails every file with the build's own message, and a build that never ends fails them after a
 * bounded wait, never a hang. The build and the browser here are stand-ins: what is under test is the hand-over.
 */

describe('the portal set-up marker', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-marker-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const browser = () => {
    const server = {
      closed: 0,
      wsEndpoint: () => 'ws://127.0.0.1:1/x',
      close: async () => void (server.closed += 1)
    };
    return server;
  };

  it('ready: carries the endpoint, the compiler warnings and the icons; nothing half-written is left', async () => {
    const server = browser();
    const started = startPortal(
      dir,
      async (_dir, warn) => {
        warn('c/x: a warning');
        return { icons: ['utility:close'] };
      },
      async () => server
    );
    const marker = await waitForMarker(dir, 5000, 10);
    expect(marker).toEqual({
      ok: true,
      ws: 'ws://127.0.0.1:1/x',
      warnings: ['c/x: a warning'],
      icons: ['utility:close']
    });
    expect(await started).toBe(server);
    expect(server.closed).toBe(0);
    expect(readdirSync(dir)).toEqual([MARKER_FILE]);
  });

  it('a failed build fails the waiting test files with its message, and the browser is stopped', async () => {
    const server = browser();
    const started = startPortal(
      dir,
      async () => {
        throw new Error('c/patientPrescriptions: Unexpected token (12:3)');
      },
      async () => server
    );
    await expect(waitForMarker(dir, 5000, 10)).rejects.toThrow(
      'the portal preview did not build: c/patientPrescriptions: Unexpected token (12:3)'
    );
    expect(await started).toBeUndefined();
    expect(server.closed).toBe(1);
  });

  it('a browser that does not start fails them the same way', async () => {
    await startPortal(
      dir,
      async () => ({ icons: [] }),
      async () => {
        throw new Error('Chromium exited');
      }
    );
    await expect(waitForMarker(dir, 5000, 10)).rejects.toThrow(
      'the portal preview did not build: Chromium exited'
    );
  });

  it('no marker: a bounded wait naming the folder, not a hang', async () => {
    const t = Date.now();
    await expect(waitForMarker(dir, 300, 10)).rejects.toThrow(
      `the portal bundle in ${dir} was not ready after 0 s`
    );
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('a marker written while waiting is read whole (written to a temporary name, then renamed)', async () => {
    const waiting = waitForMarker(dir, 5000, 10);
    setTimeout(() => writeMarker(dir, { ok: true, ws: 'ws://w', warnings: [], icons: [] }), 50);
    expect((await waiting).ws).toBe('ws://w');
    expect(existsSync(path.join(dir, MARKER_FILE))).toBe(true);
    expect(readdirSync(dir)).toEqual([MARKER_FILE]);
  });
});
