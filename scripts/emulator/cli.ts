import { startEmulator } from './server';
import { PROFILES } from './profiles/index';
import { Faults } from './faults';

/**
 * npm run org-emulator -- --profile <name> [--port N] [--latency-ms N] [--fault <name>]...
 * Prints the instance URL and the bearer token of this throwaway local org (the emulator's own token, not a
 * Salesforce credential), then serves until interrupted.
 */
const USAGE =
  'usage: npm run org-emulator -- --profile <compliant|noncompliant|no-shield|large> [--port N] [--latency-ms N] [--fault NAME]...';

function fail(msg: string): never {
  process.stderr.write(`org-emulator: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

export function parseArgs(argv: string[]): {
  profile: string;
  port: number;
  latencyMs: number;
  faults: string[];
} {
  const out = { profile: 'compliant', port: 0, latencyMs: 0, faults: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? (a.split(/=(.*)/s) as [string, string]) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${flag} needs a value`);
      return v;
    };
    const int = (v: string) => {
      if (!/^\d+$/.test(v)) fail(`${flag} must be a whole number, got '${v}'`);
      return Number(v);
    };
    switch (flag) {
      case '--profile':
        out.profile = value();
        if (!(PROFILES as readonly string[]).includes(out.profile)) fail(`unknown profile '${out.profile}'`);
        break;
      case '--port':
        out.port = int(value());
        break;
      case '--latency-ms':
        out.latencyMs = int(value());
        break;
      case '--fault': {
        const f = value();
        try {
          Faults.validate(f);
        } catch (e) {
          fail((e as Error).message);
        }
        out.faults.push(f);
        break;
      }
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown flag '${a}'`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const emu = await startEmulator(args);
  process.stdout.write(
    `org emulator (${args.profile}) ready in ${Date.now() - t0} ms\n` +
      `instance URL: ${emu.url}\n` +
      `access token: ${emu.token}\n` +
      `request log:  ${emu.url}/__emulator/requests\n` +
      `login:        npx sf org login access-token --instance-url ${emu.url} --no-prompt  (SF_ACCESS_TOKEN=<token>)\n`
  );
  const stop = () => void emu.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
