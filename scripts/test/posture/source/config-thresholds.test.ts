import { InputError } from '../../../src/errors';
import { loadConfig } from '../../../src/posture/source/config-files';
import { runCli } from '../../helpers/run-cli';
import { snapshotOf, writeProject } from '../../helpers/project';

const configured = (json: string) => writeProject({ '/config/phi-guard.json': json });

function errorOf(root: string): InputError {
  try {
    loadConfig(root);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('config/phi-guard.json thresholds', () => {
  it('defaults: key rotation 365 days, Health Check minimum score 80', () => {
    expect(loadConfig(writeProject({}))).toMatchObject({ keyRotationDays: 365, healthCheckMinScore: 80 });
  });

  it('accepts whole numbers in range', () => {
    const root = configured(JSON.stringify({ keyRotationDays: 90, healthCheckMinScore: 95 }));
    expect(loadConfig(root)).toMatchObject({ keyRotationDays: 90, healthCheckMinScore: 95 });
  });

  it.each([
    ['keyRotationDays', '"365"', 'from 1 to 3650'],
    ['keyRotationDays', '0', 'from 1 to 3650'],
    ['keyRotationDays', '3651', 'from 1 to 3650'],
    ['keyRotationDays', '30.5', 'from 1 to 3650'],
    ['healthCheckMinScore', '101', 'from 0 to 100'],
    ['healthCheckMinScore', '-1', 'from 0 to 100'],
    ['healthCheckMinScore', 'null', 'from 0 to 100']
  ])('rejects %s = %s, naming the file and line', (key, value, range) => {
    const root = configured(`{\n  "description": "x",\n  "${key}": ${value}\n}\n`);
    const e = errorOf(root);
    expect(e.message).toBe(`config/phi-guard.json:3: "${key}" must be a whole number ${range}`);
    expect(e.exitCode).toBe(2);
  });

  it('the thresholds are part of the inputs fingerprint', () => {
    const a = snapshotOf({ '/config/phi-guard.json': JSON.stringify({ keyRotationDays: 365 }) });
    const b = snapshotOf({ '/config/phi-guard.json': JSON.stringify({ keyRotationDays: 364 }) });
    const c = snapshotOf({ '/config/phi-guard.json': JSON.stringify({ healthCheckMinScore: 81 }) });
    const d = snapshotOf({});
    expect(new Set([a, b, c].map((s) => s.inputsSha256)).size).toBe(3);
    // The file itself is an input too: spelling out a default changes its bytes, so the fingerprint
    // changes with it even though the effective config is the same.
    expect(a.inputsSha256).not.toBe(d.inputsSha256);
  });

  it('verify exits 2 with one line naming the file and line for an out-of-range threshold', () => {
    const root = configured('{\n  "healthCheckMinScore": 150\n}\n');
    const run = runCli(['verify', '-d', root]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'Error: config/phi-guard.json:2: "healthCheckMinScore" must be a whole number from 0 to 100'
    ]);
    expect(run.stdout).toBe('');
  });
});
