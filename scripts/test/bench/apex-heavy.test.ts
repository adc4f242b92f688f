import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APEX_HEAVY, generateApexHeavy } from '../../bench/apex-heavy';
import { apexFacts } from '../../src/posture/source/apex-facts';
import { listFiles } from '../../src/project/files';

describe('Apex-heavy benchmark project', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const make = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-heavy-'));
    dirs.push(d);
    return { d, ...generateApexHeavy(d, { classes: 30, metadataFiles: 1500 }) };
  };
  const digest = (root: string) => {
    const h = createHash('sha256');
    for (const f of listFiles([root], () => true)) h.update(path.relative(root, f)).update(readFileSync(f));
    return h.digest('hex');
  };

  it('mirrors NPSP at full size and scales down deterministically', () => {
    expect(APEX_HEAVY).toEqual({ classes: 1000, apexBytes: 14_000_000, metadataFiles: 9600 });
    const a = make();
    const b = make();
    expect(digest(a.d)).toBe(digest(b.d));
    const classes = listFiles([a.d], (n) => n.endsWith('.cls'));
    expect(classes).toHaveLength(30);
    expect(listFiles([a.d], (n) => n.endsWith('-meta.xml'))).toHaveLength(1500);
    expect(a.metadataFiles).toBe(1500);
    // 14 KB of Apex per class on average, as in NPSP.
    expect(a.apexBytes / 30).toBeGreaterThan(12_000);
    expect(a.apexBytes / 30).toBeLessThan(16_000);
    // Valid Apex that the verifier reads without a syntax error; a third are test classes.
    const facts = classes.map((f) => apexFacts(f, f, readFileSync(f, 'utf8')));
    expect(facts.filter((x) => x.parseError)).toEqual([]);
    expect(facts.filter((x) => x.isTest)).toHaveLength(10);
  });
});
