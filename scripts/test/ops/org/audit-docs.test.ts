import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../../emulator/server';
import { REPO_ROOT } from '../../helpers/paths';
import { runInProcess } from '../../helpers/run-in-process';

/**
 * Every command docs/operations.md shows for audit-log integrity, run as written against the org emulator: `-o prod`
 * becomes the emulator's URL (with SF_ACCESS_TOKEN), and file names are taken in a temporary folder. The export is
 * written from the emulator's rows as a plain export with API names as headers.
 */
const docs = readFileSync(path.join(REPO_ROOT, 'docs/operations.md'), 'utf8');
const section = docs.slice(docs.indexOf('## Audit-log integrity'), docs.indexOf('## Breach playbook'));
const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
const commands = block
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

const work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-audit-docs-'));
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ profile: 'compliant', port: 0 });
});
afterAll(async () => {
  await emu.stop();
  rmSync(work, { recursive: true, force: true });
});

const FILE_FLAGS = new Set([
  '--file',
  '--dead-letter-file',
  '--checkpoint',
  '--public-key',
  '--key',
  '--output',
  '-out',
  '-in'
]);
const resolve = (args: string[]) =>
  args.map((a, i) => (i > 0 && FILE_FLAGS.has(args[i - 1]!) ? path.join(work, a) : a));

/** A plain export, as Data Loader writes one: every column of the rows, API names as headers. */
function exportCsv(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', resolve(args), { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // No openssl on this machine: make the same files with node:crypto (PKCS #8 and SPKI PEM, as openssl writes).
    const priv = path.join(work, 'audit-anchor.pem');
    if (args[0] === 'genpkey') {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    } else {
      const pub = createPublicKey(readFileSync(priv, 'utf8'));
      writeFileSync(path.join(work, 'audit-anchor.pub.pem'), pub.export({ type: 'spki', format: 'pem' }));
    }
  }
}

describe('docs/operations.md: the audit-log commands, as written', () => {
  it('shows key generation, verify -o with a checkpoint, anchor, and verify --file with a checkpoint', () => {
    expect(commands.map((c) => c.split(' ').slice(0, 5).join(' '))).toEqual([
      'openssl genpkey -algorithm ed25519 -out',
      'openssl pkey -in audit-anchor.pem -pubout',
      'npm run audit-log -- verify',
      'npm run audit-log -- anchor',
      'npm run audit-log -- verify'
    ]);
  });

  it('each command exits 0 against the emulated org, in order', async () => {
    const env = { SF_ACCESS_TOKEN: emu.token };
    mkdirSync(path.join(work, 'checkpoints'));
    const log = emu.state.arrayTable('PHI_Access_Log__c');
    writeFileSync(path.join(work, 'phi-access-log.csv'), exportCsv(log.rows));
    writeFileSync(path.join(work, 'dead-letters.csv'), 'Id,Reason__c\n');
    const results: [string, number, string][] = [];
    for (const line of commands) {
      const tokens = line.split(' ');
      if (tokens[0] === 'openssl') {
        openssl(tokens.slice(1));
        if (tokens[1] !== 'pkey') continue;
        // The checkpoint the first verify is held to: yesterday's run of the same pipeline.
        const first = await runInProcess(
          resolve([
            'audit-log',
            'anchor',
            '-o',
            emu.url,
            '--key',
            'audit-anchor.pem',
            '--output',
            'checkpoints/2026-11-24.json'
          ]),
          { env }
        );
        results.push([
          '(setup) anchor 2026-11-24',
          first.code,
          first.stderr.includes('Error') ? first.stderr : ''
        ]);
        continue;
      }
      // `npm run audit-log -- <args>` runs the CLI with `audit-log <args>`.
      const args = resolve(['audit-log', ...tokens.slice(4)]).map((a, i, all) =>
        all[i - 1] === '-o' && a === 'prod' ? emu.url : a
      );
      const r = await runInProcess(args, { env });
      results.push([
        line,
        r.code,
        r.stderr.includes('Error') || r.stdout.includes('PRIVATE KEY') ? r.stderr : ''
      ]);
    }
    expect(results).toEqual(results.map(([line]) => [line, 0, '']));
    expect(
      commands.filter((c) => !c.startsWith('openssl ')).every((c) => c.startsWith('npm run audit-log -- '))
    ).toBe(true);
    // The org id the docs name is the emulated org's (Organization.Id).
    expect(block).toContain(`--org-id ${String(emu.state.arrayTable('Organization').at(0).Id)}`);
    const cp = JSON.parse(readFileSync(path.join(work, 'checkpoints/2026-11-25.json'), 'utf8')) as {
      sequence: number;
    };
    expect(cp.sequence).toBe(500);
  });
});
