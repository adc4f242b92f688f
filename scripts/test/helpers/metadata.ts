import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { listFiles } from '../../src/project/files';
import { REPO_ROOT } from './paths';

/** Test-side reader of the shipped metadata: a plain XML parse, independent of the verifier's loader. */
export const FORCE_APP = path.join(REPO_ROOT, 'force-app', 'main', 'default');

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'fieldPermissions',
      'objectPermissions',
      'userPermissions',
      'classAccesses',
      'sharingOwnerRules',
      'sharingCriteriaRules',
      'sharingGuestRules',
      'values',
      'accessMappings'
    ].includes(name)
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Xml = Record<string, any>;

export function readXml(file: string): Xml {
  return parser.parse(readFileSync(file, 'utf8')) as Xml;
}

export function metadataFiles(suffix: string): string[] {
  return listFiles([FORCE_APP], (n) => n.endsWith(suffix));
}

export interface FieldDef {
  object: string;
  name: string;
  file: string;
  xml: Xml;
}

export function customFields(): FieldDef[] {
  return metadataFiles('.field-meta.xml').map((file) => ({
    object: path.basename(path.dirname(path.dirname(file))),
    name: path.basename(file, '.field-meta.xml'),
    file,
    xml: readXml(file).CustomField
  }));
}

export const isHipaa = (f: FieldDef) =>
  String(f.xml.complianceGroup ?? '')
    .split(';')
    .includes('HIPAA');

export function permissionSets(): { name: string; xml: Xml }[] {
  return metadataFiles('.permissionset-meta.xml').map((file) => ({
    name: path.basename(file, '.permissionset-meta.xml'),
    xml: readXml(file).PermissionSet
  }));
}
