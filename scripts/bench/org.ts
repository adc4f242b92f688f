import { spawn } from 'node:child_process';
import path from 'node:path';
import { startEmulator } from '../emulator/server';
import { main } from '../src/cli/main';

/**
 * `npm run bench` (org part): `verify -o` against the emulator's `large` profile (200,000 users,
 * 2,000 objects, 40,000 fields, 1,000 permission sets) with 50 ms of added latency per call.
 * The emulator runs in this process; verify runs in its own process, which reports its work time
 * and peak RSS. Prints the API calls used (as counted by the client and by the emulator), the wall
 * time and the peak RSS. Target: at most 50 API calls.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
const LATENCY_MS = 50;
const MAX_CALLS = 50;

/** The measured side: the real command, output captured. */
async function child(url: string): Promise<void> {
  let out = '';
  const io = {
    out: (t: string) => (out += t),
    err: () => undefined,
    progress: () => undefined,
    isTTY: false,
    errIsTTY: false
  };
  const t0 = performance.now();
  const code = await main(['verify', '-o', url, '--json', '--no-progress'], io);
  const ms = performance.now() - t0;
  const json = JSON.parse(out) as { result?: { source?: { apiCalls?: number } }; message?: string };
  process.stdout.write(
    `${JSON.stringify({ code, ms, calls: json.result?.source?.apiCalls, error: json.message, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`
  );
}

async function parent(): Promise<void> {
  process.stdout.write(`\norg: verify -o against the emulator's large profile, --latency-ms ${LATENCY_MS}\n`);
  const t = performance.now();
  const emu = await startEmulator({ profile: 'large', port: 0, latencyMs: LATENCY_MS });
  const setupMs = performance.now() - t;
  try {
    const t0 = performance.now();
    const stdout = await new Promise<string>((resolve, reject) => {
      const p = spawn(NODE, [TSX, __filename, 'child', emu.url], {
        cwd: ROOT,
        env: {
          ...process.env,
          SF_ACCESS_TOKEN: emu.token,
          PATH: `${path.dirname(NODE)}${path.delimiter}${process.env.PATH ?? ''}`
        }
      });
      let buf = '';
      p.stdout.on('data', (d: Buffer) => (buf += d.toString()));
      p.on('error', reject);
      p.on('close', () => resolve(buf));
    });
    const wallMs = performance.now() - t0;
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
      code: number;
      ms: number;
      calls?: number;
      error?: string;
      maxRssMb: number;
    };
    const apiCalls = emu.requests().filter((e) => e.apiCall).length;
    if (r.error) process.stdout.write(`org: verify failed: ${r.error}\n`);
    process.stdout.write(
      `org: ${r.calls ?? '?'} API calls by the client (${apiCalls} counted by the emulator, including the connection's user lookup; target <= ${MAX_CALLS}); ` +
        `wall ${(wallMs / 1000).toFixed(2)} s (verify ${(r.ms / 1000).toFixed(2)} s); peak RSS ${r.maxRssMb.toFixed(0)} MB; exit ${r.code}` +
        ` (emulator start-up ${(setupMs / 1000).toFixed(2)} s, not counted)\n`
    );
  } finally {
    await emu.stop();
  }
}

if (process.argv[2] === 'child') void child(process.argv[3]!);
else void parent();
