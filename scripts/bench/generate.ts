import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Deterministic synthetic SFDX projects for the benchmark. The same size and seed always produce
 * the same files, so runs compare like with like.
 */
export interface Size {
  name: string;
  objects: number;
  fieldsPerObject: number;
  permissionSets: number;
  fieldPermissionsPerSet: number;
  profiles: number;
  apexClasses: number;
}

export const SIZES: Size[] = [
  {
    name: 'small',
    objects: 50,
    fieldsPerObject: 20,
    permissionSets: 15,
    fieldPermissionsPerSet: 500,
    profiles: 5,
    apexClasses: 50
  },
  {
    name: 'medium',
    objects: 250,
    fieldsPerObject: 20,
    permissionSets: 75,
    fieldPermissionsPerSet: 500,
    profiles: 25,
    apexClasses: 250
  },
  {
    name: 'large',
    objects: 1000,
    fieldsPerObject: 20,
    permissionSets: 300,
    fieldPermissionsPerSet: 500,
    profiles: 100,
    apexClasses: 1000
  }
];

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const CLINICAL = [
  'Diagnosis',
  'Allergy',
  'Medication',
  'Dosage',
  'Condition_Notes',
  'Member_Id',
  'Date_of_Birth'
];
const PLAIN = [
  'Region',
  'Channel',
  'Tier',
  'Score',
  'Priority',
  'Category',
  'Notes',
  'Reference',
  'Amount',
  'Start'
];
const TYPES = ['Text', 'Text', 'Text', 'LongTextArea', 'Date', 'Number', 'Checkbox', 'Picklist'];

export function generate(root: string, size: Size, seed = 42): { files: number } {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const base = path.join(root, 'force-app', 'main', 'default');
  let files = 0;
  const w = (rel: string, text: string) => {
    const p = path.join(base, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    files++;
  };
  writeFileSync(
    path.join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' })
  );

  const allFields: string[] = [];
  const phiObjects: string[] = [];
  for (let o = 0; o < size.objects; o++) {
    const obj = `Bench_Object_${o}__c`;
    const clinical = o % 10 === 0;
    if (clinical) phiObjects.push(obj);
    w(
      `objects/${obj}/${obj}.object-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}>\n    <deploymentStatus>Deployed</deploymentStatus>\n    <enableHistory>${clinical}</enableHistory>\n    <externalSharingModel>Private</externalSharingModel>\n    <label>Bench Object ${o}</label>\n    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n    <pluralLabel>Bench Objects ${o}</pluralLabel>\n    <sharingModel>${pick(['Private', 'Private', 'Read'])}</sharingModel>\n</CustomObject>\n`
    );
    for (let f = 0; f < size.fieldsPerObject; f++) {
      const phi = clinical && f < 4;
      const name = `${phi ? pick(CLINICAL) : pick(PLAIN)}_${f}__c`;
      const type = phi ? 'Text' : pick(TYPES);
      const scheme =
        phi && rnd() < 0.8 ? '\n    <encryptionScheme>ProbabilisticEncryption</encryptionScheme>' : '';
      const length =
        type === 'Text'
          ? '\n    <length>255</length>'
          : type === 'LongTextArea'
            ? '\n    <length>32768</length>\n    <visibleLines>3</visibleLines>'
            : '';
      const values =
        type === 'Picklist'
          ? '\n    <valueSet>\n        <valueSetDefinition>\n            <value>\n                <fullName>A</fullName>\n                <default>false</default>\n                <label>A</label>\n            </value>\n        </valueSetDefinition>\n    </valueSet>'
          : '';
      w(
        `objects/${obj}/fields/${name}.field-meta.xml`,
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${NS}>\n    <fullName>${name}</fullName>${phi ? '\n    <complianceGroup>HIPAA</complianceGroup>' : ''}\n    <description>Synthetic field ${f} of object ${o}.</description>${scheme}\n    <label>${name.replace(/__c$/, '').replace(/_/g, ' ')}</label>${length}\n    <securityClassification>${phi ? 'Restricted' : 'Internal'}</securityClassification>\n    <trackHistory>${phi}</trackHistory>\n    <type>${type}</type>${values}\n</CustomField>\n`
      );
      allFields.push(`${obj}.${name}`);
    }
  }
  const grant = (kind: 'PermissionSet' | 'Profile', name: string, count: number) => {
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const f = allFields[Math.floor(rnd() * allFields.length)]!;
      parts.push(
        `    <fieldPermissions>\n        <editable>false</editable>\n        <field>${f}</field>\n        <readable>${rnd() < 0.7}</readable>\n    </fieldPermissions>`
      );
    }
    for (let i = 0; i < 10; i++) {
      const obj = `Bench_Object_${Math.floor(rnd() * size.objects)}__c`;
      parts.push(
        `    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>false</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>${obj}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>`
      );
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${kind} ${NS}>\n${parts.join('\n')}\n    <label>${name}</label>\n</${kind}>\n`;
  };
  for (let p = 0; p < size.permissionSets; p++) {
    const name = `${pick(['Sales', 'Support', 'Clinical', 'Ops', 'Finance'])}_Set_${p}`;
    w(
      `permissionsets/${name}.permissionset-meta.xml`,
      grant('PermissionSet', name, size.fieldPermissionsPerSet)
    );
  }
  for (let p = 0; p < size.profiles; p++) {
    w(`profiles/Bench Profile ${p}.profile-meta.xml`, grant('Profile', `Bench Profile ${p}`, 200));
  }
  for (let c = 0; c < size.apexClasses; c++) {
    const touchesPhi = c % 10 === 0 && phiObjects.length > 0;
    const obj = touchesPhi ? pick(phiObjects) : `Bench_Object_${Math.floor(rnd() * size.objects)}__c`;
    const methods: string[] = [];
    for (let m = 0; m < 6; m++) {
      methods.push(`    /**
     * Synthetic method ${m}.
     * @param ids record ids
     * @return a count
     */
    public static Integer method${m}(Set<Id> ids) {
        Integer total = 0;
        List<${obj}> rows = [SELECT Id, Name FROM ${obj} WHERE Id IN :ids${touchesPhi && m % 2 === 0 ? '' : ' WITH USER_MODE'} LIMIT 200];
        for (${obj} row : rows) {
            if (row.Name != null && row.Name.length() > ${m}) {
                total += row.Name.length();
            } else {
                total--;
            }
        }
        Map<String, Integer> counts = new Map<String, Integer>{ 'a' => 1, 'b' => 2 };
        return total + counts.size();
    }`);
    }
    w(
      `classes/BenchClass${c}.cls`,
      `/**\n * Synthetic class ${c}.\n */\npublic ${touchesPhi && c % 20 === 0 ? 'without' : 'with'} sharing class BenchClass${c} {\n${methods.join('\n\n')}\n}\n`
    );
    w(
      `classes/BenchClass${c}.cls-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass ${NS}>\n    <apiVersion>64.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n`
    );
  }
  w(
    'settings/Security.settings-meta.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<SecuritySettings ${NS}>\n    <sessionSettings>\n        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n        <requireHttpOnly>true</requireHttpOnly>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>\n    </sessionSettings>\n</SecuritySettings>\n`
  );
  return { files };
}
