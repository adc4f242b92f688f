import { createHash } from 'node:crypto';
import path from 'node:path';
import { orgMsg } from '../../messages/org';
import type { OrgClient, QueryRequest, QueryResult } from '../../org/client';
import { chunkInList, inList } from '../../org/soql';
import { apexFacts } from '../source/apex-facts';
import { loadConfig, loadDictionary, loadRegister } from '../source/config-files';
import { readJson, lineOf } from '../source/json-file';
import {
  COLLECTIONS,
  addGap,
  known,
  unknown,
  type CollectionKey,
  type Fact,
  type ObjectFact,
  type PhiUserActivityFact,
  type PostureSnapshot,
  type RetentionPolicyFact,
  type Unknown
} from '../model';
import { classify, clinicalObjectTerm } from '../phi';
import { addApexFilters, emptyCollections } from '../snapshot';
import {
  ASSIGNMENT_COUNT_QUERY,
  GROUP_COMPONENT_QUERY,
  GROUP_QUERY,
  MUTING_QUERY,
  PERMISSION_SET_QUERY,
  addAssignments,
  addFieldPermissions,
  addGroups,
  addMutingSets,
  addObjectPermissions,
  buildAccess,
  fieldPermissionQuery,
  grantingIds,
  objectPermissionQuery
} from './access';
import {
  connectedApp,
  externalClientApps,
  externalCredential,
  namedCredential,
  remoteSite
} from './integrations';
import {
  HEALTH_QUERY,
  HEALTH_RISKS_QUERY,
  OAUTH_TOKEN_QUERY,
  PACKAGE_QUERY,
  TENANT_SECRET_QUERY,
  USER_PERMISSION_QUERY,
  eventLogQuery,
  eventMonitoring,
  healthCheck,
  installedPackages,
  oauthTokens,
  packageAccess,
  runningUser,
  tenantSecrets,
  userCountQueries
} from './org-facts';
import { TRANSACTION_POLICY_QUERY, eventSettings, transactionPolicies } from './events';
import {
  FIELD_FIELDS,
  entityQuery,
  fieldFromDefinition,
  listViewFilters,
  mergeField,
  mergeObject,
  objectFromEntity,
  objectFields
} from './schema';
import {
  encryptionOf,
  oauthOf,
  orgWideMfa,
  passwordOf,
  profilePassword,
  profileSession,
  sessionOf
} from './settings';
import { readSites } from './site';
import { api, failed, list, num, str, unreadable, type Md } from './util';

/**
 * The org loader: fills the same PostureSnapshot as the source loader, from a live org, through
 * the OrgClient only. Configuration (data dictionary, compliance register, suppressions) still
 * comes from the project directory. A read the org refuses becomes an Unknown with its reason (a
 * gap on a collection, or an unknown settings fact), never an empty "all clear". Reads are batched
 * so that a 200,000-user, 2,000-object org stays within a few dozen API calls: see
 * `/work/shared/org-api-map.md` for the read paths and their failure modes.
 */

export interface OrgLoadOptions {
  /** Project directory holding config/ (dictionary, register). */
  projectRoot: string;
  /** The -o value, for the report (never the token). */
  alias: string;
  now: Date;
  /** Progress: phase n of total. */
  onPhase?: (n: number, total: number, what: string) => void;
  /** Days without login that make a PHI user dormant (default 90). */
  staleDays?: number;
  /** Event Monitoring look-back in days (default 30). */
  eventDays?: number;
}

const PHASES = [
  'API limits',
  'permissions, settings and inventories',
  'objects and fields',
  'PHI objects: encryption, sharing, access',
  'users holding PHI access',
  'integrations and profile policies'
];

/** Metadata types listed up front (3 per listMetadata call). */
const LISTED_TYPES = [
  'SharingRules',
  'ConnectedApp',
  'ProfileSessionSetting',
  'ProfilePasswordPolicy',
  'NamedCredential',
  'RemoteSiteSetting',
  'ExternalCredential',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExternalClientApplication'
];

/** FieldDefinition IN-lists: objects per query (halved when a query is refused as too large). */
const OBJECTS_PER_FIELD_QUERY = 100;

export async function loadOrg(client: OrgClient, opts: OrgLoadOptions): Promise<PostureSnapshot> {
  const phase = (n: number) => opts.onPhase?.(n, PHASES.length, PHASES[n - 1]!);
  const staleDays = opts.staleDays ?? 90;
  const eventDays = opts.eventDays ?? 30;
  const root = opts.projectRoot;
  const config = loadConfig(root);
  const dictionary = loadDictionary(root, config.dictionaryFile);
  const register = loadRegister(root, config.registerFile);
  if (register.known) register.value.oauthApps = loadOauthApps(root, config.registerFile);
  const hash = createHash('sha256');
  const inputs: string[] = [];
  const seen = (what: string, data: unknown) => {
    inputs.push(what);
    hash.update(`${what}\n${JSON.stringify(data)}\n`);
  };

  // The effective config (thresholds included) is part of the fingerprint, as in the source loader.
  seen('config', config);
  const snap = emptySnapshot(opts.alias, client, config, register);

  // 1. Budget first: refuse to start below the floor.
  phase(1);
  await client.checkBudget();

  // 2. Everything that does not depend on the schema.
  phase(2);
  const data = await client.queryMany<Md>([
    { soql: USER_PERMISSION_QUERY },
    { soql: PERMISSION_SET_QUERY },
    { soql: GROUP_QUERY },
    { soql: GROUP_COMPONENT_QUERY },
    { soql: MUTING_QUERY },
    { soql: ASSIGNMENT_COUNT_QUERY },
    { soql: TENANT_SECRET_QUERY },
    { soql: OAUTH_TOKEN_QUERY },
    { soql: eventLogQuery(opts.now, eventDays) },
    { soql: 'SELECT Id, Name, Status, GuestUserId, GuestUser.ProfileId FROM Site' },
    { soql: 'SELECT Id, Name, Body FROM ApexClass WHERE NamespacePrefix = null' },
    { soql: 'SELECT Id, Name, TableEnumOrId, Body FROM ApexTrigger WHERE NamespacePrefix = null' },
    { soql: retentionQuery(config.retentionType) },
    { soql: entityQuery(''), tooling: true },
    { soql: PACKAGE_QUERY, tooling: true },
    { soql: HEALTH_QUERY, tooling: true },
    { soql: HEALTH_RISKS_QUERY, tooling: true },
    { soql: TRANSACTION_POLICY_QUERY, tooling: true }
  ]);
  const [
    upa,
    ps,
    psg,
    psgc,
    muting,
    psa,
    secrets,
    tokens,
    elf,
    sites,
    classes,
    triggers,
    retention,
    entities1,
    pkgs,
    health,
    risks,
    policies
  ] = data as QueryResult<Md>[];
  data.forEach((r, i) => r.ok && seen(`query ${i}`, r.records));
  const user = runningUser(upa!);

  const listed = await client.listMetadata(LISTED_TYPES);
  const components = new Map<string, string[]>();
  if (listed.ok) {
    for (const c of listed.components) {
      if (!components.has(c.type)) components.set(c.type, []);
      components.get(c.type)!.push(c.fullName);
    }
    seen('listMetadata', listed.components);
  }
  const listGap = listed.ok
    ? undefined
    : failed('listMetadata', listed.failure, 'Modify Metadata Through Metadata API Functions');
  const namesOf = (type: string) => [...new Set(components.get(type) ?? [])].sort();

  const security = await readOne(client, 'SecuritySettings', 'Security');
  const oauthSettings = await readOne(client, 'OauthOidcSettings', 'OauthOidc');
  const encryption = await readOne(client, 'PlatformEncryptionSettings', 'PlatformEncryption');
  // readMetadata takes one type per call: these two cost one SOAP call each.
  const events = await readOne(client, 'EventSettings', 'Event');
  const realTime = await readOne(client, 'RealTimeEventSettings', 'RealTimeEvent');
  if (events.known) seen('EventSettings', events.value);
  if (realTime.known) seen('RealTimeEventSettings', realTime.value);
  if (security.known) {
    seen('SecuritySettings', security.value);
    const s = sessionOf(security.value);
    const p = passwordOf(security.value);
    snap.session = s
      ? known(s, api('SecuritySettings', 'sessionSettings'))
      : unreadable(
          'SecuritySettings',
          orgMsg.facts.emptyRecord('SecuritySettings', 'Security.sessionSettings')
        );
    snap.password = p
      ? known(p, api('SecuritySettings', 'passwordPolicies'))
      : unreadable(
          'SecuritySettings',
          orgMsg.facts.emptyRecord('SecuritySettings', 'Security.passwordPolicies')
        );
  } else {
    snap.session = security;
    snap.password = security;
  }
  snap.oauth = oauthSettings.known
    ? known(oauthOf(oauthSettings.value), api('OauthOidcSettings', 'OauthOidc'))
    : oauthSettings;
  snap.encryption = encryption.known
    ? known(encryptionOf(encryption.value), api('PlatformEncryptionSettings', 'PlatformEncryption'))
    : encryption;

  // Permissions (the PHI-specific object/field rows come in phase 4).
  const guestProfiles = new Set<string>();
  if (sites!.ok)
    for (const s of sites!.records) {
      const p = str((s.GuestUser as Md | undefined)?.ProfileId);
      if (p) guestProfiles.add(p);
    }
  const access = buildAccess(
    rowsOr(snap, ps!, 'grants', 'PermissionSet', 'View Setup and Configuration'),
    guestProfiles
  );
  addMutingSets(
    access,
    rowsOr(snap, muting!, 'grants', 'MutingPermissionSet', 'View Setup and Configuration', true)
  );
  addGroups(
    access,
    rowsOr(snap, psg!, 'permissionSetGroups', 'PermissionSetGroup', 'View Setup and Configuration', true),
    rowsOr(
      snap,
      psgc!,
      'permissionSetGroups',
      'PermissionSetGroupComponent',
      'View Setup and Configuration',
      true
    )
  );
  addAssignments(
    access,
    rowsOr(snap, psa!, 'grants', 'PermissionSetAssignment', 'View Setup and Configuration')
  );
  if (!sites!.ok && sites!.failure.errorCode !== 'INVALID_TYPE')
    addGap(snap, 'grants', failed('Site', sites!.failure));

  // Org-only facts that need nothing else.
  snap.orgOnly.shieldLicence = tenantSecrets(secrets!, user);
  snap.orgOnly.eventMonitoring = eventMonitoring(elf!, user, eventDays);
  snap.orgOnly.eventSettings = eventSettings(events, realTime);
  snap.orgOnly.transactionPolicies = transactionPolicies(policies!);
  snap.orgOnly.healthCheck = healthCheck(health!, risks!);
  snap.orgOnly.oauthTokens = oauthTokens(tokens!, user);
  snap.installedPackages = installedPackages(pkgs!);
  if (!pkgs!.ok) addGap(snap, 'installedPackages', failed('InstalledSubscriberPackage', pkgs!.failure));
  const packageNames = new Map<string, string>();
  if (pkgs!.ok)
    for (const p of pkgs!.records) {
      const sp = p.SubscriberPackage as Md | undefined;
      const ns = str(sp?.NamespacePrefix);
      if (ns) packageNames.set(ns, str(sp?.Name) ?? ns);
    }
  snap.retention = retentionFact(retention!, config.retentionType);
  addApex(snap, classes!, triggers!);

  // 3. Objects and fields.
  phase(3);
  const entities = await allEntities(client, entities1!);
  if (!entities.ok) {
    addGap(snap, 'objects', failed('EntityDefinition', entities.failure));
    addGap(snap, 'fields', failed('EntityDefinition', entities.failure));
  }
  for (const e of entities.ok ? entities.records : []) {
    const o = objectFromEntity(e);
    if (o) snap.objects.set(o.name.toLowerCase(), o);
  }
  seen('EntityDefinition', [...snap.objects.keys()]);
  const fieldRows = await fieldDefinitions(
    client,
    [...snap.objects.values()].map((o) => o.name),
    snap
  );
  for (const r of fieldRows) {
    const f = fieldFromDefinition(r);
    if (f) snap.fields.set(f.id.toLowerCase(), f);
  }
  seen('FieldDefinition', fieldRows);
  snap.dictionary = { file: config.dictionaryFile, entries: dictionary };
  classifyAll(snap, dictionary);

  // 4. PHI objects in detail: encryption schemes, sharing, history, list views; who can access them.
  phase(4);
  const phiObjects = [...snap.phiObjects].map((o) => snap.objects.get(o)?.name ?? o).sort();
  const detailObjects = [...new Set([...phiObjects, ...config.auditLogObjects])].filter((o) =>
    snap.objects.has(o.toLowerCase())
  );
  await readObjectDetail(client, snap, phiObjects, seen);
  if (listGap) addGap(snap, 'sharingRules', listGap);
  const ruleObjects = namesOf('SharingRules').filter((o) => snap.phiObjects.has(o.toLowerCase()));
  await readSharingRules(client, snap, ruleObjects, seen);

  const permQueries: QueryRequest[] = chunkInList(detailObjects).flatMap((objs) => [
    { soql: objectPermissionQuery(objs) },
    { soql: fieldPermissionQuery(objs) }
  ]);
  const perms = await client.queryMany<Md>(permQueries);
  perms.forEach((r, i) => {
    const what = i % 2 === 0 ? 'ObjectPermissions' : 'FieldPermissions';
    const rows = rowsOr(snap, r, 'grants', what, 'View Setup and Configuration');
    seen(what, rows);
    if (i % 2 === 0) addObjectPermissions(access, rows);
    else addFieldPermissions(access, rows);
  });
  snap.grants = [...access.byId.values()];
  snap.permissionSetGroups = [...access.groups.values()];
  const phiSet = new Set(phiObjects.map((o) => o.toLowerCase()));
  snap.orgOnly.packageAccess =
    snap.gaps.grants?.length || snap.gaps.installedPackages?.length
      ? (snap.gaps.grants ?? snap.gaps.installedPackages)![0]!
      : known(
          packageAccess(
            snap.installedPackages,
            packageNames,
            access,
            phiSet,
            (o) => snap.objects.get(o)?.name ?? o
          ),
          api('InstalledSubscriberPackage')
        );

  // 5. Users holding PHI access: counts only.
  phase(5);
  snap.orgOnly.loginHistory = snap.gaps.grants?.length
    ? snap.gaps.grants[0]!
    : await userActivity(
        client,
        grantingIds(access, phiSet),
        opts.now,
        staleDays,
        security.known ? orgWideMfa(security.value) : undefined
      );

  // 6. Integrations and per-profile policies.
  phase(6);
  if (listGap) {
    addGap(snap, 'apps', listGap);
    addGap(snap, 'endpoints', listGap);
    addGap(snap, 'profilePolicies', listGap);
  }
  const read = async (type: string, collection: CollectionKey) => {
    const names = namesOf(type);
    if (!names.length) return [] as Md[];
    const r = await client.readMetadata(type, names);
    if (!r.ok) {
      addGap(snap, collection, failed(type, r.failure, 'Modify Metadata Through Metadata API Functions'));
      return [];
    }
    r.records.forEach((rec, i) => {
      if (!rec) addGap(snap, collection, unreadable(type, orgMsg.facts.emptyRecord(type, names[i]!)));
    });
    const recs = r.records.filter((x): x is Md & { fullName?: string } => !!x);
    seen(type, recs);
    return recs;
  };
  for (const a of await read('ConnectedApp', 'apps')) {
    const fact = connectedApp(a);
    if (fact) snap.apps.push(fact);
  }
  snap.apps.push(
    ...externalClientApps(
      namesOf('ExternalClientApplication'),
      await read('ExtlClntAppOauthSettings', 'apps'),
      await read('ExtlClntAppGlobalOauthSettings', 'apps'),
      await read('ExtlClntAppOauthConfigurablePolicies', 'apps')
    )
  );
  for (const [type, make] of [
    ['RemoteSiteSetting', remoteSite],
    ['NamedCredential', namedCredential],
    ['ExternalCredential', externalCredential]
  ] as const) {
    for (const r of await read(type, 'endpoints')) {
      const e = make(r);
      if (e) snap.endpoints.push(e);
    }
  }
  for (const r of await read('ProfileSessionSetting', 'profilePolicies')) {
    const p = profileSession(r);
    if (p) snap.profilePolicies.push(p);
  }
  for (const r of await read('ProfilePasswordPolicy', 'profilePolicies')) {
    const p = profilePassword(r);
    if (p) snap.profilePolicies.push(p);
  }

  await readSites(client, snap, seen);

  addApexFilters(snap);
  checkPlausible(snap, security);
  snap.inputs = inputs;
  snap.inputsSha256 = hash.digest('hex');
  snap.filesRead = 0;
  if (snap.source.kind === 'org') snap.source.apiCalls = client.callsUsed;
  return snap;
}

function emptySnapshot(
  alias: string,
  client: OrgClient,
  config: PostureSnapshot['config'],
  register: PostureSnapshot['register']
): PostureSnapshot {
  const pending = unknown('unreadable', 'not read');
  return {
    ...emptyCollections(config),
    source: { kind: 'org', alias, instanceUrl: client.instanceUrl, apiVersion: client.apiVersion },
    session: pending,
    password: pending,
    oauth: pending,
    encryption: pending,
    retention: pending,
    register,
    orgOnly: {
      shieldLicence: pending,
      eventMonitoring: pending,
      eventSettings: pending,
      transactionPolicies: pending,
      loginHistory: pending,
      packageAccess: pending,
      healthCheck: pending,
      oauthTokens: pending
    },
    config,
    evidence: {
      fields: ['FieldDefinition', 'CustomObject'],
      objects: ['EntityDefinition', 'CustomObject'],
      sharing: ['SharingRules'],
      permissions: ['PermissionSet', 'ObjectPermissions', 'FieldPermissions', 'PermissionSetAssignment'],
      settings: ['SecuritySettings', 'OauthOidcSettings', 'PlatformEncryptionSettings'],
      integrations: ['ConnectedApp', 'ExternalClientApplication', 'NamedCredential', 'RemoteSiteSetting'],
      apex: ['ApexClass', 'ApexTrigger'],
      lwc: [],
      filters: ['ListView'],
      retention: [config.retentionType],
      packages: ['InstalledSubscriberPackage'],
      register: [config.registerFile],
      dictionary: [config.dictionaryFile],
      sites: ['Network', 'CustomSite', 'ExperienceBundle', 'CspTrustedSite', 'LightningComponentBundle']
    }
  };
}

/** Rows of a query, or none with a gap on the collection when the org refused it. */
function rowsOr(
  snap: PostureSnapshot,
  r: QueryResult<Md>,
  key: CollectionKey,
  what: string,
  permission: string,
  featureOptional = false
): Md[] {
  if (r.ok) return r.records;
  // A feature the org does not have (e.g. no permission set groups) has no rows to miss.
  if (featureOptional && r.failure.errorCode === 'INVALID_TYPE') return [];
  addGap(snap, key, failed(what, r.failure, permission));
  return [];
}

/** readMetadata of one settings record: the record, or Unknown (refused, or an empty record). */
async function readOne(client: OrgClient, type: string, name: string): Promise<Fact<Md>> {
  const r = await client.readMetadata(type, [name]);
  if (!r.ok) return failed(type, r.failure, 'Modify Metadata Through Metadata API Functions');
  const rec = r.records[0];
  if (!rec || Object.keys(rec).filter((k) => k !== 'fullName').length === 0) {
    return unreadable(type, orgMsg.facts.emptyRecord(type, name));
  }
  return known(rec, api(type, name));
}

/** EntityDefinition has no queryMore: page by DurableId (the first page came with phase 2). */
async function allEntities(client: OrgClient, first: QueryResult<Md>): Promise<QueryResult<Md>> {
  if (!first.ok) return first;
  const records = [...first.records];
  let page = first.records;
  while (page.length >= 2000) {
    const last = str(page[page.length - 1]!.DurableId) ?? '';
    const r = await client.query<Md>(entityQuery(last), true);
    if (!r.ok) return r;
    page = r.records;
    records.push(...page);
  }
  return { ok: true, records, totalSize: records.length };
}

/**
 * FieldDefinition for every object, by IN-lists of objects. The object has no queryMore and caps
 * a result at 2,000 rows, so a refused list is split in half and retried.
 */
async function fieldDefinitions(client: OrgClient, objects: string[], snap: PostureSnapshot): Promise<Md[]> {
  const rows: Md[] = [];
  let pending = chunkInList(objects, 6000, OBJECTS_PER_FIELD_QUERY);
  while (pending.length) {
    const results = await client.queryMany<Md>(
      pending.map((objs) => ({
        soql: `SELECT ${FIELD_FIELDS} FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName IN ${inList(objs)}`,
        tooling: true
      }))
    );
    const next: string[][] = [];
    results.forEach((r, i) => {
      const objs = pending[i]!;
      if (r.ok) rows.push(...r.records);
      else if (objs.length > 1 && r.failure.errorCode !== 'INVALID_TYPE' && r.failure.kind !== 'retry') {
        const half = Math.ceil(objs.length / 2);
        next.push(objs.slice(0, half), objs.slice(half));
      } else addGap(snap, 'fields', failed('FieldDefinition', r.failure, 'View Setup and Configuration'));
    });
    pending = next;
  }
  return rows;
}

function classifyAll(snap: PostureSnapshot, dictionary: ReturnType<typeof loadDictionary>) {
  for (const [key, f] of snap.fields) {
    const obj = snap.objects.get(f.object.toLowerCase());
    const verdict = classify(f, dictionary, clinicalObjectTerm(f.object, obj?.label));
    snap.phi.set(key, verdict);
    if (verdict.phi) snap.phiObjects.add(f.object.toLowerCase());
  }
  for (const [key, e] of dictionary) {
    if (e.phi && snap.objects.has(key.split('.')[0]!)) snap.phiObjects.add(key.split('.')[0]!);
  }
}

/** readMetadata('CustomObject') for PHI objects: schemes, sharing models, history, FAT policy, list views. */
async function readObjectDetail(
  client: OrgClient,
  snap: PostureSnapshot,
  objects: string[],
  seen: (what: string, data: unknown) => void
) {
  if (!objects.length) return;
  const r = await client.readMetadata('CustomObject', objects);
  if (!r.ok) {
    const gap = failed('CustomObject', r.failure, 'Modify Metadata Through Metadata API Functions');
    addGap(snap, 'fields', gap);
    addGap(snap, 'objects', gap);
    return;
  }
  r.records.forEach((md, i) => {
    const name = objects[i]!;
    if (!md) {
      const gap = unreadable('CustomObject', orgMsg.facts.emptyRecord('CustomObject', name));
      addGap(snap, 'fields', gap);
      addGap(snap, 'objects', gap);
      return;
    }
    seen(`CustomObject ${name}`, md);
    const key = name.toLowerCase();
    const merged: ObjectFact = mergeObject(name, md, snap.objects.get(key));
    snap.objects.set(key, merged);
    for (const f of objectFields(md)) {
      const id = `${name}.${str(f.fullName) ?? ''}`.toLowerCase();
      const fact = mergeField(name, f, snap.fields.get(id));
      if (fact) snap.fields.set(id, fact);
      if (fact?.type === 'MasterDetail' && fact.referenceTo) merged.masters.push(fact.referenceTo);
    }
    snap.filters.push(...listViewFilters(name, md));
  });
}

async function readSharingRules(
  client: OrgClient,
  snap: PostureSnapshot,
  objects: string[],
  seen: (what: string, data: unknown) => void
) {
  if (!objects.length) return;
  const r = await client.readMetadata('SharingRules', objects);
  if (!r.ok) {
    addGap(
      snap,
      'sharingRules',
      failed('SharingRules', r.failure, 'Modify Metadata Through Metadata API Functions')
    );
    return;
  }
  const kinds: [string, 'owner' | 'criteria' | 'guest' | 'territory'][] = [
    ['sharingOwnerRules', 'owner'],
    ['sharingCriteriaRules', 'criteria'],
    ['sharingGuestRules', 'guest'],
    ['sharingTerritoryRules', 'territory']
  ];
  r.records.forEach((md, i) => {
    const object = objects[i]!;
    if (!md) return; // listed, but no rules left: an empty record.
    seen(`SharingRules ${object}`, md);
    for (const [tag, kind] of kinds) {
      for (const rule of list(md[tag])) {
        const name = str(rule.fullName) ?? '?';
        const to = (rule.sharedTo ?? {}) as Md;
        const sharedTo = Object.entries(to).flatMap(([k, v]) =>
          (Array.isArray(v) ? v : [v]).map((x) => ({ kind: k, value: typeof x === 'string' ? x : '' }))
        );
        snap.sharingRules.push({
          object,
          name,
          kind,
          accessLevel: str(rule.accessLevel),
          sharedTo,
          criteriaFields: list(rule.criteriaItems).map((c) => ({
            field: str(c.field) ?? '',
            file: `SharingRules ${object}.${name}`,
            line: 0
          })),
          at: api('SharingRules', `${object}.${name}`)
        });
      }
    }
  });
}

async function userActivity(
  client: OrgClient,
  ids: string[],
  now: Date,
  staleDays: number,
  mfaOrgWide: boolean | undefined
): Promise<Fact<PhiUserActivityFact>> {
  const at = api('User', 'PermissionSetAssignment');
  if (!ids.length)
    return known(
      { phiUsers: 0, stale: 0, staleDays, withoutMfa: 0, mfaWaived: 0, orgWideMfa: mfaOrgWide, at },
      at
    );
  const groups = chunkInList(ids, 6000, 300).map((c) => userCountQueries(c, now, staleDays, mfaOrgWide));
  const results = await client.queryMany(
    groups.flatMap((q) => [{ soql: q.total }, { soql: q.stale }, { soql: q.mfa }])
  );
  const bad = results.find((r) => !r.ok);
  if (bad && !bad.ok) return failed('User', bad.failure, 'Manage Users');
  const sum = (k: number) =>
    results.filter((_, i) => i % 3 === k).reduce((n, r) => n + (r.ok ? r.totalSize : 0), 0);
  const mfa = sum(2);
  return known(
    {
      phiUsers: sum(0),
      stale: sum(1),
      staleDays,
      withoutMfa: mfaOrgWide === true ? 0 : mfa,
      mfaWaived: mfaOrgWide === true ? mfa : undefined,
      orgWideMfa: mfaOrgWide,
      at
    },
    at
  );
}

function retentionQuery(type: string): string {
  return `SELECT DeveloperName, Object_Name__c, Date_Field__c, Retention_Months__c, Action__c, Active__c FROM ${type}`;
}

function retentionFact(r: QueryResult<Md>, type: string): Fact<RetentionPolicyFact[]> {
  if (!r.ok) {
    return r.failure.errorCode === 'INVALID_TYPE'
      ? unknown('missing', `no ${type} records or type in the org`, type)
      : failed(type, r.failure);
  }
  return known(
    r.records.map((x) => ({
      name: `${type.replace(/__mdt$/, '')}.${str(x.DeveloperName) ?? '?'}`,
      object: str(x.Object_Name__c),
      dateField: str(x.Date_Field__c),
      months: num(x.Retention_Months__c),
      action: str(x.Action__c),
      active: x.Active__c !== false && x.Active__c !== 'false',
      at: api(type, str(x.DeveloperName))
    })),
    api(type)
  );
}

function addApex(snap: PostureSnapshot, classes: QueryResult<Md>, triggers: QueryResult<Md>) {
  for (const [r, kind, ext] of [
    [classes, 'ApexClass', '.cls'],
    [triggers, 'ApexTrigger', '.trigger']
  ] as const) {
    if (!r.ok) {
      addGap(snap, 'apex', failed(kind, r.failure, 'View Setup and Configuration'));
      continue;
    }
    for (const row of r.records) {
      const name = str(row.Name);
      const body = typeof row.Body === 'string' ? row.Body : undefined;
      if (!name || body === undefined) continue;
      if (body === '(hidden)') continue; // managed code: not ours to review, and not readable
      const file = `${kind}/${name}${ext}`;
      const fact = apexFacts(file, file, body);
      snap.apex.push(fact);
      if (fact.parseError) {
        snap.problems.push({
          file,
          line: fact.parseError.line,
          message: `Apex does not parse: ${fact.parseError.message}`
        });
      }
    }
  }
}

/**
 * An org with no objects, no profiles, or no security settings is not a real org (or the running
 * user sees nothing): every collection and setting becomes unknown, so nothing passes.
 */
function checkPlausible(snap: PostureSnapshot, security: Fact<Md>): void {
  const missing: string[] = [];
  if (snap.objects.size === 0) missing.push('objects');
  if (!snap.grants.some((g) => g.kind === 'Profile')) missing.push('profiles');
  if (!security.known && !snap.oauth.known && !snap.encryption.known) missing.push('settings');
  if (!missing.length) return;
  const gap: Unknown = unreadable('org', orgMsg.facts.implausiblyEmpty(missing.join(', ')));
  for (const key of COLLECTIONS) addGap(snap, key, gap);
  snap.session = gap;
  snap.password = gap;
  snap.oauth = gap;
  snap.encryption = gap;
  snap.retention = gap;
  for (const k of Object.keys(snap.orgOnly) as (keyof PostureSnapshot['orgOnly'])[]) snap.orgOnly[k] = gap;
}

/** Optional "oauthApps" in the compliance register: apps reviewed and approved for OAuth access. */
function loadOauthApps(root: string, relFile: string): { name: string; line?: number }[] {
  const { json, text } = readJson(path.join(root, relFile), relFile, root);
  const apps = (json as { oauthApps?: unknown }).oauthApps;
  if (!Array.isArray(apps)) return [];
  return apps
    .map((a) =>
      typeof a === 'string' ? a : typeof a === 'object' && a ? (a as { name?: unknown }).name : undefined
    )
    .filter((n): n is string => typeof n === 'string' && n.length > 0)
    .map((name) => ({ name, line: lineOf(text, `"${name}"`) }));
}
