import { CANARY, expectNoCanary } from './project';

export { CANARY, expectNoCanary };

/**
 * Broken files with the canary PHI value planted where a careless parser would echo it: in a
 * mismatched closing tag, an unknown entity, an invalid character reference, a JSON syntax error
 * and an Apex syntax error. Every parser error must name the file, the line and the kind only.
 */
export const BROKEN_WITH_CANARY = {
  /** The closing tag text is the canary. */
  closingTag: `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n    <description>${CANARY}</${CANARY}>\n</Profile>\n`,
  /** An entity named after the canary. */
  entity: `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Notes__c</fullName>\n    <description>&${CANARY.replace(/-/g, '')};</description>\n</CustomField>\n`,
  /** A character reference beyond Unicode beside the canary. */
  badCharRef: `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n    <description>${CANARY} &#x110000;</description>\n</CustomObject>\n`,
  /** A tag never closed, holding the canary. */
  unclosed: `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n    <${CANARY}>\n`,
  /** JSON with the canary right where the syntax error is. */
  json: `{\n  "fields": [\n    { "field": "Patient__c.Notes__c", "phi": true, "reason": "${CANARY}" ${CANARY} }\n  ]\n}\n`,
  /** Apex that does not parse, the canary as the offending token. */
  apex: `public with sharing class Leaky {\n    void f() {\n        String s = ${CANARY.replace(/-/g, '_')} ${CANARY.replace(/-/g, '_')};\n    }\n}\n`
};
