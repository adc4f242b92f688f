import type { Dirent } from 'node:fs';
import path from 'node:path';
import { rel, relTo, walkFiles } from '../../src/project/files';
import { writeProject } from '../helpers/project';

describe('project files: one walk, and relative paths', () => {
  it('relTo gives exactly rel for paths inside, at and outside the root', () => {
    const root = path.resolve('/tmp/proj');
    const toRel = relTo(root);
    for (const f of [
      '/tmp/proj/force-app/main/default/classes/A.cls',
      '/tmp/proj',
      '/tmp/projector/x.xml',
      '/tmp/other/x.xml',
      '/tmp/proj/a/../b.xml'
    ]) {
      expect(toRel(f)).toBe(rel(root, f));
    }
    // A root given with a trailing separator or unnormalised still agrees with rel.
    expect(relTo('/tmp/proj/')('/tmp/proj/a.xml')).toBe(rel('/tmp/proj/', '/tmp/proj/a.xml'));
    expect(relTo('/tmp/x/../proj')('/tmp/proj/a.xml')).toBe(rel('/tmp/x/../proj', '/tmp/proj/a.xml'));
  });

  it('hands every listed folder, sorted, to the listing', () => {
    const root = writeProject({
      'classes/B.cls': '',
      'classes/A.cls': '',
      'objects/P__c/P__c.object-meta.xml': ''
    });
    const listing = new Map<string, Dirent[]>();
    const { files } = walkFiles([path.join(root, 'force-app')], (n) => n.endsWith('.cls'), listing);
    expect(files.map((f) => path.basename(f))).toEqual(['A.cls', 'B.cls']);
    const classes = path.join(root, 'force-app', 'main', 'default', 'classes');
    expect(listing.get(classes)!.map((e) => e.name)).toEqual(['A.cls', 'B.cls']);
    // Folders whose files are not accepted are listed too (the metadata typer reads them).
    expect(
      listing.get(path.join(root, 'force-app', 'main', 'default', 'objects', 'P__c'))!.map((e) => e.name)
    ).toEqual(['P__c.object-meta.xml']);
  });
});
