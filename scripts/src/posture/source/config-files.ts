import path from 'node:path';
import { InputError } from '../../errors';
import { fileProblem } from '../../files/read';
import { msg } from '../../messages';
import { thresholdsMsg } from '../../messages/config-thresholds';
import { sourceText } from '../../messages/source';
import {
  known,
  unknown,
  type BaaEntry,
  type BackupEntry,
  type ComplianceRegister,
  type Fact,
  type RegisterItem,
  type VerifyConfig
} from '../model';
import type { DictionaryEntry } from '../phi';
import { DEFAULT_CONFIG, NUMBER_RANGES } from '../config';
import { lineOf, readProjectJsonIfPresent } from './json-file';

export const CONFIG_FILE = path.join('config', 'phi-guard.json');

export { DEFAULT_CONFIG };

const f = sourceText.files;

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Own keys only: "__proto__", "constructor", "toString", ... are plain unknown keys, never Object.prototype's. */
const own = <T extends object>(o: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(o, key);

/** Optional config/phi-guard.json: where the dictionary and register live, and project naming. */
export function loadConfig(root: string): VerifyConfig {
  const read = readProjectJsonIfPresent(root, path.join(root, CONFIG_FILE), CONFIG_FILE);
  if (!read) return { ...DEFAULT_CONFIG };
  const { json, text } = read;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(CONFIG_FILE, 1, f.notObject);
  }
  const out: VerifyConfig = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(json)) {
    const line = lineOf(text, `"${key}"`);
    if (key === 'description') continue;
    if (!own(DEFAULT_CONFIG, key)) throw new InputError(CONFIG_FILE, line, f.unknownKey(key));
    const expected = DEFAULT_CONFIG[key];
    const range = own(NUMBER_RANGES, key) ? NUMBER_RANGES[key] : undefined;
    if (range) {
      const [min, max] = range;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        throw new InputError(CONFIG_FILE, line, thresholdsMsg.badNumber(key, min, max));
      (out as unknown as Record<string, unknown>)[key] = value;
      continue;
    }
    if (Array.isArray(expected) ? !isStringArray(value) : typeof value !== 'string') {
      throw new InputError(CONFIG_FILE, line, f.wrongType(key, Array.isArray(expected)));
    }
    const bad = invalidValue(key, value as string | string[], root);
    if (bad)
      throw new InputError(
        CONFIG_FILE,
        lineOf(text, `"${bad.entry}"`, text.indexOf(`"${key}"`)) ?? line,
        bad.why
      );
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * Apex classes every file uses: naming one as the audit service would mark every PHI read as
 * audited and switch AUD-003 off. https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_ref_guide.htm
 */
const PLATFORM_CLASSES = new Set(
  [
    'System',
    'Database',
    'Schema',
    'Security',
    'Test',
    'Limits',
    'UserInfo',
    'String',
    'Math',
    'JSON',
    'Auth',
    'ApexPages',
    'Messaging',
    'Http',
    'HttpRequest',
    'HttpResponse',
    'Trigger',
    'Type',
    'Id',
    'Object',
    'List',
    'Map',
    'Set',
    'Integer',
    'Long',
    'Double',
    'Date',
    'Datetime',
    'Time',
    'Decimal',
    'Boolean',
    'Blob',
    'Crypto',
    'EncodingUtil',
    'Url',
    'Site',
    'Network',
    'ConnectApi',
    'Approval',
    'Search',
    'Cache',
    'Label',
    'Exception',
    'Logger',
    'Log',
    'Debug',
    'Query',
    'Util',
    'Utils'
  ].map((s) => s.toLowerCase())
);

/** A config value that would switch a check off or point outside the project, and the entry at fault. */
function invalidValue(
  key: keyof VerifyConfig,
  value: string | string[],
  root: string
): { entry: string; why: string } | undefined {
  const t = sourceText.config;
  const list = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  for (const entry of list) {
    if (seen.has(entry.toLowerCase())) return { entry, why: t.duplicate(key, entry) };
    seen.add(entry.toLowerCase());
  }
  switch (key) {
    case 'auditServices':
      if (!list.length) return { entry: key, why: t.empty(key) };
      for (const entry of list) {
        if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/.test(entry))
          return { entry, why: t.badName(key, entry) };
        if (PLATFORM_CLASSES.has(entry.toLowerCase())) return { entry, why: t.forbiddenService(entry) };
      }
      return undefined;
    case 'auditLogObjects':
      if (!list.length) return { entry: key, why: t.empty(key) };
      for (const entry of list)
        if (!/^[A-Za-z]\w*__c$/.test(entry)) return { entry, why: t.badName(key, entry) };
      return undefined;
    case 'auditorPersonas':
      for (const entry of list) {
        if (!/^[A-Za-z][A-Za-z ]*$/.test(entry)) return { entry, why: t.badName(key, entry) };
        if (entry.trim().length < 3) return { entry, why: t.shortWord(key, entry) };
      }
      return undefined;
    case 'retentionType':
      return /^[A-Za-z]\w*__mdt$/.test(value as string)
        ? undefined
        : { entry: key, why: t.badName(key, value as string) };
    default: {
      // dictionaryFile, registerFile, suppressionsFile: project-relative paths inside the project.
      const p = value as string;
      const norm = path.posix.normalize(p.replace(/\\/g, '/'));
      if (!p || path.isAbsolute(p) || norm.startsWith('..')) return { entry: p, why: t.outside(key, p) };
      // What the path names, every link resolved: a folder, a FIFO, a device or a link out of the project is
      // refused here, on the setting's own line (the file rules of scripts/src/files/read.ts).
      const problem = fileProblem(path.join(root, p), { display: p, root });
      return problem ? { entry: p, why: t.names(key, p, problem) } : undefined;
    }
  }
}

/** The PHI data dictionary. Absent is fine (metadata and heuristics still apply); malformed is exit 2. */
export function loadDictionary(root: string, relFile: string): Map<string, DictionaryEntry> {
  const out = new Map<string, DictionaryEntry>();
  const read = readProjectJsonIfPresent(root, path.join(root, relFile), relFile);
  if (!read) return out;
  const { json, text } = read;
  const fields = (json as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) throw new InputError(relFile, 1, f.notArray('fields'));
  fields.forEach((raw, i) => {
    const e = (raw ?? {}) as Partial<DictionaryEntry>;
    const line = lineOf(text, `"${String(e.field)}"`);
    if (typeof e.field !== 'string' || !/^\w+\.\w+$/.test(e.field)) {
      throw new InputError(relFile, line, f.dictionaryField(i));
    }
    if (typeof e.phi !== 'boolean') throw new InputError(relFile, line, f.dictionaryPhi(i));
    if (typeof e.reason !== 'string' || e.reason.trim().length < 3) {
      throw new InputError(relFile, line, f.dictionaryReason(i, e.field));
    }
    out.set(e.field.toLowerCase(), { field: e.field, phi: e.phi, reason: e.reason, line });
  });
  return out;
}

/** Register items, each with its review interval in days. */
export const REGISTER_ITEMS: Record<string, { intervalDays: number; citation: string }> = {
  riskAnalysis: { intervalDays: 366, citation: '164.308(a)(1)(ii)(A)' },
  accessReview: { intervalDays: 92, citation: '164.308(a)(4)(ii)(C)' },
  securityTraining: { intervalDays: 366, citation: '164.308(a)(5)(i)' },
  keyRotationTest: { intervalDays: 366, citation: '164.312(a)(2)(iv)' },
  vulnerabilityScan: { intervalDays: 92, citation: '164.308(a)(8)' },
  incidentPlaybook: { intervalDays: 366, citation: '164.308(a)(6)(i)' },
  contingencyPlanTest: { intervalDays: 366, citation: '164.308(a)(7)(ii)(D)' }
};

/** The compliance register. Absent is a fact we do not know (its checks are "not verified"). */
export function loadRegister(root: string, relFile: string): Fact<ComplianceRegister> {
  const read = readProjectJsonIfPresent(root, path.join(root, relFile), relFile);
  if (!read) return unknown('missing', msg.facts.registerMissing(relFile), relFile);
  const { json, text } = read;
  const obj = (json ?? {}) as { controls?: unknown; baas?: unknown; backups?: unknown };
  if (typeof obj.controls !== 'object' || obj.controls === null || Array.isArray(obj.controls)) {
    throw new InputError(relFile, 1, f.controls);
  }
  const items = new Map<string, RegisterItem>();
  for (const [key, raw] of Object.entries(obj.controls as Record<string, unknown>)) {
    const line = lineOf(text, `"${key}"`);
    const v = (raw ?? {}) as { date?: unknown; evidence?: unknown };
    if (
      v.date !== undefined &&
      (typeof v.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.date) || isNaN(Date.parse(v.date)))
    ) {
      throw new InputError(relFile, line, f.badDate(`controls.${key}.date`));
    }
    items.set(key, {
      key,
      date: v.date as string | undefined,
      line,
      evidence: typeof v.evidence === 'string' ? v.evidence : undefined
    });
  }
  if (!Array.isArray(obj.baas))
    throw new InputError(relFile, lineOf(text, '"baas"') ?? 1, f.notArray('baas'));
  const baas: BaaEntry[] = obj.baas.map((raw, i) => {
    const b = (raw ?? {}) as Record<string, unknown>;
    const line = lineOf(text, `"${String(b.vendor)}"`);
    if (typeof b.vendor !== 'string' || !b.vendor)
      throw new InputError(relFile, line, f.required(`baas[${i}].vendor`));
    for (const k of ['signed', 'expires']) {
      if (b[k] !== undefined && (typeof b[k] !== 'string' || isNaN(Date.parse(b[k] as string)))) {
        throw new InputError(relFile, line, f.badDate(`baas[${i}].${k}`));
      }
    }
    if (b.apps !== undefined && !isStringArray(b.apps))
      throw new InputError(relFile, line, `baas[${i}].apps must be an array of app names`);
    return {
      vendor: b.vendor,
      namespace: typeof b.namespace === 'string' ? b.namespace : undefined,
      scope: typeof b.scope === 'string' ? b.scope : undefined,
      contact: typeof b.contact === 'string' ? b.contact : undefined,
      apps: b.apps,
      signed: b.signed as string | undefined,
      expires: b.expires as string | undefined,
      handlesPhi: b.handlesPhi !== false,
      line
    };
  });
  let backups: BackupEntry[] | undefined;
  if (obj.backups !== undefined) {
    if (!Array.isArray(obj.backups))
      throw new InputError(relFile, lineOf(text, '"backups"'), f.notArray('backups'));
    backups = obj.backups.map((raw, i) => {
      const b = (raw ?? {}) as Record<string, unknown>;
      const line = lineOf(text, `"${String(b.name)}"`);
      if (typeof b.name !== 'string') throw new InputError(relFile, line, f.required(`backups[${i}].name`));
      return {
        name: b.name,
        includesPhi: b.includesPhi === true,
        encryptionAttested: b.encryptionAttested === true,
        line
      };
    });
  }
  return known(
    { file: relFile, items, baas, backups, backupsLine: lineOf(text, '"backups"') },
    { file: relFile, line: 1 }
  );
}
