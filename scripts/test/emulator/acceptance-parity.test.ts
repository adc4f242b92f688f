import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ComponentSet, MetadataConverter, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { readPackageZip } from '../../emulator/package-zip';
import { validatePackageDirs } from '../../src/metadata/validate';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { REPO_ROOT, FIXTURES } from '../helpers/paths';

/**
 * Two judges of the same files, written apart: the project's deployability layer (what `verify`, `npm test` and the
 * deploy gate use) and the org emulator's acceptance (what the emulator's Metadata API accepts in a deploy zip;
 * derived from @salesforce/types and the reference pages on its own). Both run over this repository's force-app and
 * every calibration project under scripts/test/fixtures; for each component they must agree whether it is
 * deployable. A disagreement fails the test: one of the two has a rule wrong, and it gets investigated.
 *
 * Compared per top-level component (a CustomField problem counts against its CustomObject). Files SDR cannot map
 * to a type, or cannot convert to the zip format, never reach an org and are left out on both sides.
 */
function projects(): string[] {
  const out = [REPO_ROOT];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (!statSync(p).isDirectory()) continue;
      if (readdirSync(p).includes('sfdx-project.json')) out.push(p);
      else walk(p);
    }
  };
  walk(FIXTURES);
  return out.sort();
}

const parentKey = (c: SourceComponent): string => {
  const top = c.parent ?? c;
  return `${top.type.name}:${top.fullName}`;
};

/** The components the project's layer rejects (by the file each problem names). */
function projectVerdicts(dir: string, components: SourceComponent[]): Set<string> {
  const project = loadSfdxProject(dir);
  const byFile = new Map<string, string>();
  for (const c of components) {
    const files = [
      c.xml,
      ...c.walkContent(),
      ...c.getChildren().flatMap((ch) => [ch.xml, ...ch.walkContent()])
    ];
    for (const f of files) if (f) byFile.set(path.resolve(f), parentKey(c));
  }
  const result = validatePackageDirs(project.packageDirs, { relative: (f) => f });
  const rejected = new Set<string>();
  for (const p of result.problems) {
    if (p.kind === 'unresolved') continue;
    const key = byFile.get(path.resolve(p.file));
    if (key) rejected.add(key);
  }
  return rejected;
}

/** The components the emulator rejects in the zip SDR builds of each component. */
async function emulatorVerdicts(
  components: SourceComponent[]
): Promise<{ rejected: Set<string>; skipped: string[] }> {
  const rejected = new Set<string>();
  const skipped: string[] = [];
  for (const c of components) {
    const key = parentKey(c);
    let zip: Buffer | undefined;
    try {
      const set = new ComponentSet([c]);
      zip = (await new MetadataConverter().convert(set, 'metadata', { type: 'zip' })).zipBuffer;
    } catch {
      skipped.push(key); // SDR cannot convert it: it never reaches an org
      continue;
    }
    const read = await readPackageZip(zip as Buffer);
    if (read.problems.length) rejected.add(key);
  }
  return { rejected, skipped };
}

const both = new Map<string, string[]>();

describe("the project's deployability layer and the emulator's acceptance agree", () => {
  const all = projects();
  it('finds this repository and the calibration projects', () => {
    expect(all).toContain(REPO_ROOT);
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  it.each(all.map((p) => [path.relative(REPO_ROOT, p) || '.', p]))(
    '%s',
    async (name, dir) => {
      let project: ReturnType<typeof loadSfdxProject>;
      try {
        project = loadSfdxProject(dir);
      } catch {
        return; // a project the CLI refuses (e.g. a package directory outside the project): nothing is deployed
      }
      const components = project.packageDirs.flatMap((d) => {
        try {
          return ComponentSet.fromSource(d).getSourceComponents().toArray();
        } catch {
          return [];
        }
      });
      const ours = projectVerdicts(dir, components);
      const { rejected: theirs, skipped } = await emulatorVerdicts(components);
      for (const s of skipped) ours.delete(s);
      const disagree = [...new Set([...ours, ...theirs])]
        .filter((k) => ours.has(k) !== theirs.has(k))
        .map(
          (k) =>
            `${k}: project layer ${ours.has(k) ? 'rejects' : 'accepts'}, emulator ${theirs.has(k) ? 'rejects' : 'accepts'}`
        )
        .sort();
      expect(disagree).toEqual([]);
      both.set(
        name,
        [...ours].filter((k) => theirs.has(k))
      );
    },
    300_000
  );

  it('the comparison is not vacuous: both reject the planted elements of the calibration projects', () => {
    expect(both.get('scripts/test/fixtures/metadata/planted')).toEqual(
      expect.arrayContaining(['PermissionSet:Planted_Reader', 'Settings:Security'])
    );
    expect([...both.values()].flat().length).toBeGreaterThan(3);
  });
});
