import { malformedSource } from '../../src/checks/inp-001-malformed';
import { BROKEN_WITH_CANARY, expectNoCanary } from '../helpers/canary';
import { md, runCheck } from '../helpers/project';

describe('INP-001 malformed source', () => {
  it('fires on malformed XML and unparsable Apex, naming file and line', () => {
    const { result, findings } = runCheck(malformedSource, {
      'objects/X__c/X__c.object-meta.xml':
        '<?xml version="1.0"?>\n<CustomObject>\n  <label>X</labl>\n</CustomObject>\n',
      'classes/Broken.cls':
        'public with sharing class Broken {\n    void f() {\n        Integer x = ;\n    }\n}\n'
    });
    expect(result.status).toBe('fail');
    expect(findings.map((f) => [f.location, f.severity])).toEqual([
      [{ file: 'force-app/main/default/classes/Broken.cls', line: 3 }, 'high'],
      [{ file: 'force-app/main/default/objects/X__c/X__c.object-meta.xml', line: 3 }, 'high']
    ]);
    expect(findings[1]!.message).toBe(
      'malformed XML: closing tag does not match the element opened on line 3'
    );
  });

  it('is quiet on well-formed source', () => {
    const { result } = runCheck(malformedSource, { 'objects/X__c/X__c.object-meta.xml': md.object() });
    expect(result.status).toBe('pass');
  });

  it('reports an entity it does not know and an unclosed element', () => {
    const { findings } = runCheck(malformedSource, {
      'objects/X__c/fields/A__c.field-meta.xml': '<CustomField>\n<label>a &nbsp; b</label>\n</CustomField>',
      'objects/X__c/fields/B__c.field-meta.xml': '<CustomField>\n<label>b</label>\n'
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('unknown entity'),
      expect.stringContaining('never closed')
    ]);
  });

  it('never quotes the file: closing-tag text, entities and character references stay out of the message', () => {
    const { findings } = runCheck(malformedSource, {
      'profiles/Guest.profile-meta.xml': BROKEN_WITH_CANARY.closingTag,
      'objects/X__c/fields/Notes__c.field-meta.xml': BROKEN_WITH_CANARY.entity,
      'objects/X__c/X__c.object-meta.xml': BROKEN_WITH_CANARY.badCharRef,
      'permissionsets/P.permissionset-meta.xml': BROKEN_WITH_CANARY.unclosed
    });
    expect(findings.map((f) => [f.location, f.message])).toEqual([
      [
        { file: 'force-app/main/default/objects/X__c/fields/Notes__c.field-meta.xml', line: 4 },
        'malformed XML: unknown entity'
      ],
      [
        { file: 'force-app/main/default/objects/X__c/X__c.object-meta.xml', line: 3 },
        'malformed XML: invalid character reference'
      ],
      [
        { file: 'force-app/main/default/permissionsets/P.permissionset-meta.xml', line: 4 },
        'malformed XML: element opened on line 3 is never closed'
      ],
      [
        { file: 'force-app/main/default/profiles/Guest.profile-meta.xml', line: 3 },
        'malformed XML: closing tag does not match the element opened on line 3'
      ]
    ]);
    expectNoCanary(JSON.stringify(findings));
  });
});
