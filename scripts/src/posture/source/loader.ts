import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { msg } from '../../messages';
import { orgEventsMsg } from '../../messages/org-events';
import { listFiles, rel } from '../../project/files';
import type { SfdxProject } from '../../project/sfdx-project';
import {
  known,
  unknown,
  type AccessGrantFact,
  type EndpointFact,
  type FieldFact,
  type ObjectFact,
  type OauthAppFact,
  type PostureSnapshot,
  type EvidenceKind,
  type RetentionPolicyFact
} from '../model';
import { classify, phiHeuristic, type DictionaryEntry } from '../phi';
import { bool, child, children, parseXml, text, XmlError, type XmlNode } from '../xml';
import { apexFacts } from './apex-facts';
import { CONFIG_FILE, loadConfig, loadDictionary, loadRegister } from './config-files';

const TIMEOUT_MINUTES: Record<string, number> = {
  FifteenMinutes: 15,
  ThirtyMinutes: 30,
  SixtyMinutes: 60,
  NinetyMinutes: 90,
  TwoHours: 120,
  FourHours: 240,
  EightHours: 480,
  TwelveHours: 720,
  TwentyFourHours: 1440
};

export interface LoadOptions {
  onProgress?: (done: number, total: number) => void;
}

type Handler = (file: string, relFile: string, content: string) => void;

/** Builds a PostureSnapshot from an SFDX project: each file is read once and parsed once. */
export function loadProject(project: SfdxProject, opts: LoadOptions = {}): PostureSnapshot {
  const root = project.root;
  const config = loadConfig(root);
  const dictionary = loadDictionary(root, config.dictionaryFile);
  const register = loadRegister(root, config.registerFile);
  const settingsDir = `${rel(root, project.packageDirs[0]!) || '.'}/main/default/settings`;

  const snap: PostureSnapshot = {
    source: { kind: 'project', root, packageDirs: project.packageDirs.map((d) => rel(root, d) || '.') },
    objects: new Map(),
    fields: new Map(),
    phi: new Map(),
    phiObjects: new Set(),
    sharingRules: [],
    grants: [],
    permissionSetGroups: [],
    profilePolicies: [],
    session: missingSettings('SecuritySettings', `${settingsDir}/Security.settings-meta.xml`),
    password: missingSettings('SecuritySettings', `${settingsDir}/Security.settings-meta.xml`),
    oauth: missingSettings('OauthOidcSettings', `${settingsDir}/OauthOidc.settings-meta.xml`),
    encryption: missingSettings(
      'PlatformEncryptionSettings',
      `${settingsDir}/PlatformEncryption.settings-meta.xml`
    ),
    apps: [],
    endpoints: [],
    apex: [],
    filters: [],
    retention: unknown('missing', msg.facts.retentionMissing(config.retentionType)),
    register,
    installedPackages: [],
    orgOnly: {
      shieldLicence: unknown(
        'org-only',
        msg.facts.orgOnly('an active Shield Platform Encryption tenant secret')
      ),
      eventMonitoring: unknown('org-only', msg.facts.orgOnly('Event Monitoring log files')),
      eventSettings: unknown('org-only', msg.facts.orgOnly(orgEventsMsg.orgOnlySettings)),
      transactionPolicies: unknown('org-only', msg.facts.orgOnly(orgEventsMsg.orgOnlyPolicies)),
      loginHistory: unknown('org-only', msg.facts.orgOnly('login history and MFA enforcement')),
      packageAccess: unknown('org-only', msg.facts.orgOnly("installed packages' real access to PHI")),
      healthCheck: unknown('org-only', msg.facts.orgOnly('the Security Health Check score')),
      oauthTokens: unknown('org-only', msg.facts.orgOnly('active OAuth tokens per connected app'))
    },
    problems: [],
    gaps: {},
    config,
    filesRead: 0,
    inputs: [],
    inputsSha256: '',
    evidence: {
      fields: [],
      objects: [],
      sharing: [],
      permissions: [],
      settings: [],
      integrations: [],
      apex: [],
      filters: [],
      retention: [],
      packages: [],
      register: [],
      dictionary: []
    }
  };
  const apps = new Map<string, OauthAppFact>();
  const retention: RetentionPolicyFact[] = [];
  let retentionSeen = false;

  const app = (name: string, at: { file: string; line?: number }): OauthAppFact => {
    let a = apps.get(name);
    if (!a) {
      a = { kind: 'ExternalClientApplication', name, scopes: [], hasOauth: false, at, where: {} };
      apps.set(name, a);
    }
    return a;
  };

  const xmlHandlers: [string, (node: XmlNode, relFile: string, file: string) => void][] = [
    ['.field-meta.xml', (node, relFile, file) => addField(snap, node, objectOfChild(file), relFile)],
    [
      '.object-meta.xml',
      (node, relFile, file) => addObject(snap, node, path.basename(file, '.object-meta.xml'), relFile)
    ],
    [
      '.object',
      (node, relFile, file) => addObject(snap, node, path.basename(file, '.object'), relFile, true)
    ],
    [
      '.sharingRules-meta.xml',
      (node, relFile, file) =>
        addSharingRules(snap, node, path.basename(file, '.sharingRules-meta.xml'), relFile)
    ],
    [
      '.permissionset-meta.xml',
      (node, relFile, file) =>
        snap.grants.push(
          grantOf(node, 'PermissionSet', path.basename(file, '.permissionset-meta.xml'), relFile)
        )
    ],
    [
      '.profile-meta.xml',
      (node, relFile, file) =>
        snap.grants.push(grantOf(node, 'Profile', path.basename(file, '.profile-meta.xml'), relFile))
    ],
    [
      '.settings-meta.xml',
      (node, relFile, file) => addSettings(snap, node, path.basename(file, '.settings-meta.xml'), relFile)
    ],
    [
      '.connectedApp-meta.xml',
      (node, relFile, file) =>
        addConnectedApp(apps, node, path.basename(file, '.connectedApp-meta.xml'), relFile)
    ],
    [
      '.eca-meta.xml',
      (node, relFile, file) => {
        const a = app(path.basename(file, '.eca-meta.xml'), { file: relFile, line: node.line });
        a.at = { file: relFile, line: node.line };
      }
    ],
    [
      '.ecaOauth-meta.xml',
      (node, relFile) => {
        const a = app(text(node, 'externalClientApplication') ?? '?', { file: relFile, line: node.line });
        a.hasOauth = true;
        a.scopes = splitScopes(text(node, 'commaSeparatedOauthScopes'));
        a.where.scopes = { file: relFile, line: child(node, 'commaSeparatedOauthScopes')?.line ?? node.line };
      }
    ],
    [
      '.ecaGlblOauth-meta.xml',
      (node, relFile) => {
        const a = app(text(node, 'externalClientApplication') ?? '?', { file: relFile, line: node.line });
        a.hasOauth = true;
        a.certificate = !!text(node, 'certificate');
        a.where.certificate = { file: relFile, line: node.line };
      }
    ],
    [
      '.ecaOauthPlcy-meta.xml',
      (node, relFile) => {
        const a = app(text(node, 'externalClientApplication') ?? '?', { file: relFile, line: node.line });
        a.adminApproved = text(node, 'permittedUsersPolicyType') === 'AdminApprovedPreAuthorized';
        a.refreshPolicy = text(node, 'refreshTokenPolicyType');
        a.ipRelaxation = text(node, 'ipRelaxationPolicyType');
        a.where.policy = {
          file: relFile,
          line: child(node, 'permittedUsersPolicyType')?.line ?? node.line
        };
        a.where.refresh = { file: relFile, line: child(node, 'refreshTokenPolicyType')?.line ?? node.line };
      }
    ],
    [
      '.remoteSite-meta.xml',
      (node, relFile, file) =>
        snap.endpoints.push({
          kind: 'RemoteSiteSetting',
          name: path.basename(file, '.remoteSite-meta.xml'),
          url: text(node, 'url'),
          disableProtocolSecurity: bool(node, 'disableProtocolSecurity'),
          mtlsDeclared: false,
          description: text(node, 'description'),
          at: { file: relFile, line: child(node, 'url')?.line ?? node.line }
        })
    ],
    [
      '.namedCredential-meta.xml',
      (node, relFile, file) =>
        snap.endpoints.push(namedCredential(node, path.basename(file, '.namedCredential-meta.xml'), relFile))
    ],
    [
      '.externalCredential-meta.xml',
      (node, relFile, file) =>
        snap.endpoints.push(
          externalCredential(node, path.basename(file, '.externalCredential-meta.xml'), relFile)
        )
    ],
    [
      '.listView-meta.xml',
      (node, relFile, file) => {
        const object = objectOfChild(file);
        for (const f of children(node, 'filters')) {
          const field = text(f, 'field');
          if (field)
            snap.filters.push({
              object,
              field: field.includes('.') ? field.split('.').pop()! : field,
              where: 'ListView',
              component: `${object}.${path.basename(file, '.listView-meta.xml')}`,
              at: { file: relFile, line: f.line }
            });
        }
      }
    ],
    [
      '.report-meta.xml',
      (node, relFile, file) => addReportFilters(snap, node, path.basename(file, '.report-meta.xml'), relFile)
    ],
    [
      '.md-meta.xml',
      (node, relFile, file) => {
        const base = path.basename(file, '.md-meta.xml');
        const typeName = config.retentionType.replace(/__mdt$/, '');
        if (!base.startsWith(`${typeName}.`)) return;
        retentionSeen = true;
        snap.evidence.retention.push(relFile);
        retention.push(retentionRecord(node, base, relFile));
      }
    ],
    [
      '.installedPackage-meta.xml',
      (node, relFile, file) =>
        snap.installedPackages.push({
          namespace: path.basename(file, '.installedPackage-meta.xml'),
          versionNumber: text(node, 'versionNumber'),
          at: { file: relFile, line: node.line }
        })
    ]
  ];

  const kindOf = (name: string): EvidenceKind | undefined => {
    for (const [suffix, kind] of EVIDENCE_SUFFIXES) if (name.endsWith(suffix)) return kind;
    return undefined;
  };

  const handlerFor = (name: string): Handler | undefined => {
    if (name.endsWith('.cls') || name.endsWith('.trigger')) {
      return (file, relFile, content) => {
        const fact = apexFacts(file, relFile, content);
        snap.apex.push(fact);
        if (fact.parseError) {
          snap.problems.push({
            file: relFile,
            line: fact.parseError.line,
            message: msg.facts.apexSyntax(fact.parseError.message)
          });
        }
      };
    }
    const h = xmlHandlers.find(([suffix]) => name.endsWith(suffix));
    if (!h) return undefined;
    return (_file, relFile, content) => {
      let node: XmlNode;
      try {
        node = parseXml(content);
      } catch (e) {
        if (!(e instanceof XmlError)) throw e;
        snap.problems.push({ file: relFile, line: e.line, message: msg.facts.malformedXml(e.message) });
        return;
      }
      h[1](node, relFile, _file);
    };
  };

  const files = listFiles(project.packageDirs, (n) => handlerFor(n) !== undefined);
  const digest = createHash('sha256');
  let done = 0;
  for (const file of files) {
    const relFile = rel(root, file);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      snap.problems.push({
        file: relFile,
        message: msg.facts.unreadable((e as Error).message.split('\n')[0] ?? '')
      });
      continue;
    }
    snap.inputs.push(relFile);
    digest.update(`${relFile}\0${content}\0`);
    const kind = kindOf(path.basename(file));
    if (kind) snap.evidence[kind].push(relFile);
    handlerFor(path.basename(file))!(file, relFile, content);
    done++;
    if (opts.onProgress && done % 200 === 0) opts.onProgress(done, files.length);
  }
  opts.onProgress?.(files.length, files.length);
  for (const [rel, kind] of [
    [config.dictionaryFile, 'dictionary'],
    [config.registerFile, 'register'],
    [config.suppressionsFile, 'register']
  ] as const) {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) continue;
    snap.inputs.push(rel);
    snap.evidence[kind].push(rel);
    digest.update(`${rel}\0${readFileSync(abs, 'utf8')}\0`);
  }
  // The effective config (thresholds included, defaults when the file is absent) is part of the fingerprint.
  digest.update(`${CONFIG_FILE}\0${JSON.stringify(config)}\0`);
  snap.inputsSha256 = digest.digest('hex');
  snap.filesRead = done;
  snap.apps.push(...apps.values());
  for (const r of snap.sharingRules) {
    for (const f of r.criteriaFields ?? []) {
      snap.filters.push({
        object: r.object,
        field: f.field,
        where: 'SharingCriteria',
        component: `${r.object}.${r.name}`,
        at: { file: f.file, line: f.line }
      });
    }
  }
  if (retentionSeen || existsTypeFolder(project, config.retentionType)) {
    snap.retention = known(retention);
  }
  classifyAll(snap, dictionary);
  addApexFilters(snap);
  return snap;
}

const EVIDENCE_SUFFIXES: [string, EvidenceKind][] = [
  ['.field-meta.xml', 'fields'],
  ['.object-meta.xml', 'objects'],
  ['.object', 'objects'],
  ['.sharingRules-meta.xml', 'sharing'],
  ['.permissionset-meta.xml', 'permissions'],
  ['.profile-meta.xml', 'permissions'],
  ['.settings-meta.xml', 'settings'],
  ['.connectedApp-meta.xml', 'integrations'],
  ['.eca-meta.xml', 'integrations'],
  ['.ecaOauth-meta.xml', 'integrations'],
  ['.ecaGlblOauth-meta.xml', 'integrations'],
  ['.ecaOauthPlcy-meta.xml', 'integrations'],
  ['.remoteSite-meta.xml', 'integrations'],
  ['.namedCredential-meta.xml', 'integrations'],
  ['.externalCredential-meta.xml', 'integrations'],
  ['.cls', 'apex'],
  ['.trigger', 'apex'],
  ['.listView-meta.xml', 'filters'],
  ['.report-meta.xml', 'filters'],
  ['.installedPackage-meta.xml', 'packages']
];

const missingSettings = (type: string, file: string) =>
  unknown('missing', msg.facts.settingsMissing(type, file), file);

function existsTypeFolder(project: SfdxProject, type: string): boolean {
  return project.packageDirs.some((d) => existsSync(path.join(d, 'main', 'default', 'objects', type)));
}

function objectOfChild(file: string): string {
  // objects/<Object>/fields/<Field>.field-meta.xml
  return path.basename(path.dirname(path.dirname(file)));
}

function splitScopes(s: string | undefined): string[] {
  return (s ?? '')
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function fieldFact(node: XmlNode, object: string, relFile: string): FieldFact {
  const name = text(node, 'fullName') ?? '?';
  const scheme = child(node, 'encryptionScheme');
  return {
    object,
    name,
    id: `${object}.${name}`,
    type: text(node, 'type'),
    label: text(node, 'label'),
    description: text(node, 'description'),
    complianceGroups: (text(node, 'complianceGroup') ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean),
    classification: text(node, 'securityClassification'),
    encryptionScheme: scheme?.text || undefined,
    schemeLine: scheme?.line,
    trackHistory: bool(node, 'trackHistory'),
    referenceTo: text(node, 'referenceTo'),
    standard: !/__c$/i.test(name),
    at: { file: relFile, line: node.line }
  };
}

function addField(snap: PostureSnapshot, node: XmlNode, object: string, relFile: string) {
  if (node.name !== 'CustomField') return;
  const f = fieldFact(node, object, relFile);
  snap.fields.set(f.id.toLowerCase(), f);
}

function addObject(snap: PostureSnapshot, node: XmlNode, name: string, relFile: string, mdapi = false) {
  if (node.name !== 'CustomObject') return;
  const fact: ObjectFact = {
    name,
    custom: /__c$/i.test(name),
    label: text(node, 'label'),
    sharingModel: text(node, 'sharingModel'),
    externalSharingModel: text(node, 'externalSharingModel'),
    enableHistory: bool(node, 'enableHistory'),
    masters: [],
    externalSharingLine: child(node, 'externalSharingModel')?.line,
    at: { file: relFile, line: child(node, 'sharingModel')?.line ?? node.line }
  };
  const hrp = child(node, 'historyRetentionPolicy');
  if (hrp) {
    fact.historyRetention = {
      archiveAfterMonths: num(text(hrp, 'archiveAfterMonths')),
      archiveRetentionYears: num(text(hrp, 'archiveRetentionYears'))
    };
  }
  snap.objects.set(name.toLowerCase(), fact);
  if (mdapi) {
    for (const f of children(node, 'fields')) {
      const ff = fieldFact(f, name, relFile);
      snap.fields.set(ff.id.toLowerCase(), ff);
    }
  }
}

const num = (s: string | undefined) =>
  s === undefined || s === '' || isNaN(Number(s)) ? undefined : Number(s);

function addSharingRules(snap: PostureSnapshot, node: XmlNode, object: string, relFile: string) {
  const kinds: [string, 'owner' | 'criteria' | 'guest' | 'territory'][] = [
    ['sharingOwnerRules', 'owner'],
    ['sharingCriteriaRules', 'criteria'],
    ['sharingGuestRules', 'guest'],
    ['sharingTerritoryRules', 'territory']
  ];
  for (const [tag, kind] of kinds) {
    for (const r of children(node, tag)) {
      const to = child(r, 'sharedTo');
      const rule = {
        object,
        name: text(r, 'fullName') ?? '?',
        kind,
        accessLevel: text(r, 'accessLevel'),
        sharedTo: (to?.children ?? []).map((c) => ({ kind: c.name, value: c.text })),
        at: { file: relFile, line: r.line },
        criteriaFields: children(r, 'criteriaItems').map((c) => ({
          field: text(c, 'field') ?? '',
          file: relFile,
          line: c.line
        }))
      };
      snap.sharingRules.push(rule);
    }
  }
}

function grantOf(
  node: XmlNode,
  kind: AccessGrantFact['kind'],
  name: string,
  relFile: string
): AccessGrantFact {
  const g: AccessGrantFact = {
    kind,
    name,
    label: text(node, 'label'),
    description: text(node, 'description'),
    license: text(node, 'license') ?? text(node, 'userLicense'),
    userPermissions: new Map(),
    objects: new Map(),
    fields: new Map(),
    apexClasses: [],
    at: { file: relFile, line: node.line }
  };
  for (const up of children(node, 'userPermissions')) {
    if (bool(up, 'enabled')) g.userPermissions.set(text(up, 'name') ?? '?', up.line);
  }
  for (const op of children(node, 'objectPermissions')) {
    g.objects.set((text(op, 'object') ?? '?').toLowerCase(), {
      read: !!bool(op, 'allowRead'),
      create: !!bool(op, 'allowCreate'),
      edit: !!bool(op, 'allowEdit'),
      delete: !!bool(op, 'allowDelete'),
      viewAll: !!bool(op, 'viewAllRecords'),
      modifyAll: !!bool(op, 'modifyAllRecords'),
      line: op.line
    });
  }
  for (const fp of children(node, 'fieldPermissions')) {
    g.fields.set((text(fp, 'field') ?? '?').toLowerCase(), {
      read: !!bool(fp, 'readable'),
      edit: !!bool(fp, 'editable'),
      line: fp.line
    });
  }
  for (const ca of children(node, 'classAccesses')) {
    if (bool(ca, 'enabled')) g.apexClasses.push(text(ca, 'apexClass') ?? '?');
  }
  return g;
}

function lines(node: XmlNode | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of node?.children ?? []) out[c.name] = c.line;
  return out;
}

function addSettings(snap: PostureSnapshot, node: XmlNode, name: string, relFile: string) {
  if (name === 'Security') {
    const s = child(node, 'sessionSettings');
    if (s) {
      const value = text(s, 'sessionTimeout');
      snap.session = known(
        {
          timeoutValue: value,
          timeoutMinutes: value ? TIMEOUT_MINUTES[value] : undefined,
          forceLogout: bool(s, 'forceLogoutOnSessionTimeout'),
          httpOnly: bool(s, 'requireHttpOnly'),
          lines: lines(s)
        },
        { file: relFile, line: s.line }
      );
    } else {
      snap.session = unknown(
        'missing',
        msg.facts.settingsElementMissing(relFile, 'sessionSettings'),
        relFile
      );
    }
    const p = child(node, 'passwordPolicies');
    if (p) {
      const legacy = text(p, 'minPasswordLength');
      snap.password = known(
        {
          minLength: num(text(p, 'minimumPasswordLength')) ?? (legacy ? LEGACY_LENGTH[legacy] : undefined),
          complexity: text(p, 'complexity'),
          expiration: text(p, 'expiration'),
          maxLoginAttempts: text(p, 'maxLoginAttempts'),
          lockoutInterval: text(p, 'lockoutInterval'),
          historyRestriction: num(text(p, 'historyRestriction')),
          lines: lines(p)
        },
        { file: relFile, line: p.line }
      );
    } else {
      snap.password = unknown(
        'missing',
        msg.facts.settingsElementMissing(relFile, 'passwordPolicies'),
        relFile
      );
    }
  } else if (name === 'OauthOidc') {
    snap.oauth = known(
      {
        blockUsernamePassword: bool(node, 'blockOAuthUnPwFlow'),
        blockUserAgent: bool(node, 'blockOAuthUsrAgtFlow'),
        lines: lines(node)
      },
      { file: relFile, line: node.line }
    );
  } else if (name === 'PlatformEncryption') {
    snap.encryption = known(
      {
        deterministic:
          bool(node, 'enableDeterministicEncryption') ?? bool(node, 'enableDeterministEncryption'),
        fieldHistory: bool(node, 'enableEncryptFieldHistory'),
        eventBus: bool(node, 'enableEventBusEncryption'),
        lines: lines(node)
      },
      { file: relFile, line: node.line }
    );
  }
}

const LEGACY_LENGTH: Record<string, number> = {
  FiveCharacters: 5,
  EightCharacters: 8,
  TenCharacters: 10,
  TwelveCharacters: 12
};

function addConnectedApp(apps: Map<string, OauthAppFact>, node: XmlNode, name: string, relFile: string) {
  const oc = child(node, 'oauthConfig');
  const policy = child(node, 'oauthPolicy');
  const at = { file: relFile, line: node.line };
  apps.set(`connectedapp:${name}`, {
    kind: 'ConnectedApp',
    name,
    scopes: children(oc, 'scopes').map((s) => s.text),
    hasOauth: !!oc,
    certificate: oc ? !!text(oc, 'certificate') : undefined,
    adminApproved: oc ? bool(oc, 'isAdminApproved') === true : undefined,
    refreshPolicy: text(policy, 'refreshTokenPolicy'),
    ipRelaxation: text(policy, 'ipRelaxation'),
    at,
    where: {
      scopes: { file: relFile, line: children(oc, 'scopes')[0]?.line ?? oc?.line ?? node.line },
      certificate: { file: relFile, line: oc?.line ?? node.line },
      policy: { file: relFile, line: child(oc, 'isAdminApproved')?.line ?? oc?.line ?? node.line },
      refresh: { file: relFile, line: child(policy, 'refreshTokenPolicy')?.line ?? policy?.line ?? node.line }
    }
  });
}

function namedCredential(node: XmlNode, name: string, relFile: string): EndpointFact {
  const params = children(node, 'namedCredentialParameters');
  const urlParam = params.find((p) => text(p, 'parameterType') === 'Url');
  const certParam = params.find((p) => text(p, 'parameterType') === 'ClientCertificate');
  const description = text(node, 'description');
  const url = text(urlParam, 'parameterValue') ?? text(node, 'endpoint');
  const cert = certParam
    ? (text(certParam, 'certificate') ?? text(certParam, 'parameterValue'))
    : text(node, 'certificate');
  return {
    kind: 'NamedCredential',
    name,
    url,
    clientCertificate: cert || undefined,
    mtlsDeclared:
      !!certParam ||
      /\b(mtls|mutual tls|mutual-tls)\b/i.test(`${description ?? ''} ${text(node, 'label') ?? ''}`),
    description,
    at: { file: relFile, line: urlParam?.line ?? child(node, 'endpoint')?.line ?? node.line }
  };
}

function externalCredential(node: XmlNode, name: string, relFile: string): EndpointFact {
  const params = children(node, 'externalCredentialParameters');
  const urlParam = params.find((p) => /Url|TokenEndpoint/.test(text(p, 'parameterType') ?? ''));
  return {
    kind: 'ExternalCredential',
    name,
    url: text(urlParam, 'parameterValue'),
    mtlsDeclared: false,
    description: text(node, 'description'),
    at: { file: relFile, line: urlParam?.line ?? node.line }
  };
}

function addReportFilters(snap: PostureSnapshot, node: XmlNode, name: string, relFile: string) {
  const filter = child(node, 'filter');
  for (const ci of children(filter, 'criteriaItems')) {
    const column = text(ci, 'column') ?? '';
    const parts = column.split('.');
    if (parts.length < 2) continue;
    snap.filters.push({
      object: parts[parts.length - 2]!,
      field: parts[parts.length - 1]!,
      where: 'Report',
      component: name,
      at: { file: relFile, line: ci.line }
    });
  }
}

function retentionRecord(node: XmlNode, name: string, relFile: string): RetentionPolicyFact {
  const values = new Map<string, string>();
  for (const v of children(node, 'values')) values.set(text(v, 'field') ?? '', text(v, 'value') ?? '');
  return {
    name,
    object: values.get('Object_Name__c'),
    dateField: values.get('Date_Field__c'),
    months: num(values.get('Retention_Months__c')),
    action: values.get('Action__c'),
    active: values.get('Active__c') !== 'false',
    at: { file: relFile, line: node.line }
  };
}

function classifyAll(snap: PostureSnapshot, dictionary: Map<string, DictionaryEntry>) {
  for (const [key, f] of snap.fields) {
    const obj = snap.objects.get(f.object.toLowerCase());
    const objectTerm = phiHeuristic(f.object, obj?.label);
    const verdict = classify(f, dictionary, objectTerm);
    snap.phi.set(key, verdict);
    if (verdict.phi) snap.phiObjects.add(f.object.toLowerCase());
  }
  // Dictionary entries for fields not in source still mark their objects as PHI objects.
  for (const [key, e] of dictionary) {
    if (e.phi) snap.phiObjects.add(key.split('.')[0]!);
  }
  for (const f of snap.fields.values()) {
    if (!f.referenceTo) continue;
    const obj = snap.objects.get(f.object.toLowerCase());
    if (obj && f.type === 'MasterDetail') obj.masters.push(f.referenceTo);
  }
}

/** Fields in inline SOQL WHERE clauses are filters too: on a probabilistic field the query fails. */
function addApexFilters(snap: PostureSnapshot) {
  for (const a of snap.apex) {
    for (const q of a.soql) {
      const object = q.objects[q.objects.length - 1];
      if (!object) continue;
      for (const field of q.whereFields ?? []) {
        if (field.includes('.')) continue;
        snap.filters.push({
          object,
          field,
          where: 'Apex',
          component: a.name,
          at: { file: a.file, line: q.line }
        });
      }
    }
  }
}
