import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, SIZES } from '../../bench/generate';
import { listFiles } from '../../src/project/files';

describe('benchmark generator', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const digest = (root: string) => {
    const h = createHash('sha256');
    for (const f of listFiles([root], () => true)) h.update(path.relative(root, f)).update(readFileSync(f));
    return h.digest('hex');
  };

  it('is deterministic and sized as declared', () => {
    const small = SIZES[0]!;
    const [a, b] = [0, 1].map(() => {
      const d = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-gen-'));
      dirs.push(d);
      return { d, ...generate(d, small) };
    });
    expect(a!.files).toBe(b!.files);
    expect(digest(a!.d)).toBe(digest(b!.d));
    const fields = listFiles([a!.d], (n) => n.endsWith('.field-meta.xml')).length;
    expect(fields).toBe(small.objects * small.fieldsPerObject);
    expect(listFiles([a!.d], (n) => n.endsWith('.cls')).length).toBe(small.apexClasses);
    expect(SIZES[2]).toMatchObject({
      objects: 1000,
      permissionSets: 300,
      fieldPermissionsPerSet: 500,
      profiles: 100,
      apexClasses: 1000
    });
    expect(SIZES[2]!.objects * SIZES[2]!.fieldsPerObject).toBe(20000);
  });
});
