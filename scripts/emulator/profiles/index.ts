import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyComponent, loadSource } from './from-source';
import { generateLarge } from './large';
import { objectDef, registerCustomObject, type ObjectDef } from '../schema';
import { mdPatch } from '../mdxml';
import { GeneratedTable, makeId, OrgState, type MdObject, type MdValue, type Row } from '../state';
import {
  CHAIN_GENESIS,
  CHAIN_NAME,
  chainHeadRecord,
  recordHash,
  syntheticDedupId,
  syntheticEventUuid
} from '../audit-chain';

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

/**
 * Row `i` (0-based) of a valid PHI access log hash chain, format v3 as the writer stores it (Hash_Version__c,
 * a lower-case Event_Uuid__c, Dedup_Id__c), hashed by the emulator's own implementation of the published
 * canonical form (../audit-chain.ts), never by the verifier's module.
 */
export function accessLogRow(i: number, previousHash: string, start: number): Row & { Hash__c: string } {
  const actions = ['view', 'reveal', 'update', 'view', 'export', 'view'];
  const channels = ['portal', 'console', 'api', 'batch'];
  const objects = ['Contact', 'Health_Intake__c', 'Prescription__c'];
  const fields = ['Allergies__c,Date_of_Birth__c', 'Diagnosis__c', 'Medication__c,Dosage__c', ''];
  const seq = i + 1;
  const recordId = makeId(['003', 'a02', 'a03'][i % 3] as string, 1 + (i % 997));
  const occurredAt = new Date(start + i * 30_000).toISOString();
  const row: Row = {
    Id: makeId('a01', seq),
    Name: `LOG-${String(seq).padStart(9, '0')}`,
    Sequence__c: seq,
    Sequence_Key__c: String(seq),
    Occurred_At__c: occurredAt,
    Actor_Id__c: makeId('005', 10 + (i % 7)),
    Object_Name__c: objects[i % 3] as string,
    Record_Id__c: recordId,
    Field_Names__c: (fields[i % 4] as string) || null,
    Action__c: actions[i % 6] as string,
    Channel__c: channels[i % 4] as string,
    Purpose__c: i % 5 === 0 ? null : 'TREATMENT',
    Hash_Version__c: 'v3',
    Event_Uuid__c: syntheticEventUuid(seq),
    Dedup_Id__c: syntheticDedupId(seq, recordId),
    Previous_Hash__c: previousHash,
    // The subscriber writes the row moments after the event (Occurred_At__c is the flush time).
    CreatedDate: new Date(start + i * 30_000 + 2_000).toISOString()
  };
  return { ...row, Hash__c: recordHash(row) };
}

/**
 * The log's columns the writer fills: Hash_Version__c arrives with the v3 writer's force-app change, so it is
 * declared here too (registering a field the source already declared changes nothing).
 */
function declareLogColumns(): void {
  registerCustomObject('PHI_Access_Log__c', [
    { name: 'Hash_Version__c', type: 'Text' },
    { name: 'Event_Uuid__c', type: 'Text' },
    { name: 'Dedup_Id__c', type: 'Text' }
  ]);
}

/** The chain head's object: orgs built from a project without it (the deploy tests' small fixture) have no head. */
const CHAIN_HEAD_OBJECT = 'PHI_Audit_Chain_Head__c';

function addAccessLog(state: OrgState, n: number, now: Date): void {
  declareLogColumns();
  // Whole seconds: DateTime fields store no milliseconds, and the canonical form refuses them.
  const start = Math.floor(now.getTime() / 1000) * 1000 - n * 30_000;
  const t = state.arrayTable('PHI_Access_Log__c');
  let prev = CHAIN_GENESIS;
  for (let i = 0; i < n; i++) {
    const row = accessLogRow(i, prev, start);
    prev = row.Hash__c;
    t.insert(row);
  }
  if (objectDef(CHAIN_HEAD_OBJECT)) moveChainHead(state);
}

/**
 * PHI_Audit_Chain_Head__c as the writer leaves it after its last transaction: one record, Chain__c PHI_ACCESS_LOG,
 * naming the last row's sequence and hash (sequence 0 and the genesis hash for an empty log).
 */
export function moveChainHead(state: OrgState): void {
  // An org whose metadata has no chain head object (a project without it, such as the deploy suites' fixture) keeps
  // no head: there is nothing to move.
  if (!state.md('CustomObject').has('PHI_Audit_Chain_Head__c')) return;
  const log = state.arrayTable('PHI_Access_Log__c');
  const heads = state.arrayTable('PHI_Audit_Chain_Head__c');
  heads.removeWhere((r) => r.Chain__c === CHAIN_NAME);
  const last = log.size() ? log.at(log.size() - 1) : undefined;
  heads.insert(
    chainHeadRecord(
      keyedId('PHI_Audit_Chain_Head__c', CHAIN_NAME),
      last ? Number(last.Sequence__c) : 0,
      last ? String(last.Hash__c) : CHAIN_GENESIS
    ) as Row
  );
}

/** Appends `n` rows to the log as the writer would (continuing the chain, moving the head). */
export function appendAccessLog(state: OrgState, n: number): void {
  const t = state.arrayTable('PHI_Access_Log__c');
  const first = t.size() ? Date.parse(String(t.at(0).Occurred_At__c)) : Math.floor(Date.now() / 1000) * 1000;
  let prev = t.size() ? String(t.at(t.size() - 1).Hash__c) : CHAIN_GENESIS;
  for (let i = t.size(), end = t.size() + n; i < end; i++) {
    const row = accessLogRow(i, prev, first);
    prev = row.Hash__c;
    t.insert(row);
  }
  if (objectDef(CHAIN_HEAD_OBJECT)) moveChainHead(state);
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
