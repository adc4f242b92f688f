import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyComponent, loadSource } from './from-source';
import { generateLarge } from './large';
import { objectDef, type ObjectDef } from '../schema';
import { mdPatch } from '../mdxml';
import { GeneratedTable, makeId, OrgState, type MdObject, type MdValue, type Row } from '../state';
import { GENESIS, hashRow, type LogRow } from '../../src/audit/hash-chain';

export const PROFILES = ['compliant', 'noncompliant', 'no-shield', 'large'] as const;
export type ProfileName = (typeof PROFILES)[number];

const REPO = resolve(__dirname, '../../..');

/**
 * A profile file (scripts/emulator/profiles/<name>.json):
 * - `extends`: another profile applied first;
 * - `source`: an SFDX package directory loaded "as if deployed" (relative to the repo root);
 * - `missingFeatures`: features whose objects answer INVALID_TYPE (shield, events, psg, network, health, packages);
 * - `emptyMetadataTypes`: metadata types whose reads come back empty;
 * - `metadata`: {Type: {fullName: component | null}} added, replaced or (null) removed;
 * - `patches`: [{type, fullName, path, value}] edits inside a component (`fields[fullName=X].encryptionScheme`);
 * - `rows`: {Object: [row]} appended; `deleteRows`: {Object: {Field: value}} removed.
 * Values: "@now-5d" / "@now+2h" are times relative to start; "@id:Object:key" is the deterministic id of a row
 * declared with "Id": "@id:Object:key"; "@ref:Object:Field=Value" is the Id of the row with that field value.
 */
interface ProfileFile {
  description?: string;
  extends?: string;
  source?: string;
  org?: { name?: string; apiMax?: number };
  missingFeatures?: string[];
  emptyMetadataTypes?: string[];
  metadata?: Record<string, Record<string, MdObject | null>>;
  patches?: { type: string; fullName: string; path: string; value: MdValue | null }[];
  rows?: Record<string, Row[]>;
  deleteRows?: Record<string, Row>;
  phiAccessLog?: { rows: number };
  packagesFromRegister?: boolean;
  eventLogFiles?: { types: string[]; days: number };
  stripEncryption?: boolean;
}

export interface LoadOptions {
  now?: Date;
  /** Directory of profile JSON files (tests may point elsewhere). */
  dir?: string;
}

export function loadProfile(name: string, opts: LoadOptions = {}): OrgState {
  const now = opts.now ?? new Date();
  const dir = opts.dir ?? __dirname;
  const state = new OrgState({
    orgId: makeId('00D', 7),
    userId: makeId('005', 1),
    username: 'admin@phi-guard.emulator',
    apiMax: 100_000
  });
  if (name === 'large') {
    apply(state, 'compliant', dir, now, new Set());
    generateLarge(state, now);
  } else apply(state, name, dir, now, new Set());
  state.ensureAllTables();
  const admin = state.table('User')?.find('Username', 'admin@healthyshop.example');
  if (admin) {
    state.info.userId = admin.Id as string;
    state.info.username = admin.Username as string;
  }
  state.setTable(userPermissionAccess(state));
  return state;
}

function apply(state: OrgState, name: string, dir: string, now: Date, seen: Set<string>): void {
  const file = join(dir, `${name}.json`);
  if (!/^[\w-]+$/.test(name) || !existsSync(file))
    throw new Error(`unknown emulator profile '${name}' (known: ${PROFILES.join(', ')})`);
  if (seen.has(name)) throw new Error(`emulator profile '${name}' extends itself`);
  seen.add(name);
  const p = JSON.parse(readFileSync(file, 'utf8')) as ProfileFile;
  if (p.extends) apply(state, p.extends, dir, now, seen);
  if (p.source) loadSource(state, resolve(REPO, p.source), now);
  if (p.org?.apiMax) state.info.apiMax = p.org.apiMax;
  for (const f of p.missingFeatures ?? []) state.missingFeatures.add(f);
  for (const t of p.emptyMetadataTypes ?? []) state.emptyMetadataTypes.add(t);
  for (const [type, byName] of Object.entries(p.metadata ?? {}))
    for (const [fullName, rec] of Object.entries(byName)) {
      if (rec === null) state.md(type).delete(fullName);
      else
        applyComponent(
          state,
          type,
          fullName,
          resolveValues(state, structuredClone(rec), now) as MdObject,
          now
        );
    }
  for (const patch of p.patches ?? []) {
    const rec = state.md(patch.type).get(patch.fullName);
    if (!rec) throw new Error(`profile ${name}: no ${patch.type} ${patch.fullName} to patch`);
    mdPatch(rec, patch.path, patch.value);
    applyComponent(state, patch.type, patch.fullName, rec, now);
  }
  for (const [obj, match] of Object.entries(p.deleteRows ?? {}))
    state.arrayTable(obj).removeWhere((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  for (const [obj, rows] of Object.entries(p.rows ?? {})) {
    const d = objectDef(obj);
    if (!d) throw new Error(`profile ${name}: unknown object ${obj}`);
    const t = state.arrayTable(obj);
    for (const r of rows) {
      const row = resolveValues(state, structuredClone(r), now) as Row;
      if (!row.Id) row.Id = makeId(d.keyPrefix, 100 + t.size());
      t.insert(row);
    }
  }
  if (p.phiAccessLog) addAccessLog(state, p.phiAccessLog.rows, now);
  if (p.packagesFromRegister) addRegisteredPackages(state);
  if (p.eventLogFiles) addEventLogFiles(state, p.eventLogFiles.types, p.eventLogFiles.days, now);
  if (p.stripEncryption) stripEncryption(state, now);
  addProfileAssignments(state);
}

/** Daily EventLogFile rows (Interval 'Daily', LogDate at midnight UTC) for the last `days` days. */
function addEventLogFiles(state: OrgState, types: string[], days: number, now: Date): void {
  const t = state.arrayTable('EventLogFile');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = 1; d <= days; d++)
    for (const type of types) {
      const logDate = new Date(today - d * 86_400_000).toISOString();
      t.insert({
        Id: makeId('0AT', 100 + t.size()),
        EventType: type,
        LogDate: logDate,
        Interval: 'Daily',
        LogFileLength: 2048 + ((d * 131 + type.length * 17) % 4096),
        Sequence: 0,
        CreatedDate: new Date(today - d * 86_400_000 + 6 * 3_600_000).toISOString(),
        ApiVersion: 63
      });
    }
}

/** An org without Shield: no field carries an encryption scheme. */
function stripEncryption(state: OrgState, now: Date): void {
  for (const [name, rec] of state.md('CustomObject')) {
    let changed = false;
    for (const f of Array.isArray(rec.fields) ? rec.fields : rec.fields ? [rec.fields] : [])
      if (typeof f === 'object' && !Array.isArray(f) && 'encryptionScheme' in f) {
        delete f.encryptionScheme;
        changed = true;
      }
    if (changed) applyComponent(state, 'CustomObject', name, rec, now);
  }
}

/** Every user holds an assignment to their profile's permission set, as in a real org. */
function addProfileAssignments(state: OrgState): void {
  const users = state.arrayTable('User');
  const psa = state.arrayTable('PermissionSetAssignment');
  const ps = state.arrayTable('PermissionSet');
  const has = new Set(psa.rows.map((r) => `${String(r.AssigneeId)}:${String(r.PermissionSetId)}`));
  for (const u of users.rows) {
    const owned = ps.find('ProfileId', String(u.ProfileId));
    if (!owned || has.has(`${String(u.Id)}:${String(owned.Id)}`)) continue;
    psa.insert({
      Id: makeId('0Pa', 100 + psa.size()),
      AssigneeId: u.Id,
      PermissionSetId: owned.Id,
      PermissionSetGroupId: null,
      IsActive: true
    });
  }
}

/** One row: the running user's effective permissions (union of their profile and permission sets), minus faults. */
function userPermissionAccess(state: OrgState): GeneratedTable {
  const d = objectDef('UserPermissionAccess') as ObjectDef;
  const make = (): Row => {
    const ps = state.arrayTable('PermissionSet');
    const row: Row = { Id: makeId('0Up', 1) };
    const cols = d.fields.filter((f) => f.name.startsWith('Permissions')).map((f) => f.name);
    for (const c of cols) row[c] = false;
    const psa = state.table('PermissionSetAssignment');
    const n = psa?.size() ?? 0;
    for (let i = 0; i < n; i++) {
      const a = psa?.at(i) as Row;
      if (a.AssigneeId !== state.info.userId) continue;
      const p = ps.find('Id', String(a.PermissionSetId));
      if (p) for (const c of cols) if (p[c] === true) row[c] = true;
    }
    for (const off of state.userPermsOff) row[`Permissions${off}`] = false;
    return row;
  };
  return new GeneratedTable(d, 1, make, () => 0);
}

/** Deterministic id from a key, so JSON rows can reference each other. */
export function keyedId(obj: string, key: string): string {
  const d = objectDef(obj);
  if (!d) throw new Error(`unknown object ${obj}`);
  const n = createHash('sha256').update(`${obj}:${key}`).digest().readUIntBE(0, 6);
  return makeId(d.keyPrefix, n);
}

const REL_TIME = /^@now(?:([+-])(\d+)([dhm]))?$/;

function resolveValues(state: OrgState, v: unknown, now: Date): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveValues(state, x, now));
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) (v as Record<string, unknown>)[k] = resolveValues(state, x, now);
    return v;
  }
  if (typeof v !== 'string' || !v.startsWith('@')) return v;
  const t = REL_TIME.exec(v);
  if (t) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[t[3] as 'd' | 'h' | 'm'] ?? 0;
    const delta = t[2] ? Number(t[2]) * unit * (t[1] === '-' ? -1 : 1) : 0;
    return new Date(now.getTime() + delta).toISOString();
  }
  let m = /^@id:(\w+):(.+)$/.exec(v);
  if (m) return keyedId(m[1] as string, m[2] as string);
  m = /^@ref:(\w+):(\w+)=(.+)$/.exec(v);
  if (m) {
    const row = state.arrayTable(m[1] as string).find(m[2] as string, m[3] as string);
    if (!row) throw new Error(`profile reference ${v} matches no row`);
    return row.Id;
  }
  return v;
}

/** A valid PHI access log hash chain (docs/audit-hash-format.md), computed with the verifier's own module. */
export function accessLogRow(i: number, previousHash: string, start: number): Row & { Hash__c: string } {
  const actions = ['view', 'reveal', 'update', 'view', 'export', 'view'];
  const channels = ['portal', 'console', 'api', 'batch'];
  const objects = ['Contact', 'Health_Intake__c', 'Prescription__c'];
  const fields = ['Allergies__c,Date_of_Birth__c', 'Diagnosis__c', 'Medication__c,Dosage__c', ''];
  const seq = i + 1;
  const log: LogRow = {
    sequence: seq,
    occurredAt: new Date(start + i * 30_000).toISOString(),
    actorId: makeId('005', 10 + (i % 7)),
    objectName: objects[i % 3] as string,
    recordId: makeId(['003', 'a02', 'a03'][i % 3] as string, 1 + (i % 997)),
    fieldNames: fields[i % 4] as string,
    action: actions[i % 6] as string,
    channel: channels[i % 4] as string,
    purpose: i % 5 === 0 ? null : 'TREATMENT',
    previousHash
  };
  const hash = hashRow(log);
  return {
    Id: makeId('a01', seq),
    Name: `LOG-${String(seq).padStart(9, '0')}`,
    Sequence__c: seq,
    Sequence_Key__c: String(seq),
    Occurred_At__c: log.occurredAt,
    Actor_Id__c: log.actorId,
    Object_Name__c: log.objectName,
    Record_Id__c: log.recordId,
    Field_Names__c: log.fieldNames || null,
    Action__c: log.action,
    Channel__c: log.channel,
    Purpose__c: log.purpose,
    Previous_Hash__c: previousHash,
    Hash__c: hash,
    CreatedDate: log.occurredAt
  };
}

function addAccessLog(state: OrgState, n: number, now: Date): void {
  const t = state.arrayTable('PHI_Access_Log__c');
  // Whole seconds: DateTime fields store no milliseconds, and the v2 canonical form refuses them.
  const start = Math.floor(now.getTime() / 1000) * 1000 - n * 30_000;
  let prev = GENESIS;
  for (let i = 0; i < n; i++) {
    const row = accessLogRow(i, prev, start);
    prev = row.Hash__c;
    t.insert(row);
  }
}

/** One installed package per BAA register entry that names a package namespace. */
function addRegisteredPackages(state: OrgState): void {
  const file = join(REPO, 'config/compliance-register.json');
  if (!existsSync(file)) return;
  const reg = JSON.parse(readFileSync(file, 'utf8')) as {
    baas?: { vendor: string; namespace?: string; signed?: string }[];
  };
  for (const b of reg.baas ?? []) {
    if (!b.namespace || !b.signed) continue;
    addPackage(state, b.namespace, b.vendor);
  }
}

export function addPackage(state: OrgState, namespace: string, name: string): void {
  const sp = {
    Id: keyedId('SubscriberPackage', namespace),
    Name: name,
    NamespacePrefix: namespace,
    Description: null,
    IsPackageValid: true
  };
  state.arrayTable('SubscriberPackage').insert(sp);
  const v = {
    Id: keyedId('SubscriberPackageVersion', namespace),
    Name: `${name} 1.4`,
    SubscriberPackageId: sp.Id,
    MajorVersion: 1,
    MinorVersion: 4,
    PatchVersion: 0,
    BuildNumber: 2,
    IsManaged: true
  };
  state.arrayTable('SubscriberPackageVersion').insert(v);
  state.arrayTable('InstalledSubscriberPackage').insert({
    Id: keyedId('InstalledSubscriberPackage', namespace),
    SubscriberPackageId: sp.Id,
    SubscriberPackageVersionId: v.Id,
    MinPackageVersionId: null
  });
}
