import type { VerifyConfig } from '../posture/model';

/**
 * Text of the source loader: project layout, unreadable files and the verify config. Messages name
 * files, flags and element kinds only; never text read from a file.
 */
export const sourceText = {
  symlinkSkipped:
    'symbolic link not followed: it is not read, so the controls it would feed are not verified',
  dirUnreadable: (code: string | undefined) =>
    code === 'not a regular file'
      ? 'not a regular file (a FIFO, socket or device): it is not read'
      : `directory cannot be listed (${code ?? 'error'}): its files are not read`,
  refused: (reason: string) => `the file ${reason}`,
  wrongRoot: (expected: string) => `not a ${expected} file (its root element is not <${expected}>)`,
  gap: (file: string, why: string) => `${file} could not be read (${why}); its facts are missing`,
  noPhi: (dictionary: string) =>
    `no field in the project is classified or recognised as PHI and there is no data dictionary (${dictionary}); ` +
    'the PHI inventory is unknown, so the controls that protect PHI cannot be verified',
  packageDirOutside: (file: string, dir: string) =>
    `${file}: package directory "${dir}" is outside the project root; only directories inside the project are read`,
  packageDirNotDir: (file: string, dir: string) => `${file}: package directory "${dir}" is not a directory`,
  packageDirUnreadable: (file: string, dir: string, code: string | undefined) =>
    `${file}: package directory "${dir}" cannot be read (${code ?? 'error'})`,
  badProjectJson: (file: string, line: number) => `${file}:${line}: not valid JSON`,
  files: {
    notObject: 'must be a JSON object',
    unknownKey: (key: string) => `unknown key "${key}"`,
    wrongType: (key: string, array: boolean) =>
      `"${key}" must be ${array ? 'an array of strings' : 'a string'}`,
    notArray: (key: string) => `"${key}" must be an array`,
    dictionaryField: (i: number) => `fields[${i}].field must be "Object.Field"`,
    dictionaryPhi: (i: number) => `fields[${i}].phi must be true or false`,
    dictionaryReason: (i: number, field: string) => `fields[${i}] (${field}) needs a reason`,
    controls: '"controls" must be an object of { "date": "YYYY-MM-DD" } entries',
    badDate: (path: string) => `${path} must be a date YYYY-MM-DD`,
    required: (path: string) => `${path} is required`
  },
  config: {
    forbiddenService: (name: string) =>
      `"auditServices" lists "${name}", a platform class every Apex file uses; it would mark every read as audited`,
    shortWord: (key: string, word: string) =>
      `"${key}" entry "${word}" is too short: a persona word needs at least 3 letters, or it matches every name`,
    badName: (key: string, word: string) =>
      `"${key}" entry "${word}" is not a valid name for it (see the README's verify configuration)`,
    empty: (key: string) => `"${key}" must not be empty: it would switch its check off`,
    duplicate: (key: string, word: string) => `"${key}" lists "${word}" twice`,
    outside: (key: string, file: string) =>
      `"${key}" must be a path inside the project, relative to its root (not "${file}")`,
    names: (key: string, file: string, problem: string) => `"${key}" names "${file}", which ${problem}`
  },
  evidence: {
    configLine: (key: string, value: string, changed: boolean) =>
      `${key} = ${value || '(none)'}${changed ? ' (set by the project)' : ' (default)'}: ${CONFIG_EFFECT[key as keyof VerifyConfig] ?? 'no description'}`
  }
};

/** What each config key changes in the checks, printed in the evidence pack: typed, so a new key cannot lack one. */
export const CONFIG_EFFECT: Record<keyof VerifyConfig, string> = {
  dictionaryFile: 'the PHI data dictionary that classifies fields (PHI-001, ENC-*, ACC-*)',
  registerFile: 'the compliance register of dated activities, BAAs and backups (ORG-001, ORG-002, LIF-002)',
  suppressionsFile: 'the register of accepted exceptions (POL-001)',
  auditServices: 'Apex classes that count as auditing a PHI read (AUD-003)',
  auditLogObjects: 'objects that hold the PHI access log and must not be editable (AUD-004)',
  retentionType: 'the custom metadata type of retention policies (LIF-001)',
  auditorPersonas:
    'whole words that mark a permission set or profile as an auditor, exempt from ACC-004 and ACC-006',
  keyRotationDays:
    'days after which an active Shield tenant secret must have been rotated (ORG-101, live org)',
  healthCheckMinScore: 'the lowest acceptable Security Health Check score, 0-100 (ORG-103, live org)'
};

/**
 * The file rules (scripts/src/files): why a file was not read, or a target not written. Each follows "<file>: ";
 * never text from the file.
 */
export const fileRulesMsg = {
  outside:
    'points outside the project (a symbolic link, or a path that resolves out of it); only files inside the project are read',
  danglingLink: 'is a symbolic link to nothing',
  symlink: 'is a symbolic link; it is not followed',
  directory: 'is a folder, not a file',
  notRegular: 'is not a regular file (a FIFO, socket or device); it is not read',
  tooLarge: (mib: number) => `is larger than ${mib} MiB, the limit for this kind of file; it is not read`,
  unreadable: (code: string | undefined) => `cannot be read (${code ?? 'error'})`,
  notRegularTarget:
    'exists and is not a regular file (a device, FIFO, socket, folder or symbolic link); it is never replaced',
  folderTaken: 'exists and is not an empty folder',
  cannotWrite: (code: string | undefined) => `cannot be written (${code ?? 'error'})`
};
