import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyInProcess } from '../org/run-cli-async';

/**
 * The evidence pack of a live-org run (verify -o against the emulator, the real CLI entry): the git commit
 * of the project that supplied config/ is shown (it said "not a git repository" online), and a not-verified
 * finding never tells a run that reads the org to use --target-org.
 */
jest.setTimeout(300_000);

const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-online-pack-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('verify -o: the evidence pack', () => {
  it('names the project commit and says what to do in online terms', async () => {
    // Event Monitoring off: ORG-106 is not verified, so the pack carries an online not-verified finding
    const run = await verifyInProcess(
      'compliant',
      ['--format', 'md,html', '--output-dir', out],
      ['invalid-type:events']
    );
    expect(run.code).toBe(1);
    const md = readFileSync(path.join(out, 'phi-guard.md'), 'utf8');
    expect(md).toMatch(/\| Git commit \(project config\) \| [0-9a-f]{40}( \(with uncommitted changes\))? \|/);
    expect(readFileSync(path.join(out, 'phi-guard.html'), 'utf8')).toMatch(
      /<td>Git commit \(project config\)<\/td><td><code>[0-9a-f]{40}/
    );
    expect(md).toContain('ORG-106');
    expect(md).toMatch(/not verified/i);
    expect(md).not.toMatch(/verify the live org with --target-org/);
    expect(md).toContain('give the running user the access the reason names');
  });
});
