import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors';
import { msg } from '../../messages';
import { thresholdsMsg } from '../../messages/config-thresholds';
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
import { lineOf, readJson } from './json-file';

export const CONFIG_FILE = path.join('config', 'phi-guard.json');

export const DEFAULT_CONFIG: VerifyConfig = {
  dictionaryFile: 'config/phi-data-dictionary.json',
  registerFile: 'config/compliance-register.json',
  suppressionsFile: 'config/phi-guard-suppressions.json',
  auditServices: ['PhiAccessAudit'],
  auditLogObjects: ['PHI_Access_Log__c'],
  retentionType: 'PHI_Retention_Policy__mdt',
  auditorPersonas: ['auditor', 'compliance'],
  keyRotationDays: 365,
  healthCheckMinScore: 80
};

/**
 * Numeric settings and their sane ranges (whole numbers). keyRotationDays: Salesforce lets a tenant
 * secret be rotated once every 24 hours, so 1 day is the floor; 10 years the ceiling. The Health
 * Check score is a percentage, 0-100 (grades: 90+ Excellent, 80-89 Very Good, 70-79 Good; see
 * https://support.augmentt.com/support/solutions/articles/60000718983-how-is-the-salesforce-health-check-score-calculated-).
 */
const NUMBER_RANGES: Partial<Record<keyof VerifyConfig, [number, number]>> = {
  keyRotationDays: [1, 3650],
  healthCheckMinScore: [0, 100]
};

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Optional config/phi-guard.json: where the dictionary and register live, and project naming. */
export function loadConfig(root: string): VerifyConfig {
  const file = path.join(root, CONFIG_FILE);
  if (!existsSync(file)) return { ...DEFAULT_CONFIG };
  const { json, text } = readJson(file, CONFIG_FILE);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(CONFIG_FILE, 1, 'must be a JSON object');
  }
  const out: VerifyConfig = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(json)) {
    const line = lineOf(text, `"${key}"`);
    if (key === 'description') continue;
    if (!(key in DEFAULT_CONFIG)) throw new InputError(CONFIG_FILE, line, `unknown key "${key}"`);
    const expected = DEFAULT_CONFIG[key as keyof VerifyConfig];
    const range = NUMBER_RANGES[key as keyof VerifyConfig];
    if (range) {
      const [min, max] = range;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        throw new InputError(CONFIG_FILE, line, thresholdsMsg.badNumber(key, min, max));
    } else if (Array.isArray(expected) ? !isStringArray(value) : typeof value !== 'string') {
      throw new InputError(
        CONFIG_FILE,
        line,
        `"${key}" must be ${Array.isArray(expected) ? 'an array of strings' : 'a string'}`
      );
    }
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** The PHI data dictionary. Absent is fine (metadata and heuristics still apply); malformed is exit 2. */
export function loadDictionary(root: string, relFile: string): Map<string, DictionaryEntry> {
  const file = path.join(root, relFile);
  const out = new Map<string, DictionaryEntry>();
  if (!existsSync(file)) return out;
  const { json, text } = readJson(file, relFile);
  const fields = (json as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) throw new InputError(relFile, 1, '"fields" must be an array');
  fields.forEach((raw, i) => {
    const e = (raw ?? {}) as Partial<DictionaryEntry>;
    const line = lineOf(text, `"${String(e.field)}"`);
    if (typeof e.field !== 'string' || !/^\w+\.\w+$/.test(e.field)) {
      throw new InputError(relFile, line, `fields[${i}].field must be "Object.Field"`);
    }
    if (typeof e.phi !== 'boolean')
      throw new InputError(relFile, line, `fields[${i}].phi must be true or false`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 3) {
      throw new InputError(relFile, line, `fields[${i}] (${e.field}) needs a reason`);
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
  const file = path.join(root, relFile);
  if (!existsSync(file)) return unknown('missing', msg.facts.registerMissing(relFile), relFile);
  const { json, text } = readJson(file, relFile);
  const obj = (json ?? {}) as { controls?: unknown; baas?: unknown; backups?: unknown };
  if (typeof obj.controls !== 'object' || obj.controls === null || Array.isArray(obj.controls)) {
    throw new InputError(relFile, 1, '"controls" must be an object of { "date": "YYYY-MM-DD" } entries');
  }
  const items = new Map<string, RegisterItem>();
  for (const [key, raw] of Object.entries(obj.controls as Record<string, unknown>)) {
    const line = lineOf(text, `"${key}"`);
    const v = (raw ?? {}) as { date?: unknown; evidence?: unknown };
    if (
      v.date !== undefined &&
      (typeof v.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.date) || isNaN(Date.parse(v.date)))
    ) {
      throw new InputError(relFile, line, `controls.${key}.date must be a date YYYY-MM-DD`);
    }
    items.set(key, {
      key,
      date: v.date as string | undefined,
      line,
      evidence: typeof v.evidence === 'string' ? v.evidence : undefined
    });
  }
  if (!Array.isArray(obj.baas))
    throw new InputError(relFile, lineOf(text, '"baas"') ?? 1, '"baas" must be an array');
  const baas: BaaEntry[] = obj.baas.map((raw, i) => {
    const b = (raw ?? {}) as Record<string, unknown>;
    const line = lineOf(text, `"${String(b.vendor)}"`);
    if (typeof b.vendor !== 'string' || !b.vendor)
      throw new InputError(relFile, line, `baas[${i}].vendor is required`);
    for (const k of ['signed', 'expires']) {
      if (b[k] !== undefined && (typeof b[k] !== 'string' || isNaN(Date.parse(b[k] as string)))) {
        throw new InputError(relFile, line, `baas[${i}].${k} must be a date YYYY-MM-DD`);
      }
    }
    return {
      vendor: b.vendor,
      namespace: typeof b.namespace === 'string' ? b.namespace : undefined,
      signed: b.signed as string | undefined,
      expires: b.expires as string | undefined,
      handlesPhi: b.handlesPhi !== false,
      line
    };
  });
  let backups: BackupEntry[] | undefined;
  if (obj.backups !== undefined) {
    if (!Array.isArray(obj.backups))
      throw new InputError(relFile, lineOf(text, '"backups"'), '"backups" must be an array');
    backups = obj.backups.map((raw, i) => {
      const b = (raw ?? {}) as Record<string, unknown>;
      const line = lineOf(text, `"${String(b.name)}"`);
      if (typeof b.name !== 'string') throw new InputError(relFile, line, `backups[${i}].name is required`);
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
