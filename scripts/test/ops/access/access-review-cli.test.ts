import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../../helpers/run-cli';
import { runInProcess } from '../../helpers/run-in-process';
import { CANARY, expectNoCanary, md, phiField, writeProject } from '../../helpers/project';

/**
 * access-review end to end on source projects: the real CLI entry in this process (so the command
 * counts towards coverage), and once as a child process where the process's own exit code and
 * stderr bytes are the point.
 */
const env = { PHI_GUARD_NOW: '2026-11-26T10:00:00Z' };
const run = (args: string[]) => runInProcess(['access-review', ...args], { env });

const project = () =>
  writeProject({
    'objects/Patient__c/Patient__c.object-meta.xml': md.object(),
    'objects/Patient__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c', {
      description: CANARY
    }),
    'permissionsets/Clinician.permissionset-meta.xml': md.permset(
      [md.objectPerm('Patient__c', { allowRead: true }), md.fieldPerm('Patient__c.Diagnosis__c', true)].join(
        '\n'
      )
    )
  });

const support = (root: string) =>
  writeFileSync(
    path.join(root, 'force-app/main/default/permissionsets/Support.permissionset-meta.xml'),
    md.permset(md.fieldPerm('Patient__c.Diagnosis__c', true))
  );

describe('access-review (end to end)', () => {
  it('writes a baseline, passes unchanged, fails on an unapproved addition, passes once approved', async () => {
    const root = project();
    const base = path.join(root, 'config', 'access-baseline.json');
    const first = await run(['-d', root, '--baseline', base]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Baseline written');
    expect((JSON.parse(readFileSync(base, 'utf8')) as { grants: string[] }).grants).toEqual([
      'PermissionSet:Clinician | Patient__c | Read',
      'PermissionSet:Clinician | Patient__c.Diagnosis__c | Read'
    ]);
    const unchanged = await run(['-d', root, '--baseline', base]);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stderr).toContain('No unapproved additions since the baseline.');

    support(root);
    const drift = await run(['-d', root, '--baseline', base, '--json']);
    expect(drift.code).toBe(1);
    const out = JSON.parse(drift.stdout) as {
      status: number;
      result: { baseline: { added: { grant: string }[]; unapproved: number } };
      warnings: string[];
    };
    expect(out.status).toBe(1);
    expect(out.result.baseline.added.map((a) => a.grant)).toEqual([
      'PermissionSet:Support | Patient__c.Diagnosis__c | Read'
    ]);
    expect(out.result.baseline.unapproved).toBe(1);
    expect(out.warnings).toContain('Access review FAILED: 1 unapproved addition(s) since the baseline.');
    const text = await run(['-d', root, '--baseline', base]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      '  + PermissionSet:Support | Patient__c.Diagnosis__c | Read  (NOT APPROVED)'
    );

    const b = JSON.parse(readFileSync(base, 'utf8')) as Record<string, unknown>;
    b.approvals = [
      {
        grant: 'PermissionSet:Support | Patient__c.Diagnosis__c | Read',
        approver: 'Privacy Officer',
        date: '2026-11-26',
        reason: 'SEC-301'
      }
    ];
    writeFileSync(base, JSON.stringify(b, null, 2));
    const approved = await run(['-d', root, '--baseline', base]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('(approved by Privacy Officer on 2026-11-26)');

    expect((await run(['-d', root, '--baseline', base, '--update-baseline'])).code).toBe(0);
    const rewritten = JSON.parse(readFileSync(base, 'utf8')) as { grants: string[]; approvals: unknown[] };
    expect(rewritten.grants).toHaveLength(3);
    expect(rewritten.approvals).toHaveLength(1);
  });

  it('writes CSV, XLSX, Markdown and HTML reports with the same grant rows, and no field value', async () => {
    const root = project();
    const dir = path.join(root, 'out');
    const r = await run(['-d', root, '--format', 'csv,xlsx,md,html', '--output-dir', dir]);
    expect(r.code).toBe(0);
    const files = ['csv', 'xlsx', 'md', 'html'].map((ext) => path.join(dir, `access-review.${ext}`));
    expect(r.stderr).toContain(`Wrote ${files.join(', ')}`);
    for (const f of files) expect(existsSync(f)).toBe(true);
    // No temporary file is left beside the reports.
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => path.basename(f)).sort());

    // The workbook, read back by an independent ZIP reader (JSZip, CRC-32 checked) and XML parser.
    const zip = await JSZip.loadAsync(readFileSync(files[1]!), { checkCRC32: true });
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const sheet = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => n === 'row' || n === 'c',
      parseTagValue: false
    }).parse(sheetXml) as {
      worksheet: { sheetData: { row: { c: { is: { t: string | { '#text'?: string } } }[] }[] } };
    };
    const cells = sheet.worksheet.sheetData.row.map((row) =>
      row.c.map((c) => (typeof c.is.t === 'string' ? c.is.t : (c.is.t['#text'] ?? '')))
    );
    const csvRows = readFileSync(files[0]!, 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(cells).toEqual(csvRows);
    expect(cells[0]![0]).toBe('Object');
    expect(cells.slice(1).map((c) => [c[0], c[1], c[2], c[3], c[4]])).toEqual([
      ['Patient__c', '', 'Read', 'PermissionSet', 'Clinician'],
      ['Patient__c', 'Patient__c.Diagnosis__c', 'Read', 'PermissionSet', 'Clinician']
    ]);
    expect(readFileSync(files[2]!, 'utf8')).toContain('| Patient__c | Patient__c.Diagnosis__c | Read |');
    expect(readFileSync(files[3]!, 'utf8')).toContain('<td>Patient__c.Diagnosis__c</td>');
    expectNoCanary(
      r.stdout,
      r.stderr,
      ...files.filter((f) => !f.endsWith('xlsx')).map((f) => readFileSync(f, 'utf8')),
      sheetXml
    );
  });

  it('prints the review to the console and as --json; no PHI object is exit 1, not a pass', async () => {
    const root = project();
    const text = await run(['-d', root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('PHI access review: ');
    expect(text.stdout).toContain('2 grant(s) reach PHI: 1 PHI object(s), 1 PHI field(s).');
    expect(text.stdout).toContain('need an org (-o)');
    expect(text.stderr).toBe('');
    const json = JSON.parse((await run(['-d', root, '--json'])).stdout) as {
      status: number;
      result: { phiObjects: string[]; grants: unknown[]; generatedAt: string };
    };
    expect(json.status).toBe(0);
    expect(json.result.phiObjects).toEqual(['Patient__c']);
    expect(json.result.grants).toHaveLength(2);
    expect(json.result.generatedAt).toBe('2026-11-26T10:00:00.000Z');

    const empty = await run(['-d', writeProject({})]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(
      'No PHI object found: nothing to review, and an empty review is not evidence.'
    );
  });

  it('--help prints usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('access-review');
    expect(r.stderr).toBe('');
  });

  it.each([
    [['--format', 'pdf'], '--format'],
    [['--update-baseline'], 'Flag --baseline is required'],
    [['--names'], 'Flag --names needs -o/--target-org.'],
    [['--bogus'], 'Unknown flag: --bogus']
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await run(['-d', project(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it.each([
    ['not JSON', '{\n  "version": 1,\n  "grants": [\n', /bad\.json:4: not valid JSON/],
    ['not an object', '[1, 2]\n', /bad\.json:1: not an access baseline \(expected "version": 1\)/],
    ['another version', '{\n  "version": 2,\n  "grants": []\n}\n', /bad\.json:2: not an access baseline/],
    [
      'grants of numbers',
      '{\n  "version": 1,\n  "grants": [1]\n}\n',
      /bad\.json:3: "grants" must be an array/
    ],
    [
      'approvals not a list',
      '{\n  "version": 1,\n  "grants": [],\n  "approvals": {}\n}\n',
      /bad\.json:4: "approvals" must be an array/
    ],
    [
      'an approval without an approver',
      '{\n  "version": 1,\n  "grants": [],\n  "approvals": [\n    {"grant": "g", "approver": " ", "date": "2026-11-01"}\n  ]\n}\n',
      /bad\.json:4: approvals\[0\] needs "grant", "approver" and "date"/
    ],
    [
      'an approval with a bad date',
      '{"version": 1, "grants": [], "approvals": [{"grant": "g", "approver": "PO", "date": "1/11/2026"}]}',
      /bad\.json:1: approvals\[0\] needs/
    ],
    [
      'a null approval',
      '{"version": 1, "grants": [], "approvals": [null]}',
      /bad\.json:1: approvals\[0\] needs/
    ]
  ])(
    'exits 2 naming the baseline file and line when it is %s; writes nothing',
    async (_what, text, pattern) => {
      const root = project();
      const bad = path.join(root, 'bad.json');
      writeFileSync(bad, text);
      const out = path.join(root, 'out');
      const r = await run(['-d', root, '--baseline', bad, '--format', 'csv', '--output-dir', out]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(readFileSync(bad, 'utf8')).toBe(text);
    }
  );

  it('a baseline without generatedAt or source is read, and rewritten with them', async () => {
    const root = project();
    const base = path.join(root, 'base.json');
    writeFileSync(
      base,
      JSON.stringify({ version: 1, grants: ['PermissionSet:Clinician | Patient__c | Read'] })
    );
    const r = await run(['-d', root, '--baseline', base, '--json']);
    expect(r.code).toBe(1);
    const diff = (JSON.parse(r.stdout) as { result: { baseline: { added: { grant: string }[] } } }).result
      .baseline;
    expect(diff.added.map((a) => a.grant)).toEqual([
      'PermissionSet:Clinician | Patient__c.Diagnosis__c | Read'
    ]);
    expect((await run(['-d', root, '--baseline', base, '--update-baseline'])).code).toBe(0);
    const b = JSON.parse(readFileSync(base, 'utf8')) as {
      generatedAt: string;
      source: string;
      approvals: [];
    };
    expect(b.generatedAt).toBe('2026-11-26T10:00:00.000Z');
    expect(b.source).toBe(root);
    expect(b.approvals).toEqual([]);
  });

  it('exits 2 with one line when the baseline is a directory, not an internal error', async () => {
    const root = project();
    const dirAsFile = path.join(root, 'config');
    mkdirSync(dirAsFile, { recursive: true });
    const r = await run(['-d', root, '--baseline', dirAsFile]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: ${dirAsFile}: not a file`);
  });

  it('exits 2 naming --output-dir when the reports cannot be written, and leaves no partial file', async () => {
    const root = project();
    const blocker = path.join(root, 'taken');
    writeFileSync(blocker, 'a file where the folder should be');
    const r = await run(['-d', root, '--format', 'csv,md', '--output-dir', blocker]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Error: --output-dir: /);
    expect(readdirSync(root).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readFileSync(blocker, 'utf8')).toBe('a file where the folder should be');
  });

  it('as a child process: exit 2 and exactly one stderr line for a malformed baseline', () => {
    const root = project();
    const bad = path.join(root, 'bad.json');
    writeFileSync(bad, '{\n  "version": 1,\n  "grants": "x"\n}\n');
    const r = runCli(['access-review', '-d', root, '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error: ${bad}:3: "grants" must be an array of grant keys\n`);
    expect(r.stdout).toBe('');
  });
});

describe('access-review reports: all or nothing', () => {
  it('writes no report when one of them cannot be written (a folder under its name)', async () => {
    const root = project();
    const dir = path.join(root, 'out');
    mkdirSync(path.join(dir, 'access-review.md'), { recursive: true });
    const r = await run(['-d', root, '--format', 'csv,md,html', '--output-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `Error: --output-dir: ${path.join(dir, 'access-review.md')}: exists and is not a regular file (a device, FIFO, socket, folder or symbolic link); it is never replaced`
    );
    expect(readdirSync(dir)).toEqual(['access-review.md']);
  });
});
