import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../../src/posture/source/loader';
import type { PostureSnapshot } from '../../../src/posture/model';
import { loadSfdxProject } from '../../../src/project/sfdx-project';
import { fixture, REPO_ROOT } from '../../helpers/paths';

/**
 * The loader with its XML read and parsed on a worker thread (xml/pool.ts, settled: every XML file comes from the
 * worker) builds the very snapshot it builds on one thread: the same inputs in the same order, the same content
 * digest, problems, gaps and facts.
 */
const kind = (v: unknown) => Object.prototype.toString.call(v);
const asJson = (snap: PostureSnapshot) =>
  JSON.stringify(snap, (_k, v: unknown) =>
    kind(v) === '[object Set]'
      ? [...(v as Set<unknown>)]
      : kind(v) === '[object Map]'
        ? [...(v as Map<unknown, unknown>)]
        : v
  );

let broken: string;
beforeAll(() => {
  // The noncompliant fixture, plus malformed XML, a wrong root element, a folder and a FIFO under metadata names.
  broken = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-loader-xml-pool-'));
  cpSync(fixture('posture', 'noncompliant'), broken, { recursive: true });
  const base = path.join(broken, 'force-app', 'main', 'default');
  const fields = path.join(base, 'objects', 'Broken__c', 'fields');
  mkdirSync(fields, { recursive: true });
  writeFileSync(
    path.join(fields, 'A__c.field-meta.xml'),
    '<CustomField>\n<label>A</label>\n<type>Text</CustomField>\n'
  );
  writeFileSync(
    path.join(fields, 'B__c.field-meta.xml'),
    '<CustomObject>\n<label>B</label>\n</CustomObject>\n'
  );
  mkdirSync(path.join(fields, 'C__c.field-meta.xml'));
  execFileSync('mkfifo', [path.join(fields, 'D__c.field-meta.xml')]);
});
afterAll(() => rmSync(broken, { recursive: true, force: true }));

describe('the loader with an XML worker thread', () => {
  it.each([
    ['posture/compliant', () => fixture('posture', 'compliant')],
    ['posture/noncompliant with broken files', () => broken],
    ['this repository', () => REPO_ROOT]
  ])(
    '%s: the same snapshot as on one thread',
    (_name, dir) => {
      const project = loadSfdxProject(dir());
      const one = loadProject(project, { xml: { workers: 0 } });
      let fromWorkers = 0;
      const pooled = loadProject(project, {
        xml: { workers: 1, minFiles: 0, settle: true, onClose: (s) => (fromWorkers = s.fromWorkers) }
      });
      expect(fromWorkers).toBeGreaterThan(10);
      expect(pooled.inputs).toEqual(one.inputs);
      expect(pooled.inputsSha256).toBe(one.inputsSha256);
      expect(pooled.problems).toEqual(one.problems);
      expect(asJson(pooled)).toBe(asJson(one));
      expect(one.inputs.length).toBeGreaterThan(10);
    },
    120_000
  );

  it('reports the broken files from the worker as on one thread: malformed XML by line, a wrong root', () => {
    let stats: { fromWorkers: number } | undefined;
    const snap = loadProject(loadSfdxProject(broken), {
      xml: { workers: 1, minFiles: 0, settle: true, onClose: (s) => (stats = s) }
    });
    // Every XML file came from the worker (settled before the first one's turn).
    expect(stats?.fromWorkers).toBe(snap.inputs.filter((f) => f.endsWith('.xml')).length);
    const mine = snap.problems.filter((p) => p.file.includes('Broken__c/fields/'));
    expect(mine.map((p) => [p.file.split('/').pop(), p.line, p.message])).toEqual([
      ['D__c.field-meta.xml', undefined, 'not a regular file (a FIFO, socket or device): it is not read'],
      ['A__c.field-meta.xml', 3, 'malformed XML: closing tag does not match the element opened on line 3'],
      ['B__c.field-meta.xml', 1, 'not a CustomField file (its root element is not <CustomField>)']
    ]);
  }, 120_000);
});
