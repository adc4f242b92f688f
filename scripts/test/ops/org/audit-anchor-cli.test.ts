import { verify as edVerify } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordHash } from '../../../emulator/audit-chain';
import { accessLogRow, appendAccessLog, moveChainHead } from '../../../emulator/profiles/index';
import { startEmulator, type Emulator } from '../../../emulator/server';
import type { Row } from '../../../emulator/state';
import { runInProcess } from '../../helpers/run-in-process';
import { checkpointText, testKeys } from '../audit/checkpoint-helpers';

/**
 * The chain head and outside checkpoints against the org emulator, through the real CLI entry: `audit-log verify -o`
 * holds the log to PHI_Audit_Chain_Head__c (issue 19: a cut tail is a break naming the head), and `audit-log anchor`
 * signs checkpoints that `verify --checkpoint` holds the log to (issue 20: a deleted tail, and a middle row rewritten
 * with every later hash and the head recomputed, fail; a forged checkpoint is refused). Rewrites use the emulator's
 * own chain implementation, as an insider with deploy rights would use any SHA-256.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-anchor-'));
const started: Emulator[] = [];
afterAll(async () => {
  for (const e of started) await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

const keys = testKeys(dir, 'pipeline');
let n = 0;
const out = () => path.join(dir, `checkpoint-${++n}.json`);

async function emulator(): Promise<Emulator> {
  const emu = await startEmulator({ profile: 'compliant', port: 0 });
  started.push(emu);
  return emu;
}

const cli = (emu: Emulator, args: string[]) => runInProcess(args, { env: { SF_ACCESS_TOKEN: emu.token } });
const log = (emu: Emulator) => emu.state.arrayTable('PHI_Access_Log__c');
const rows = (emu: Emulator): Row[] => Array.from({ length: log(emu).size() }, (_, i) => log(emu).at(i));

type Result = {
  status: number;
  result: {
    rows: number;
    breaks: { kind: string; sequence?: number; headSequence?: number; recordId?: string; reason?: string }[];
    head?: { sequence: number; lastDigest: string } | null;
    checkpoints: { status: string }[];
    limits: string[];
  };
};
const verifyJson = async (emu: Emulator, ...args: string[]) => {
  const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url, '--json', ...args]);
  return { code: r.code, out: JSON.parse(r.stdout) as Result, stderr: r.stderr };
};
const anchor = (emu: Emulator, file: string, ...args: string[]) =>
  cli(emu, ['audit-log', 'anchor', '-o', emu.url, '--key', keys.privatePem, '--output', file, ...args]);
const withCheckpoint = (emu: Emulator, ...files: string[]) =>
  verifyJson(emu, ...files.flatMap((f) => ['--checkpoint', f]), '--public-key', keys.publicPem);

/** The insider's rewrite: rows from index `from` re-linked and re-hashed, then the head moved to match. */
function rewriteFrom(emu: Emulator, from: number): void {
  const all = rows(emu);
  for (let i = from; i < all.length; i++) {
    all[i]!.Sequence__c = i + 1;
    all[i]!.Sequence_Key__c = String(i + 1);
    all[i]!.Previous_Hash__c = i === 0 ? '0'.repeat(64) : all[i - 1]!.Hash__c;
    all[i]!.Hash__c = recordHash(all[i]!);
  }
  moveChainHead(emu.state);
}

/** A busy writer: each time the head is served, the subscriber commits one more row right after. */
function busyWriter(emu: Emulator): void {
  const head = emu.state.arrayTable('PHI_Audit_Chain_Head__c').at(0);
  let seq = Number(head.Sequence__c);
  let digest = String(head.Last_Digest__c);
  const start = Date.parse(String(rows(emu)[0]!.Occurred_At__c));
  const commit = () => {
    const row = accessLogRow(seq, digest, start);
    log(emu).insert(row);
    seq += 1;
    digest = row.Hash__c;
  };
  Object.defineProperty(head, 'Sequence__c', { enumerable: true, get: () => seq });
  Object.defineProperty(head, 'Last_Digest__c', {
    enumerable: true,
    get: () => {
      setImmediate(commit);
      return digest;
    }
  });
}

describe('audit-log verify -o: the chain head', () => {
  it('the untouched profile chain ends at its head and passes', async () => {
    const emu = await emulator();
    const r = await verifyJson(emu);
    expect(r.code).toBe(0);
    expect(r.out.result.head).toMatchObject({ sequence: 500, lastDigest: rows(emu)[499]!.Hash__c });
    expect(r.out.result.limits[0]).toMatch(
      /^The hash chain is unkeyed SHA-256 and its head lives in the org/
    );
  });

  it.each([1, 50])('the last %i row(s) deleted: exit 1, and the report names the chain head', async (cut) => {
    const emu = await emulator();
    log(emu).removeWhere((row) => Number(row.Sequence__c) > 500 - cut);
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `First break: chain head mismatch: the chain head (PHI_Audit_Chain_Head__c PHI_ACCESS_LOG) says the log ends at sequence 500`
    );
    expect(r.stdout).toContain(`but the log ends at sequence ${500 - cut} with hash`);
    expect(r.stdout).toContain('Chain BROKEN: 1 break(s).');
    const j = await verifyJson(emu);
    expect(j.out.result.breaks.map((b) => [b.kind, b.sequence, b.headSequence])).toEqual([
      ['head-mismatch', 500 - cut, 500]
    ]);
  });

  it('no head record is a break; a head object the org will not serve is not verified', async () => {
    const emu = await emulator();
    emu.state.arrayTable('PHI_Audit_Chain_Head__c').removeWhere(() => true);
    expect((await verifyJson(emu)).out.result.breaks.map((b) => b.kind)).toEqual(['head-missing']);
    emu.state.tables.delete('phi_audit_chain_head__c');
    const r = await cli(emu, ['audit-log', 'verify', '-o', emu.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'not verified: the chain head (PHI_Audit_Chain_Head__c PHI_ACCESS_LOG) could not be read, so rows cut from the end cannot be ruled out'
    );
    expect(r.stdout).toContain('Chain NOT VERIFIED');
  });

  it('two head records for the chain are a break', async () => {
    const emu = await emulator();
    const heads = emu.state.arrayTable('PHI_Audit_Chain_Head__c');
    heads.insert({ ...heads.at(0), Id: 'a0X00000000HEAD2AA' });
    expect((await verifyJson(emu)).out.result.breaks.map((b) => b.kind)).toEqual(['head-duplicate']);
  });

  it('rows the writer commits while the log is read are newer than the head read first, not a cut', async () => {
    const emu = await emulator();
    busyWriter(emu);
    const r = await verifyJson(emu);
    expect(r.code).toBe(0);
    expect(r.out.result.head).toMatchObject({ sequence: 500, rowsAfterHead: 1 });
    expect(r.out.result.rows).toBe(501);
  });

  it('rows past the head it read first are re-checked against the head read after; a head left behind is a break', async () => {
    const emu = await emulator();
    // Rows appended without moving the head: what a writer with the trigger bypassed leaves.
    const t = log(emu);
    const head = emu.state.arrayTable('PHI_Audit_Chain_Head__c').at(0);
    appendAccessLog(emu.state, 5);
    emu.state.arrayTable('PHI_Audit_Chain_Head__c').removeWhere(() => true);
    emu.state.arrayTable('PHI_Audit_Chain_Head__c').insert(head);
    expect(t.size()).toBe(505);
    const r = await verifyJson(emu);
    expect(r.code).toBe(1);
    expect(r.out.result.breaks.map((b) => [b.kind, b.sequence, b.headSequence])).toEqual([
      ['head-mismatch', 505, 500]
    ]);
  });
});

describe('audit-log anchor and verify --checkpoint', () => {
  it('anchors the head in a signed checkpoint that verifies by the documented bytes, and holds the untouched chain', async () => {
    const emu = await emulator();
    const file = out();
    const r = await anchor(emu, file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Checkpoint written: ${file}`);
    const cp = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | number>;
    const last = rows(emu)[499]!;
    expect(cp).toMatchObject({
      format: 'phi-guard-audit-checkpoint/v1',
      // Organization.Id as the org answers it (the profile's record).
      orgId: emu.state.arrayTable('Organization').at(0).Id,
      chain: 'PHI_ACCESS_LOG',
      sequence: 500,
      headHash: last.Hash__c
    });
    expect(String(cp.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // The signature checked with node:crypto over the six documented lines, not through our code.
    const bytes = [cp.format, cp.orgId, cp.chain, cp.sequence, cp.headHash, cp.time].join('\n');
    expect(
      edVerify(null, Buffer.from(bytes), keys.publicKey, Buffer.from(String(cp.signature), 'base64'))
    ).toBe(true);
    // No key material in the output or the checkpoint.
    const pem = readFileSync(keys.privatePem, 'utf8').split('\n')[1]!;
    expect(r.stdout + r.stderr + readFileSync(file, 'utf8')).not.toContain(pem);
    const held = await withCheckpoint(emu, file);
    expect(held.code).toBe(0);
    expect(held.out.result.checkpoints.map((c) => c.status)).toEqual(['held']);
    expect(held.out.result.limits[0]).toMatch(/^Rows after sequence 500 \(the latest checkpoint held/);
  });

  it('a deleted tail with the head moved to match passes alone, and fails against the checkpoint', async () => {
    const emu = await emulator();
    const file = out();
    expect((await anchor(emu, file)).code).toBe(0);
    log(emu).removeWhere((row) => Number(row.Sequence__c) > 480);
    moveChainHead(emu.state);
    expect((await verifyJson(emu)).code).toBe(0);
    const r = await withCheckpoint(emu, file);
    expect(r.code).toBe(1);
    expect(r.out.result.breaks.map((b) => [b.kind, b.sequence, b.headSequence])).toEqual([
      ['checkpoint-truncated', 480, 500]
    ]);
  });

  it('a middle row rewritten with every later hash and the head recomputed passes alone, and fails against the checkpoint', async () => {
    const emu = await emulator();
    const file = out();
    expect((await anchor(emu, file)).code).toBe(0);
    const victim = rows(emu)[199]!;
    victim.Actor_Id__c = '005000000000999AAA';
    rewriteFrom(emu, 199);
    expect((await verifyJson(emu)).code).toBe(0);
    const r = await withCheckpoint(emu, file);
    expect(r.code).toBe(1);
    expect(r.out.result.breaks.map((b) => [b.kind, b.sequence])).toEqual([['checkpoint-mismatch', 500]]);
    const text = await cli(emu, [
      'audit-log',
      'verify',
      '-o',
      emu.url,
      '--checkpoint',
      file,
      '--public-key',
      keys.publicPem
    ]);
    expect(text.stdout).toContain(`rewritten: checkpoint ${file} says sequence 500 had hash`);
  });

  it('a later checkpoint extends the proof; rows after the latest one are named as unproven', async () => {
    const emu = await emulator();
    const first = out();
    expect((await anchor(emu, first)).code).toBe(0);
    appendAccessLog(emu.state, 20);
    const second = out();
    expect((await anchor(emu, second)).code).toBe(0);
    const r = await withCheckpoint(emu, first, second);
    expect(r.code).toBe(0);
    expect(r.out.result.limits[0]).toMatch(/^Rows after sequence 520 /);
  });

  it('a forged checkpoint signature is refused; so is a checkpoint of another org', async () => {
    const emu = await emulator();
    const file = out();
    expect((await anchor(emu, file)).code).toBe(0);
    const cp = JSON.parse(readFileSync(file, 'utf8')) as { sequence: number; headHash: string };
    // The insider cuts the tail and presents a checkpoint edited to match: the signature no longer verifies.
    log(emu).removeWhere((row) => Number(row.Sequence__c) > 490);
    moveChainHead(emu.state);
    const edited = path.join(dir, 'edited.json');
    writeFileSync(
      edited,
      JSON.stringify({ ...cp, sequence: 490, headHash: rows(emu)[489]!.Hash__c }, null, 2)
    );
    const forged = await withCheckpoint(emu, edited);
    expect(forged.code).toBe(1);
    expect(forged.out.result.breaks.map((b) => [b.kind, b.reason])).toEqual([
      ['checkpoint-refused', 'bad-signature']
    ]);
    expect(forged.out.result.checkpoints.map((c) => c.status)).toEqual(['refused']);
    const other = path.join(dir, 'other-org.json');
    writeFileSync(
      other,
      checkpointText(keys.privateKey, {
        orgId: '00D0000000000ZZAAA',
        sequence: 490,
        headHash: String(rows(emu)[489]!.Hash__c)
      })
    );
    const r = await withCheckpoint(emu, other);
    expect(r.code).toBe(1);
    expect(r.out.result.breaks.map((b) => b.kind)).toEqual(['checkpoint-other-org']);
  });

  it('refuses to anchor a head that the last row does not match, and writes nothing', async () => {
    const emu = await emulator();
    log(emu).removeWhere((row) => Number(row.Sequence__c) === 500);
    const file = out();
    const r = await anchor(emu, file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NOT ANCHORED: nothing was signed or written.');
    expect(r.stdout).toContain(
      'the chain head (PHI_Audit_Chain_Head__c PHI_ACCESS_LOG) says the log ends at sequence 500'
    );
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    [
      'an altered last row',
      (emu: Emulator) => void (rows(emu)[499]!.Action__c = 'purge'),
      'last-row-altered'
    ],
    [
      'a last row whose hash cannot be recomputed',
      (emu: Emulator) => void (rows(emu)[499]!.Event_Uuid__c = 'NOT-A-UUID'),
      'last-row-altered'
    ],
    [
      'rows past a head that does not move',
      (emu: Emulator) => {
        const head = emu.state.arrayTable('PHI_Audit_Chain_Head__c').at(0);
        appendAccessLog(emu.state, 3);
        emu.state.arrayTable('PHI_Audit_Chain_Head__c').removeWhere(() => true);
        emu.state.arrayTable('PHI_Audit_Chain_Head__c').insert(head);
      },
      'head-mismatch'
    ],
    [
      'no head',
      (emu: Emulator) => emu.state.arrayTable('PHI_Audit_Chain_Head__c').removeWhere(() => true),
      'head-missing'
    ],
    [
      'an empty log',
      (emu: Emulator) => {
        log(emu).removeWhere(() => true);
        moveChainHead(emu.state);
      },
      'empty'
    ],
    [
      'a duplicated head',
      (emu: Emulator) => {
        const heads = emu.state.arrayTable('PHI_Audit_Chain_Head__c');
        heads.insert({ ...heads.at(0), Id: 'a0X00000000HEAD2AA' });
      },
      'head-duplicate'
    ],
    [
      'a head object the org does not serve',
      (emu: Emulator) => void emu.state.tables.delete('phi_audit_chain_head__c'),
      'head-unreadable'
    ]
  ])('does not anchor %s (exit 1, --json names the problem)', async (_what, spoil, problem) => {
    const emu = await emulator();
    spoil(emu);
    const file = out();
    const r = await anchor(emu, file, '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { result: { anchored: boolean; problem: string } }).result).toMatchObject(
      {
        anchored: false,
        problem
      }
    );
    expect(existsSync(file)).toBe(false);
  });

  it('--json carries the checkpoint and the file', async () => {
    const emu = await emulator();
    const file = out();
    const r = await anchor(emu, file, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      status: number;
      result: { anchored: boolean; file: string; checkpoint: object };
    };
    expect(j).toMatchObject({ status: 0, result: { anchored: true, file } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(j.result.checkpoint);
  });

  it.each([
    [['-o', 'https://x.example', '--output', 'c.json'], 'Flag --key is required.'],
    [['--key', 'k.pem', '--output', 'c.json'], 'Flag --target-org is required.'],
    [['-o', 'https://x.example', '--key', 'k.pem'], 'Flag --output is required.'],
    [['-o', 'https://x.example', '--key', 'k.pem', '--output', 'c.json', '--verbose'], 'verbose']
  ])('usage errors are one line, exit 2: %j', async (args, message) => {
    const r = await runInProcess(['audit-log', 'anchor', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('a log that keeps growing while it is read is read again, then left unanchored', async () => {
    const emu = await emulator();
    busyWriter(emu);
    const file = out();
    const r = await anchor(emu, file, '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { result: { problem: string } }).result.problem).toBe('moving');
    expect(existsSync(file)).toBe(false);
    const text = await anchor(emu, file);
    expect(text.stdout).toContain('the log kept growing while it was read; run anchor again.');
  });

  it('an org that does not name its id is exit 2, one line, nothing written', async () => {
    const emu = await emulator();
    emu.state.arrayTable('Organization').removeWhere(() => true);
    const file = out();
    const r = await anchor(emu, file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'Error: reading Organization from the org failed (no org id in the answer); nothing was reported'
    );
    expect(existsSync(file)).toBe(false);
  });

  it('a key that is not an Ed25519 private key, or an output that is a folder, is exit 2 before any call', async () => {
    const emu = await emulator();
    const before = emu.requests().length;
    const pub = await anchor(emu, out(), '--key', keys.publicPem);
    expect(pub.code).toBe(2);
    expect(pub.stderr.trim()).toBe(`Error: ${keys.publicPem}: not an Ed25519 private key in PEM (PKCS #8)`);
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    const f = await anchor(emu, folder);
    expect(f.stderr.trim()).toBe(`Error: ${folder}: not a file`);
    expect(emu.requests().length).toBe(before);
  });
});
