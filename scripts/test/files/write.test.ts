import { execFileSync } from 'node:child_process';
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
  targetProblem,
  WriteRefused,
  writeFilesAtomically,
  writeFolderAtomically
} from '../../src/files/write';
import { runInProcess } from '../helpers/run-in-process';
import { writeProject } from '../helpers/project';

/**
 * The write rule every command that writes goes through (issue 19, item 6): only regular files, all or nothing. The
 * issue's case was `incident start --output /dev/full` run as root, which renamed a temporary file over the device.
 * A FIFO stands in for the device here (a test must never risk a real device node): both are "exists and is not a
 * regular file", and before the fix both were replaced the same way.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const refused = (fn: () => unknown): WriteRefused => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WriteRefused);
    return e as WriteRefused;
  }
  throw new Error('not refused');
};

describe('writeFilesAtomically', () => {
  it('writes new files and replaces regular ones, leaving no temporary file', () => {
    writeFileSync(path.join(dir, 'b.md'), 'old');
    const written = writeFilesAtomically([
      { file: path.join(dir, 'sub', 'a.md'), text: 'A' },
      { file: path.join(dir, 'b.md'), text: Buffer.from('B') }
    ]);
    expect(written).toEqual([path.join(dir, 'sub', 'a.md'), path.join(dir, 'b.md')]);
    expect(readFileSync(path.join(dir, 'b.md'), 'utf8')).toBe('B');
    expect(readdirSync(dir).sort()).toEqual(['b.md', 'sub']);
    expect(readdirSync(path.join(dir, 'sub'))).toEqual(['a.md']);
  });

  it('refuses a FIFO, a link, a folder or a device as a target before anything is written', () => {
    const fifo = path.join(dir, 'fifo.md');
    execFileSync('mkfifo', [fifo]);
    const target = path.join(dir, 'target.md');
    writeFileSync(target, 'keep');
    const link = path.join(dir, 'link.md');
    symlinkSync(target, link);
    mkdirSync(path.join(dir, 'folder.md'));
    for (const bad of [fifo, link, path.join(dir, 'folder.md'), '/dev/null']) {
      const e = refused(() =>
        writeFilesAtomically([
          { file: path.join(dir, 'first.md'), text: 'x' },
          { file: bad, text: 'x' }
        ])
      );
      expect(e.file).toBe(bad);
      expect(e.code).toBe('NOT_REGULAR');
      expect(e.message).toBe(
        `${bad}: exists and is not a regular file (a device, FIFO, socket, folder or symbolic link); it is never replaced`
      );
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    // all or nothing: the first file of each set was not written either
    expect(readdirSync(dir).sort()).toEqual(['fifo.md', 'folder.md', 'link.md', 'target.md']);
  });

  it('a file that cannot be created: the error code, every temporary file removed', () => {
    writeFileSync(path.join(dir, 'blocker'), 'x');
    const e = refused(() =>
      writeFilesAtomically([
        { file: path.join(dir, 'a.md'), text: 'A' },
        { file: path.join(dir, 'blocker', 'b.md'), text: 'B' }
      ])
    );
    expect(e.code).toBe('ENOTDIR');
    expect(readdirSync(dir)).toEqual(['blocker']);
    expect(targetProblem(path.join(dir, 'blocker', 'x'))).toEqual({
      reason: 'cannot be written (ENOTDIR)',
      code: 'ENOTDIR'
    });
  });
});

describe('writeFolderAtomically', () => {
  it('builds the folder beside its target and renames it into place; refuses a taken one', () => {
    const out = path.join(dir, 'pack');
    expect(writeFolderAtomically(out, { 'a.json': '{}' })).toEqual([path.join(out, 'a.json')]);
    expect(readdirSync(dir)).toEqual(['pack']);
    expect(refused(() => writeFolderAtomically(out, { 'b.json': '{}' })).code).toBe('FOLDER_TAKEN');
    expect(readdirSync(out)).toEqual(['a.json']);
  });
});

describe('commands that write (through the real CLI entry)', () => {
  it('incident start --output <a FIFO>: exit 2, one line naming the flag and the file; the FIFO is left as it was', async () => {
    const fifo = path.join(dir, 'full');
    execFileSync('mkfifo', [fifo]);
    const r = await runInProcess(['incident', 'start', '--discovered', '2026-10-01', '--output', fifo], {
      env: { PHI_GUARD_NOW: '2026-11-26T09:00:00Z' }
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `Error: --output: ${fifo}: exists and is not a regular file (a device, FIFO, socket, folder or symbolic link); it is never replaced`
    );
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['full']);
  });

  it('verify --output-dir with a FIFO under a report name: exit 2, no report written', async () => {
    const root = writeProject({});
    const out = path.join(dir, 'reports');
    mkdirSync(out);
    execFileSync('mkfifo', [path.join(out, 'phi-guard.sarif')]);
    const r = await runInProcess(['verify', '-d', root, '--format', 'md,sarif', '--output-dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `Error: --output-dir ${out}: phi-guard.sarif exists and is not a regular file (a device, FIFO, socket, folder or symbolic link); it is never replaced`
    );
    expect(readdirSync(out)).toEqual(['phi-guard.sarif']);
    expect(lstatSync(path.join(out, 'phi-guard.sarif')).isFIFO()).toBe(true);
  });
});
