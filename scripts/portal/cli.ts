import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFlags } from '../src/cli/args';
import { EXIT, UserError } from '../src/errors';
import { portalMsg } from '../src/messages/portal';
import { startPortalServer, type PortalServer } from './server';

/**
 * `npm run portal`: compiles the force-app portal LWCs once and serves the preview on
 * 127.0.0.1 until interrupted. Exit 2 for a bad flag, a busy port or a build that fails.
 */

export function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 3016;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new UserError(portalMsg.preview.badPort(raw), 'UsageError');
  return port;
}

export async function runPortal(
  argv: string[],
  io: { out(s: string): void; err(s: string): void }
): Promise<{ code: number; server?: PortalServer; stop(): Promise<void> }> {
  const none = { stop: async () => undefined };
  let dir: string | undefined;
  try {
    const { values } = parseFlags(argv, { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.out(portalMsg.preview.usage);
      return { code: EXIT.clean, ...none };
    }
    const port = parsePort(values.port);
    dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-portal-'));
    io.err(portalMsg.preview.building);
    // The compiler (rollup, the LWC compiler) loads only once the flags are good: --help and a bad flag answer at once.
    const { buildPortal } = await import('./build');
    const built = await buildPortal(dir, (warning) => io.err(portalMsg.preview.warning(warning))).catch(
      (e: Error) => {
        throw new UserError(portalMsg.preview.buildFailed(e.message.split('\n')[0] ?? ''));
      }
    );
    io.err(portalMsg.preview.built(built.modules, built.ms));
    const server = await startPortalServer(dir, port).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') throw new UserError(portalMsg.preview.portInUse(port));
      throw e;
    });
    io.out(portalMsg.preview.serving(server.url));
    const out = dir;
    return {
      code: EXIT.clean,
      server,
      stop: async () => {
        await server.close();
        rmSync(out, { recursive: true, force: true });
      }
    };
  } catch (err) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (!(err instanceof UserError)) throw err;
    io.err(`Error: ${err.message}`);
    return { code: EXIT.usage, ...none };
  }
}

if (require.main === module) {
  runPortal(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n')
  }).then(
    ({ code, server, stop }) => {
      if (!server) {
        process.exitCode = code;
        return;
      }
      const shutdown = () => {
        void stop().then(() => process.exit(EXIT.clean));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (err: Error) => {
      process.stderr.write(`Error: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    }
  );
}
