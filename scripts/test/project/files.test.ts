import type { Dirent } from 'node:fs';
import path from 'node:path';
import { childPrefix, rel, relTo, walkFiles } from '../../src/project/files';
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

  it('joins a listed name to its folder exactly as path.join does, for any form of folder', () => {
    for (const dir of [
      '/tmp/proj',
      '/tmp/proj/',
      '/',
      '.',
      'force-app',
      './force-app',
      'a//b',
      '/tmp/x/../proj',
      '..'
    ]) {
      for (const name of ['A.cls', '.forceignore', '...', 'x y']) {
        const prefix = childPrefix(dir);
        expect(prefix === undefined ? path.join(dir, name) : prefix + name).toBe(path.join(dir, name));
      }
    }
    expect(childPrefix('/tmp/x/../proj')).toBeUndefined();
    expect(childPrefix('.')).toBe('');
  });

  it('walks a folder given in any form to the paths path.join gives', () => {
    const root = writeProject({ 'classes/A.cls': '', 'classes/B.cls': '' });
    const expected = walkFiles([path.join(root, 'force-app')], (n) => n.endsWith('.cls')).files;
    expect(expected.map((f) => path.relative(root, f))).toEqual([
      path.join('force-app', 'main', 'default', 'classes', 'A.cls'),
      path.join('force-app', 'main', 'default', 'classes', 'B.cls')
    ]);
    for (const dir of [
      `${root}/force-app/`,
      `${root}/force-app/main/../../force-app`,
      `${root}//force-app`
    ]) {
      const { files } = walkFiles([dir], (n) => n.endsWith('.cls'));
      expect(files).toEqual(
        expected.map((f) => path.join(dir, path.relative(path.join(root, 'force-app'), f)))
      );
    }
  });
});
