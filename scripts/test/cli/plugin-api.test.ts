import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorInfo, processIo, projectDirFrom, runCommand } from '../../src/cli/plugin-api';
import { UserError } from '../../src/errors';
import { fixture } from '../helpers/paths';
import { captureIo } from '../helpers/run-in-process';

/** What the sf plugin calls (plugin/src/cli.mts loads scripts/src/cli/plugin-api.ts through tsx). */
describe('the plugin API', () => {
  it('runCommand runs the same commands as main, and throws what main prints as one line', async () => {
    const c = captureIo();
    expect(await runCommand(['verify', '-d', fixture('posture', 'compliant'), '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join('')).status).toBe(0);

    await expect(runCommand(['verify', '--bogus'], captureIo().io)).rejects.toThrow(
      'Unknown flag: --bogus. Run with --help for usage.'
    );
    await expect(runCommand([], captureIo().io)).rejects.toThrow('No command given');
    // A command name is looked up as a name, never as an inherited property.
    await expect(runCommand(['constructor'], captureIo().io)).rejects.toThrow('Unknown command: constructor');
    const help = captureIo();
    expect(await runCommand(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toContain('sf phi-guard <command>');
  });

  it('errorInfo: a UserError as it is, anything else an internal error, both exit 2', () => {
    expect(errorInfo(new UserError('Flag --x is wrong', 'UsageError'))).toEqual({
      name: 'UsageError',
      message: 'Flag --x is wrong',
      exitCode: 2
    });
    const bug = errorInfo(new TypeError('x is undefined\n    at somewhere'));
    expect(bug).toMatchObject({ name: 'InternalError', exitCode: 2 });
    expect(bug.message).toMatch(/^Internal error: x is undefined \(set PHI_GUARD_DEBUG=1/);
    expect(errorInfo('thrown text').message).toContain('thrown text');
    expect(typeof processIo.out).toBe('function');
  });

  describe('projectDirFrom: the project a command runs in, as sf finds it', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-projectdir-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('the nearest folder at or above with an sfdx-project.json', () => {
      const project = path.join(root, 'shop');
      const deep = path.join(project, 'force-app', 'main', 'default');
      mkdirSync(deep, { recursive: true });
      writeFileSync(path.join(project, 'sfdx-project.json'), '{}');
      expect(projectDirFrom(deep)).toBe(project);
      expect(projectDirFrom(project)).toBe(project);
    });

    it('the folder itself when no folder above holds one', () => {
      const lone = path.join(root, 'lone');
      mkdirSync(lone);
      expect(projectDirFrom(lone)).toBe(lone);
    });
  });
});
