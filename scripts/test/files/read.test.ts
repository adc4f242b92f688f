import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CONFIG_FILE_CAP,
  fileProblem,
  isInside,
  readBytesIfPresent,
  readText,
  readTextIfPresent,
  RefusedFile,
  sha256OfFile
} from '../../src/files/read';

/**
 * The read rule every project and config file goes through (issue 19, item 11): a regular file, inside the project
 * once its links are resolved, within a size cap; a FIFO, a device or a folder is refused before a byte is read.
 */
let root: string;
let outside: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-read-'));
  outside = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-outside-'));
  mkdirSync(path.join(root, 'config'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const rule = (display: string, cap = CONFIG_FILE_CAP) => ({ display, cap, root });
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RefusedFile);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('the read rule', () => {
  it('reads a regular file inside the project, also through a link that stays inside', () => {
    const file = path.join(root, 'config', 'a.json');
    writeFileSync(file, '{"a": 1}');
    expect(readText(file, rule('config/a.json'))).toBe('{"a": 1}');
    symlinkSync('a.json', path.join(root, 'config', 'b.json'));
    expect(readTextIfPresent(path.join(root, 'config', 'b.json'), rule('config/b.json'))).toBe('{"a": 1}');
    expect(sha256OfFile(file, rule('config/a.json'))).toBe(
      createHash('sha256').update('{"a": 1}').digest('hex')
    );
  });

  it('nothing at the path is "absent"; a link to nothing is refused, never taken for absent', () => {
    expect(
      readTextIfPresent(path.join(root, 'config', 'none.json'), rule('config/none.json'))
    ).toBeUndefined();
    expect(sha256OfFile(path.join(root, 'none'), rule('none'))).toBeUndefined();
    expect(refusal(() => readText(path.join(root, 'none'), rule('none')))).toBe(
      'none: cannot be read (ENOENT)'
    );
    symlinkSync(path.join(root, 'gone'), path.join(root, 'config', 'dangling.json'));
    expect(
      refusal(() =>
        readTextIfPresent(path.join(root, 'config', 'dangling.json'), rule('config/dangling.json'))
      )
    ).toBe('config/dangling.json: is a symbolic link to nothing');
  });

  it('a link out of the project, to a file or to /dev/zero, is refused before it is opened', () => {
    writeFileSync(path.join(outside, 'register.json'), '{"controls": {}}');
    symlinkSync(path.join(outside, 'register.json'), path.join(root, 'config', 'register.json'));
    expect(
      refusal(() =>
        readTextIfPresent(path.join(root, 'config', 'register.json'), rule('config/register.json'))
      )
    ).toMatch(/^config\/register\.json: points outside the project/);
    symlinkSync('/dev/zero', path.join(root, 'sfdx-project.json'));
    expect(refusal(() => readText(path.join(root, 'sfdx-project.json'), rule('sfdx-project.json')))).toMatch(
      /^sfdx-project\.json: points outside the project/
    );
    // a folder of the project that is itself a link out: the file's real path is outside
    symlinkSync(outside, path.join(root, 'linked'));
    expect(refusal(() => readText(path.join(root, 'linked', 'register.json'), rule('x')))).toMatch(
      /points outside the project/
    );
  });

  it('a FIFO is refused at once (opened non-blocking), a folder and a device too', () => {
    const fifo = path.join(root, 'config', 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => readText(fifo, rule('config/fifo.json')))).toBe(
      'config/fifo.json: is not a regular file (a FIFO, socket or device); it is not read'
    );
    expect(refusal(() => readText(path.join(root, 'config'), rule('config')))).toBe(
      'config: is a folder, not a file'
    );
    // a file the user named on the command line has no project root, and is still only read as a regular file
    expect(refusal(() => readText('/dev/zero', { display: '/dev/zero', cap: CONFIG_FILE_CAP }))).toBe(
      '/dev/zero: is not a regular file (a FIFO, socket or device); it is not read'
    );
  });

  it('a walked file is opened as it is: read when regular, refused when a link, a FIFO, a folder or gone', () => {
    const walked = (display: string) => ({ display, cap: CONFIG_FILE_CAP, walked: true });
    const file = path.join(root, 'config', 'a.json');
    writeFileSync(file, '{"a": 1}');
    expect(readText(file, walked('config/a.json'))).toBe('{"a": 1}');
    // A link swapped in after the walk is not followed (O_NOFOLLOW), in or out of the project.
    symlinkSync('a.json', path.join(root, 'config', 'b.json'));
    expect(refusal(() => readText(path.join(root, 'config', 'b.json'), walked('config/b.json')))).toBe(
      'config/b.json: is a symbolic link; it is not followed'
    );
    symlinkSync('/dev/zero', path.join(root, 'config', 'zero.json'));
    expect(refusal(() => readText(path.join(root, 'config', 'zero.json'), walked('config/zero.json')))).toBe(
      'config/zero.json: is a symbolic link; it is not followed'
    );
    const fifo = path.join(root, 'config', 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => readText(fifo, walked('config/fifo.json')))).toBe(
      'config/fifo.json: is not a regular file (a FIFO, socket or device); it is not read'
    );
    expect(refusal(() => readText(path.join(root, 'config'), walked('config')))).toBe(
      'config: is a folder, not a file'
    );
    expect(refusal(() => readText(path.join(root, 'gone'), walked('gone')))).toBe(
      'gone: cannot be read (ENOENT)'
    );
    // A walked path in another form (relative, a `.` or `..` segment, a doubled separator) is resolved as before.
    for (const form of [
      path.relative(process.cwd(), file),
      path.join(root, 'config', '..', 'config', 'a.json').replace('/config/..', '/config/./..'),
      `${root}//config/a.json`,
      `${root}/config/./a.json`
    ]) {
      expect(readText(form, walked('config/a.json'))).toBe('{"a": 1}');
    }
    expect(refusal(() => readText(`${root}/config/./b.json`, walked('config/b.json')))).toMatch(
      /symbolic link/
    );
    // With a root, the rule holds the file inside it as before (walked changes nothing then).
    expect(
      refusal(() =>
        readText(path.join(root, 'config', 'zero.json'), { ...rule('config/zero.json'), walked: true })
      )
    ).toMatch(/points outside the project/);
  });

  it('stops at the cap: a larger file is refused whole, in bounded memory', () => {
    const file = path.join(root, 'big.xml');
    writeFileSync(file, 'x'.repeat(3 * 1024 * 1024 + 1));
    const threeMiB = 3 * 1024 * 1024;
    expect(refusal(() => readBytesIfPresent(file, rule('big.xml', threeMiB)))).toBe(
      'big.xml: is larger than 3 MiB, the limit for this kind of file; it is not read'
    );
    expect(refusal(() => sha256OfFile(file, rule('big.xml', threeMiB)))).toMatch(/larger than 3 MiB/);
    expect(readBytesIfPresent(file, rule('big.xml', threeMiB + 1))?.length).toBe(threeMiB + 1);
  });

  it('reads past the size a file reported (it grew), still stopping one byte past the cap', () => {
    // /proc files are regular files that report size 0 and then yield their content: a file that grew after fstat.
    const status = readText('/proc/self/status', { display: 'status', cap: CONFIG_FILE_CAP, walked: true });
    expect(status).toMatch(/^Name:/);
    expect(status.length).toBeGreaterThan(1);
    expect(
      readBytesIfPresent('/proc/self/status', { display: 'status', cap: 1 << 20, walked: true })?.length
    ).toBe(Buffer.byteLength(status));
    expect(refusal(() => readText('/proc/self/status', { display: 'status', cap: 8, walked: true }))).toMatch(
      /^status: is larger than/
    );
  });

  it('one read never shows another file: text of every size, in any order, is exactly its own', () => {
    const big = path.join(root, 'big.cls');
    const small = path.join(root, 'small.cls');
    const mid = path.join(root, 'mid.cls');
    writeFileSync(big, 'b'.repeat(5 * 1024 * 1024)); // above the shared buffer's size: a buffer of its own
    writeFileSync(mid, 'm'.repeat(200 * 1024));
    writeFileSync(small, 'é');
    const empty = path.join(root, 'empty.cls');
    writeFileSync(empty, '');
    for (const order of [
      [mid, small, big, empty],
      [big, empty, mid, small]
    ]) {
      const texts = order.map((f) => readText(f, rule('x', 8 * 1024 * 1024)));
      expect(texts.map((x) => x.length)).toEqual(
        order.map((f) => ({ [big]: 5 * 1024 * 1024, [mid]: 200 * 1024, [small]: 1, [empty]: 0 })[f])
      );
      expect(texts[order.indexOf(small)]).toBe('é');
    }
    expect(sha256OfFile(mid, rule('mid.cls'))).toBe(
      createHash('sha256')
        .update('m'.repeat(200 * 1024))
        .digest('hex')
    );
  });

  it('fileProblem says what a setting names, without reading it', () => {
    writeFileSync(path.join(root, 'config', 'ok.json'), '{}');
    const r = { display: 'x', root };
    expect(fileProblem(path.join(root, 'config', 'ok.json'), r)).toBeUndefined();
    expect(fileProblem(path.join(root, 'config', 'absent.json'), r)).toBeUndefined();
    expect(fileProblem(path.join(root, 'config'), r)).toBe('is a folder, not a file');
    execFileSync('mkfifo', [path.join(root, 'config', 'fifo')]);
    expect(fileProblem(path.join(root, 'config', 'fifo'), r)).toMatch(/^is not a regular file/);
    symlinkSync('/etc/hostname', path.join(root, 'config', 'out.json'));
    expect(fileProblem(path.join(root, 'config', 'out.json'), r)).toMatch(/^points outside the project/);
  });

  it('isInside: the folder itself and below, never a sibling that shares its prefix', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/b/..foo')).toBe(true);
  });
});
