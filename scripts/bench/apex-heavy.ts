import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prng } from './generate';

/**
 * An Apex-heavy project that mirrors NPSP's mix (1,061 Apex classes, 14 MB of Apex, 9,600 metadata
 * files, most of them translations): about 1,000 classes of varied Apex (a third of them tests) with
 * 14 MB in all, and 9,600 metadata files. Deterministic for a given seed and scale.
 */
export const APEX_HEAVY = { classes: 1000, apexBytes: 14_000_000, metadataFiles: 9600 };

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const xml = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;

const OBJECTS = 50;
const FIELDS_PER_OBJECT = 15;

type Method = (c: number, m: number, obj: string, fields: string[]) => string;

/** Method shapes seen in real packages: queries and loops, dynamic SOQL, DML with results, switch, wrappers. */
const METHODS: Method[] = [
  (c, m, obj, f) => `    /**
     * Loads rows and indexes them by a field value.
     * @param ids the record ids
     * @return rows by key
     */
    public static Map<String, List<${obj}>> load${m}(Set<Id> ids) {
        Map<String, List<${obj}>> byKey = new Map<String, List<${obj}>>();
        for (${obj} row : [SELECT Id, Name, ${f[0]}, ${f[1]}, (SELECT Id FROM Notes) FROM ${obj} WHERE Id IN :ids AND ${f[2]} != null ORDER BY Name LIMIT 500]) {
            String key = String.valueOf(row.get('${f[0]}'));
            if (!byKey.containsKey(key)) {
                byKey.put(key, new List<${obj}>());
            }
            byKey.get(key).add(row);
        }
        return byKey;
    }
`,
  (c, m, obj, f) => `    public List<SObject> search${m}(String term, Integer max) {
        String soql = 'SELECT Id, ${f[0]}, ${f[3]} FROM ${obj}';
        List<String> clauses = new List<String>();
        if (String.isNotBlank(term)) {
            clauses.add('Name LIKE \\'%' + String.escapeSingleQuotes(term) + '%\\'');
        }
        if (max != null && max > 0) {
            clauses.add('${f[1]} != null');
        }
        if (!clauses.isEmpty()) {
            soql += ' WHERE ' + String.join(clauses, ' AND ');
        }
        soql += ' LIMIT ' + (max == null ? 200 : Math.min(max, 2000));
        return Database.query(soql${m % 3 === 0 ? ', AccessLevel.USER_MODE' : ''});
    }
`,
  (c, m, obj) => `    public Integer save${m}(List<${obj}> records) {
        Integer failures = 0;
        try {
            List<Database.SaveResult> results = Database.insert(records, false${m % 2 === 0 ? ', AccessLevel.USER_MODE' : ''});
            for (Integer i = 0; i < results.size(); i++) {
                if (!results[i].isSuccess()) {
                    failures++;
                    for (Database.Error err : results[i].getErrors()) {
                        errors.add(err.getStatusCode() + ': ' + err.getFields());
                    }
                }
            }
        } catch (DmlException e) {
            errors.add(e.getTypeName());
            throw new BenchException${c}('save failed', e);
        } finally {
            lastRun = System.now();
        }
        update${m % 2 === 0 ? ' as user' : ''} records;
        return failures;
    }
`,
  (c, m) => `    public static String label${m}(Integer code, Decimal amount) {
        String result;
        switch on code {
            when 1, 2 {
                result = 'low';
            }
            when 3 {
                result = amount > 100 ? 'medium-high' : 'medium';
            }
            when else {
                result = 'other';
            }
        }
        Decimal rounded = amount == null ? 0 : amount.setScale(2, RoundingMode.HALF_UP);
        return result + '/' + rounded.format() + '/' + String.valueOf(code).leftPad(4, '0');
    }
`,
  (c, m, obj, f) => `    public class Row${m} implements Comparable {
        @AuraEnabled public Id recordId { get; set; }
        @AuraEnabled public String label { get; private set; }
        public Decimal weight;
        public Row${m}(${obj} source) {
            this.recordId = source.Id;
            this.label = String.valueOf(source.get('${f[1]}'));
            this.weight = 0;
        }
        public Integer compareTo(Object other) {
            Row${m} that = (Row${m}) other;
            if (weight == that.weight) {
                return 0;
            }
            return weight > that.weight ? 1 : -1;
        }
    }
`,
  (c, m, obj, f) => `    @AuraEnabled(cacheable=true)
    public static List<${obj}> read${m}(Id recordId) {
        return [
            SELECT Id, Name, ${f[0]}, ${f[4]}, Owner.Name
            FROM ${obj}
            WHERE Id = :recordId${m % 2 === 0 ? '\n            WITH USER_MODE' : ''}
            LIMIT 1
        ];
    }
`
];

const TEST_METHOD: Method = (c, m, obj, f) => `    @IsTest
    static void shouldHandleCase${m}() {
        List<${obj}> rows = new List<${obj}>();
        for (Integer i = 0; i < 20; i++) {
            rows.add(new ${obj}(Name = 'Row ' + i, ${f[1]} = 'value' + i));
        }
        insert rows;
        Test.startTest();
        Integer found = [SELECT COUNT() FROM ${obj} WHERE Id IN :rows];
        Test.stopTest();
        System.assertEquals(20, found, 'every row is inserted');
        System.assert(rows[0].Id != null, 'ids are assigned');
    }
`;

export function generateApexHeavy(
  root: string,
  { classes = APEX_HEAVY.classes, metadataFiles = APEX_HEAVY.metadataFiles, seed = 7 } = {}
): { classes: number; apexBytes: number; metadataFiles: number } {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const rnd = prng(seed);
  const base = path.join(root, 'force-app', 'main', 'default');
  let meta = 0;
  let apexBytes = 0;
  const w = (rel: string, text: string) => {
    const p = path.join(base, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    if (rel.endsWith('-meta.xml')) meta++;
    else apexBytes += Buffer.byteLength(text);
  };
  writeFileSync(
    path.join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' })
  );

  const objects: { name: string; fields: string[] }[] = [];
  for (let o = 0; o < OBJECTS; o++) {
    const name = o % 10 === 0 ? `Patient_Record_${o}__c` : `Gift_Item_${o}__c`;
    const fields: string[] = [];
    w(
      `objects/${name}/${name}.object-meta.xml`,
      xml(
        'CustomObject',
        `    <deploymentStatus>Deployed</deploymentStatus>\n    <label>Object ${o}</label>\n    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n    <pluralLabel>Objects ${o}</pluralLabel>\n    <sharingModel>Private</sharingModel>`
      )
    );
    for (let f = 0; f < FIELDS_PER_OBJECT; f++) {
      const field = o % 10 === 0 && f < 3 ? `Diagnosis_${f}__c` : `Amount_${f}__c`;
      fields.push(field);
      w(
        `objects/${name}/fields/${field}.field-meta.xml`,
        xml(
          'CustomField',
          `    <fullName>${field}</fullName>${o % 10 === 0 && f < 3 ? '\n    <complianceGroup>HIPAA</complianceGroup>' : ''}\n    <label>Field ${f}</label>\n    <length>255</length>\n    <type>Text</type>`
        )
      );
    }
    objects.push({ name, fields });
  }

  // Apex: sizes vary like a real package's; the average is 14 KB.
  const target = Math.round((APEX_HEAVY.apexBytes * classes) / APEX_HEAVY.classes);
  for (let c = 0; c < classes; c++) {
    const isTest = c % 3 === 2;
    const obj = objects[Math.floor(rnd() * objects.length)]!;
    const remaining = target - apexBytes;
    const budget = Math.max(1500, (remaining / (classes - c)) * (0.3 + rnd() * 1.4));
    const name = isTest ? `BenchService${c - 1}_TEST` : `BenchService${c}`;
    const parts: string[] = [];
    let size = 0;
    for (let m = 0; size < budget; m++) {
      const body = (isTest ? TEST_METHOD : METHODS[Math.floor(rnd() * METHODS.length)]!)(
        c,
        m,
        obj.name,
        obj.fields
      );
      parts.push(body);
      size += body.length;
    }
    const sharing = isTest
      ? ''
      : ['with sharing ', 'with sharing ', 'inherited sharing ', 'without sharing '][c % 4];
    const header = isTest
      ? `@IsTest\nprivate class ${name} {\n`
      : `/**\n * Service ${c}: synthetic, shaped like package code.\n */\npublic ${sharing}class ${name} {\n    public class BenchException${c} extends Exception {}\n    private List<String> errors = new List<String>();\n    private Datetime lastRun;\n\n`;
    w(`classes/${name}.cls`, `${header}${parts.join('\n')}}\n`);
    w(
      `classes/${name}.cls-meta.xml`,
      xml('ApexClass', '    <apiVersion>64.0</apiVersion>\n    <status>Active</status>')
    );
  }

  // Custom metadata records, layouts and object translations, then field translations up to the total.
  for (let i = 0; i < 190 && meta < metadataFiles; i++) {
    w(
      `customMetadata/Bench_Setting.Record_${i}.md-meta.xml`,
      xml(
        'CustomMetadata',
        `    <label>Record ${i}</label>\n    <protected>false</protected>\n    <values>\n        <field>Value__c</field>\n        <value xsi:type="xsd:string" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">${i}</value>\n    </values>`
      )
    );
  }
  const languages = ['de', 'es', 'fr', 'ja', 'nl_NL', 'fi', 'sv', 'it', 'pt_BR', 'no', 'da', 'en_GB'];
  for (const o of objects) {
    for (const lang of languages) {
      if (meta >= metadataFiles) break;
      w(
        `objectTranslations/${o.name}-${lang}/${o.name}-${lang}.objectTranslation-meta.xml`,
        xml(
          'CustomObjectTranslation',
          `    <caseValues>\n        <plural>false</plural>\n        <value>Object</value>\n    </caseValues>`
        )
      );
    }
  }
  for (let i = 0; meta < metadataFiles; i++) {
    const o = objects[i % objects.length]!;
    const lang = languages[Math.floor(i / objects.length) % languages.length]!;
    const field = `${o.fields[i % o.fields.length]!.replace(/__c$/, '')}_${Math.floor(i / (objects.length * languages.length))}__c`;
    w(
      `objectTranslations/${o.name}-${lang}/${field}.fieldTranslation-meta.xml`,
      xml(
        'CustomFieldTranslation',
        `    <help>Help text ${i}</help>\n    <label>Label ${i}</label>\n    <name>${field}</name>`
      )
    );
  }
  return { classes, apexBytes, metadataFiles: meta };
}
