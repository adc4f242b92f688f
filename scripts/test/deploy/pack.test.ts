import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkPackTarget,
  defaultPackDir,
  ensureLocalDir,
  loadPending,
  pendingFile,
  removePending,
  savePending,
  writePack
} from '../../src/deploy/pack';

/** The evidence pack writer: all files or none, never over another release's files. */
let base: string;
beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-pack-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('evidence pack writer', () => {
  it('writes every file or none; refuses a non-empty folder', () => {
    const out = path.join(base, 'pack');
    expect(writePack(out, { 'a.json': '{}', 'b.xml': '<x/>' })).toEqual([
      path.join(out, 'a.json'),
      path.join(out, 'b.xml')
    ]);
    expect(readdirSync(out).sort()).toEqual(['a.json', 'b.xml']);
    expect(readFileSync(path.join(out, 'b.xml'), 'utf8')).toBe('<x/>');
    expect(() => writePack(out, { 'c.json': '{}' })).toThrow(
      `--output-dir ${out} exists and is not an empty folder; choose a new folder for the evidence pack`
    );
    expect(readdirSync(out).sort()).toEqual(['a.json', 'b.xml']);
  });

  it('an existing empty folder is used; a missing parent is created', () => {
    const empty = path.join(base, 'empty');
    mkdirSync(empty);
    expect(writePack(empty, { 'a.json': '{}' })).toHaveLength(1);
    expect(readdirSync(empty)).toEqual(['a.json']);
    const deep = path.join(base, 'x', 'y', 'pack');
    writePack(deep, { 'a.json': '{}' });
    expect(readdirSync(deep)).toEqual(['a.json']);
    expect(readdirSync(path.join(base, 'x', 'y'))).toEqual(['pack']); // no temporary folder left behind
  });

  it('a file in the way, or a path under a file, is refused before anything is written', () => {
    const file = path.join(base, 'file');
    writeFileSync(file, 'x');
    expect(() => checkPackTarget(file)).toThrow(/exists and is not an empty folder/);
    expect(() => writePack(path.join(file, 'sub', 'pack'), { 'a.json': '{}' })).toThrow(
      `--output-dir ${path.join(file, 'sub', 'pack')}: ENOTDIR`
    );
    expect(readdirSync(base)).toEqual(['file']);
  });

  it('a write that fails midway leaves nothing behind and names the folder and the error code', () => {
    // a file the pack cannot hold (its name names a folder that is not there): the staged folder is removed
    const out = path.join(base, 'pack');
    expect(() => writePack(out, { 'a.json': '{}', 'sub/b.json': '{}' })).toThrow(
      `--output-dir ${out}: ENOENT`
    );
    expect(readdirSync(base)).toEqual([]);
    // a name the file system refuses: even the clean-up cannot touch it
    const long = path.join(base, 'p'.repeat(300));
    expect(() => writePack(long, { 'a.json': '{}' })).toThrow(/: ENAMETOOLONG$/);
    expect(readdirSync(base)).toEqual([]);
  });

  it('a link or a device where the folder should be is refused, and left as it was', () => {
    const elsewhere = path.join(base, 'elsewhere');
    mkdirSync(elsewhere);
    const link = path.join(base, 'pack');
    symlinkSync(elsewhere, link);
    expect(() => checkPackTarget(link)).toThrow(/exists and is not an empty folder/);
    expect(() => writePack(link, { 'a.json': '{}' })).toThrow(/exists and is not an empty folder/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(() => writePack('/dev/null', { 'a.json': '{}' })).toThrow(
      '--output-dir /dev/null exists and is not an empty folder'
    );
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('the default pack folder and the record of a deploy that runs past --wait', () => {
  it('defaults under .phi-guard/, which ignores itself in git once created', () => {
    const dir = defaultPackDir(new Date('2026-11-25T12:00:00.123Z'));
    expect(dir).toBe(path.join('.phi-guard', 'deploy-2026-11-25T12-00-00-123Z'));
    const target = path.join(base, dir);
    writePack(target, { 'a.json': '{}' });
    expect(readFileSync(path.join(base, '.phi-guard', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(readdirSync(path.join(base, '.phi-guard')).sort()).toEqual([
      '.gitignore',
      'deploy-2026-11-25T12-00-00-123Z'
    ]);
    // an existing .gitignore is the user's: left as it is
    writeFileSync(path.join(base, '.phi-guard', '.gitignore'), 'mine\n');
    ensureLocalDir(path.join(base, '.phi-guard'));
    expect(readFileSync(path.join(base, '.phi-guard', '.gitignore'), 'utf8')).toBe('mine\n');
  });

  const run = (id: string) =>
    ({
      deploy: { id },
      startedAt: '2026-11-25T12:00:00.000Z',
      ranBy: { osUser: 'release' },
      options: {
        target: 'prod',
        failOn: 'high',
        dryRun: false,
        allowDeletes: false,
        withoutShield: false,
        waitMinutes: 1
      },
      knownGaps: [],
      manifest: '<Package/>',
      bundleSha256: 'c'.repeat(64)
    }) as unknown as Parameters<typeof savePending>[1];

  it('saves, loads and removes the record in the project; refuses an id that is not one', () => {
    const id = '0Af000000000042AAA';
    expect(savePending(base, run(id))).toBe(pendingFile(id));
    expect(loadPending(base, id)).toMatchObject({
      version: 1,
      deployId: id,
      manifest: '<Package/>',
      bundleSha256: 'c'.repeat(64)
    });
    expect(loadPending(base, '0Af000000000043AAA')).toBeUndefined();
    removePending(base, id);
    expect(loadPending(base, id)).toBeUndefined();
    expect(() => savePending(base, run('../../etc/passwd'))).toThrow(/not a deploy id/);
    expect(loadPending(base, '../x')).toBeUndefined();
  });

  it('ignores a record that is not one: bad JSON, another deploy, a forged hash, a link', () => {
    const id = '0Af000000000044AAA';
    const file = path.join(base, pendingFile(id));
    savePending(base, run(id));
    const good = readFileSync(file, 'utf8');
    for (const bad of [
      '{',
      'null',
      good.replace(id, '0Af000000000045AAA'),
      good.replace('c'.repeat(64), 'not-a-hash'),
      good.replace('"version": 1', '"version": 2')
    ]) {
      writeFileSync(file, bad);
      expect(loadPending(base, id)).toBeUndefined();
    }
    rmSync(file);
    const elsewhere = path.join(base, 'elsewhere.json');
    writeFileSync(elsewhere, good);
    symlinkSync(elsewhere, file);
    expect(loadPending(base, id)).toBeUndefined();
  });
});
