import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runInProcess } from '../helpers/run-in-process';
import { writeProject as projectWith } from '../helpers/project';

/** A small project with a config/ folder (the helper's files, plus the folder the hostile files go in). */
const writeProject = (files: Record<string, string>) => {
  const root = projectWith(files);
  mkdirSync(path.join(root, 'config'), { recursive: true });
  return root;
};

/**
 * Issue 19, items 11 and 12, as users hit them: `verify` on a project whose config files are hostile. Each one is
 * one line naming the file (and the line, where a setting is at fault), exit 2, no hang, no internal error, and
 * nothing of the file's content in the output.
 */
jest.setTimeout(120_000);

let outside: string;
beforeAll(() => {
  outside = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-outside-'));
  writeFileSync(
    path.join(outside, 'register.json'),
    JSON.stringify({ controls: {}, baas: [{ vendor: 'CANARY-VENDOR-7f3a' }] })
  );
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const verify = (root: string) => runInProcess(['verify', '-d', root, '--no-progress']);
const oneError = async (root: string) => {
  const r = await verify(root);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/Internal error|CANARY/);
  return lines[0];
};

describe('config and project files that are not what they claim (item 11)', () => {
  it('config/compliance-register.json linked outside the project', async () => {
    const root = writeProject({});
    symlinkSync(path.join(outside, 'register.json'), path.join(root, 'config', 'compliance-register.json'));
    expect(await oneError(root)).toMatch(
      /^Error: config\/compliance-register\.json: points outside the project/
    );
  });

  it('a link to /dev/zero as the register, and as sfdx-project.json: refused before a byte is read', async () => {
    const root = writeProject({});
    symlinkSync('/dev/zero', path.join(root, 'config', 'compliance-register.json'));
    expect(await oneError(root)).toMatch(/^Error: config\/compliance-register\.json: points outside/);
    const project = path.join(root, 'sfdx-project.json');
    unlinkSync(project);
    symlinkSync('/dev/zero', project);
    expect(await oneError(root)).toBe(
      `Error: ${project}: points outside the project (a symbolic link, or a path that resolves out of it); only files inside the project are read`
    );
  });

  it('a FIFO as the register: refused at once, no hang', async () => {
    const root = writeProject({});
    execFileSync('mkfifo', [path.join(root, 'config', 'compliance-register.json')]);
    expect(await oneError(root)).toBe(
      'Error: config/compliance-register.json: is not a regular file (a FIFO, socket or device); it is not read'
    );
  });

  it('a FIFO as config/phi-guard.json, and the register as a folder', async () => {
    const root = writeProject({});
    execFileSync('mkfifo', [path.join(root, 'config', 'phi-guard.json')]);
    expect(await oneError(root)).toMatch(/^Error: config\/phi-guard\.json: is not a regular file/);
    const other = writeProject({ '/config/compliance-register.json/x': '' });
    expect(await oneError(other)).toBe('Error: config/compliance-register.json: is a folder, not a file');
  });
});

describe('config/phi-guard.json with hostile keys (item 12)', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    '"%s" is an unknown key on its line, never Object.prototype',
    async (key) => {
      const root = writeProject({
        '/config/phi-guard.json': `{\n  "description": "x",\n  "${key}": [1, 2]\n}\n`
      });
      expect(await oneError(root)).toBe(`Error: config/phi-guard.json:3: unknown key "${key}"`);
    }
  );

  it('"registerFile" naming a folder, a FIFO or a link out: the setting\'s line, exit 2', async () => {
    const root = writeProject({ '/config/phi-guard.json': '{\n  "registerFile": "config"\n}\n' });
    expect(await oneError(root)).toBe(
      'Error: config/phi-guard.json:2: "registerFile" names "config", which is a folder, not a file'
    );
    const fifo = writeProject({
      '/config/phi-guard.json': '{\n\n  "dictionaryFile": "config/dict.json"\n}\n'
    });
    execFileSync('mkfifo', [path.join(fifo, 'config', 'dict.json')]);
    expect(await oneError(fifo)).toMatch(
      /^Error: config\/phi-guard\.json:3: "dictionaryFile" names "config\/dict\.json", which is not a regular file/
    );
    const link = writeProject({ '/config/phi-guard.json': '{ "suppressionsFile": "config/s.json" }' });
    symlinkSync(path.join(outside, 'register.json'), path.join(link, 'config', 's.json'));
    expect(await oneError(link)).toMatch(
      /^Error: config\/phi-guard\.json:1: "suppressionsFile" names "config\/s\.json", which points outside the project/
    );
  });
});
