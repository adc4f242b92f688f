/**
 * Text of the deployability layer (scripts/src/metadata). A message names the file, line, element
 * path and the kind of error; it never repeats a value from the file (it could be PHI or a secret).
 * Allowed sets and ranges come from the published schema or the rule table, never from the file.
 */
export const metadataMsg = {
  kind: {
    unknownElement: (type: string) => `unknown element: ${type} has no such field`,
    enumValue: (enumName: string, allowed: readonly string[]) =>
      `enum value not allowed for ${enumName}` +
      (allowed.length <= 12 ? ` (allowed: ${allowed.join(', ')})` : ` (${allowed.length} allowed values)`),
    notBoolean: 'not a boolean (expected true or false)',
    notNumber: 'not a number',
    expectedValue: 'wrong nesting: expected a value, found child elements',
    expectedElements: (type: string) => `wrong nesting: ${type} holds child elements, found a text value`,
    wrongRoot: (sdrType: string) => `root element is not a ${sdrType} (the type SDR maps this file to)`,
    unknownRoot: 'root element is not a Metadata API type',
    malformed: (detail: string) => `malformed XML: ${detail}`,
    malformedJson: 'malformed JSON: not valid JSON',
    unreadable: (detail: string) => `cannot read file: ${detail}`,
    unresolved: (detail: string) => `SDR cannot map this file to a metadata type: ${detail}`,
    rule: (rule: string, url: string) => `${rule} (${url})`
  },
  problem: (file: string, line: number | undefined, elementPath: string, what: string) =>
    `${file}${line ? `:${line}` : ''}: ${elementPath ? `<${elementPath}> ` : ''}${what}`,
  header: (schemaVersion: string) =>
    `Metadata deployability (Metadata API types from @salesforce/types ${schemaVersion}, plus the semantic rule table)`,
  clean: (files: number) => `  ${files} metadata file(s), no problems`,
  problems: (files: number, problems: number, badFiles: number) =>
    `  ${files} metadata file(s), ${problems} problem(s) in ${badFiles} file(s)`,
  summaryClean: 'Metadata validation passed.',
  summaryFailed: (problems: number) => `Metadata validation failed: ${problems} problem(s).`,
  gap: (file: string, line: number | undefined) =>
    `${file}${line ? `:${line}` : ''} would be rejected by the Metadata API, so what it declares is not verified`
};

export const metadataHelp = `Check every metadata file of the project against the Metadata API, offline.

USAGE
  phi-guard metadata-validate [-d <dir>] [--json]

FLAGS
  -d, --project-dir <dir>   SFDX project to check (default: current directory). Every package
                            directory in its sfdx-project.json is checked, source or MDAPI format.
      --json                Print {status, result, warnings} as JSON
  -h, --help                Show this help

WHAT IS CHECKED
  Each file is mapped to its type by the SDR registry (as sf project deploy does) and checked
  against the Metadata API types published in @salesforce/types: unknown elements, enum values
  outside the published set, booleans and numbers that are not, wrong nesting. Then a small table
  of semantic rules from the Metadata API reference (ranges and allowed values the WSDL cannot
  express), each with its reference link. Messages never repeat a value from a file.

EXIT CODES
  0 no problems, 1 a file the Metadata API would reject, 2 usage or input error`;
