import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Check, Finding } from '../../src/checks/types';
import { runChecks, type CheckResult } from '../../src/engine/run-checks';
import type { PostureSnapshot } from '../../src/posture/model';
import { loadProject } from '../../src/posture/source/loader';
import { loadSfdxProject } from '../../src/project/sfdx-project';

/**
 * Writes a small SFDX project to a temp folder and loads it with the real source loader: check
 * tests exercise the same parsing users get, with no mock of our own code.
 * Keys are paths under force-app/main/default, or project-relative when they start with "/".
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-proj-'));
  dirs.push(root);
  writeFileSync(
    path.join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' })
  );
  mkdirSync(path.join(root, 'force-app', 'main', 'default'), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const file = rel.startsWith('/')
      ? path.join(root, rel.slice(1))
      : path.join(root, 'force-app', 'main', 'default', rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

export function snapshotOf(files: Record<string, string>): PostureSnapshot {
  return loadProject(loadSfdxProject(writeProject(files)));
}

export const NOW = new Date('2026-11-25T12:00:00Z');

export function runCheck(
  check: Check,
  files: Record<string, string>,
  now = NOW
): { result: CheckResult; findings: Finding[] } {
  const { checks, findings } = runChecks(snapshotOf(files), now, [check]);
  return { result: checks[0]!, findings };
}

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const doc = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;
const tags = (o: Record<string, string | number | boolean | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `    <${k}>${v}</${k}>`)
    .join('\n');

/** Metadata builders for tests (source format). */
export const md = {
  field: (name: string, o: Record<string, string | number | boolean | undefined> = {}) =>
    doc(
      'CustomField',
      tags({ fullName: name, label: name.replace(/__c$/, ''), type: 'Text', length: 255, ...o })
    ),
  object: (o: Record<string, string | number | boolean | undefined> = {}, extra = '') =>
    doc(
      'CustomObject',
      tags({
        label: 'X',
        sharingModel: 'Private',
        externalSharingModel: 'Private',
        enableHistory: true,
        ...o
      }) + extra
    ),
  permset: (body: string, label = 'Test') => doc('PermissionSet', `    <label>${label}</label>\n${body}`),
  profile: (body: string) => doc('Profile', body),
  fieldPerm: (field: string, read: boolean, edit = false) =>
    `    <fieldPermissions>\n        <editable>${edit}</editable>\n        <field>${field}</field>\n        <readable>${read}</readable>\n    </fieldPermissions>`,
  objectPerm: (
    object: string,
    o: Partial<
      Record<
        'allowRead' | 'allowCreate' | 'allowEdit' | 'allowDelete' | 'viewAllRecords' | 'modifyAllRecords',
        boolean
      >
    >
  ) =>
    `    <objectPermissions>\n${Object.entries({
      allowCreate: false,
      allowDelete: false,
      allowEdit: false,
      allowRead: false,
      modifyAllRecords: false,
      viewAllRecords: false,
      ...o
    })
      .map(([k, v]) => `        <${k}>${v}</${k}>`)
      .join('\n')}\n        <object>${object}</object>\n    </objectPermissions>`,
  userPerm: (name: string) =>
    `    <userPermissions>\n        <enabled>true</enabled>\n        <name>${name}</name>\n    </userPermissions>`,
  settings: (root: string, body: string) => doc(root, body),
  raw: doc
};

/** A PHI field on a custom object, fully compliant unless overridden. */
export const phiField = (name: string, o: Record<string, string | number | boolean | undefined> = {}) =>
  md.field(name, {
    complianceGroup: 'HIPAA',
    securityClassification: 'Restricted',
    encryptionScheme: 'ProbabilisticEncryption',
    trackHistory: true,
    ...o
  });

/** The canary: a recognisable fake PHI value that must never reach any output. */
export const CANARY = 'CANARY-PHI-7f3a';

export function expectNoCanary(...texts: string[]) {
  for (const t of texts) expect(t).not.toContain(CANARY);
}
