/**
 * The deployability layer's hook into the posture snapshot: a file the Metadata API would reject
 * declares nothing we can rely on, so the collections and settings it feeds are marked incomplete
 * (a gap), and every check that needs them is "not verified". DEP-001 reports the files themselves.
 */
import { metadataMsg as m } from '../messages/metadata';
import { addGap, unknown, type CollectionKey, type PostureSnapshot } from '../posture/model';
import type { SfdxProject } from '../project/sfdx-project';
import { relTo } from '../project/files';
import type { XmlNode } from '../posture/xml';
import { Ambiguous, typeByPath, type Listing } from './path-types';
import type { Resolution } from './resolve';
import { ResolutionInWorker } from './resolve-async';
import { validateNode, validateResolved, type MetadataProblem } from './validate';

/** Collections each metadata type (SDR name) feeds. A type not listed feeds no collection. */
const FEEDS: Record<string, CollectionKey[]> = {
  CustomObject: ['objects', 'fields', 'filters'],
  CustomField: ['fields'],
  ListView: ['filters'],
  Report: ['filters'],
  SharingRules: ['sharingRules'],
  SharingCriteriaRule: ['sharingRules'],
  SharingOwnerRule: ['sharingRules'],
  SharingGuestRule: ['sharingRules'],
  SharingTerritoryRule: ['sharingRules'],
  SharingSet: ['sharingRules'],
  PermissionSet: ['grants'],
  MutingPermissionSet: ['grants'],
  Profile: ['grants', 'profilePolicies'],
  ProfileSessionSetting: ['profilePolicies'],
  ProfilePasswordPolicy: ['profilePolicies'],
  PermissionSetGroup: ['permissionSetGroups'],
  ConnectedApp: ['apps'],
  ExternalClientApplication: ['apps'],
  ExtlClntAppOauthSettings: ['apps'],
  ExtlClntAppGlobalOauthSettings: ['apps'],
  ExtlClntAppOauthConfigurablePolicies: ['apps'],
  ExtlClntAppConfigurablePolicies: ['apps'],
  RemoteSiteSetting: ['endpoints'],
  NamedCredential: ['endpoints'],
  ExternalCredential: ['endpoints'],
  ApexClass: ['apex'],
  ApexTrigger: ['apex'],
  InstalledPackage: ['installedPackages'],
  Network: ['sites'],
  CustomSite: ['sites'],
  ExperienceBundle: ['sites'],
  DigitalExperienceBundle: ['sites'],
  CspTrustedSite: ['sites'],
  LightningComponentBundle: ['sites']
};

/** Settings files (by name) and the single facts they feed. */
const SETTINGS: Record<string, ('session' | 'password' | 'oauth' | 'encryption')[]> = {
  Security: ['session', 'password'],
  OauthOidc: ['oauth'],
  PlatformEncryption: ['encryption']
};

/**
 * One verify run's deployability pass. The files' types come from their folders and suffixes
 * (`path-types.ts`, from SDR's registry data) when the path alone settles them, which it does for
 * most projects: then each XML tree the loader parses (`parsed`) is validated at once and can be
 * dropped. When the path does not settle a type (or `PHI_GUARD_METADATA_TYPES=sdr` asks for the
 * reference path), SDR's resolver types the files on a worker thread, and trees parsed before its
 * answer wait for it. Either way no file is parsed twice; `finish` validates the metadata files
 * the loader does not read and records the result and its gaps on the snapshot.
 */
export class DeployabilityRun {
  private resolution?: Resolution;
  private types?: Map<string, string>;
  private readonly done = new Set<string>();
  private readonly problems: MetadataProblem[] = [];
  /** Trees parsed before the file types arrived, validated as soon as they do. */
  private queued: { abs: string; relFile: string; root: XmlNode }[] = [];
  private readonly resolver?: ResolutionInWorker;
  /** Which path typed the files: by folder and suffix, or SDR's resolver. */
  readonly typedBy: 'path' | 'sdr';

  constructor(
    private readonly project: SfdxProject,
    listing: Listing
  ) {
    if (process.env.PHI_GUARD_METADATA_TYPES !== 'sdr') {
      try {
        this.ready(typeByPath(project.packageDirs, listing, project.root));
        this.typedBy = 'path';
        return;
      } catch (e) {
        if (!(e instanceof Ambiguous)) throw e;
      }
    }
    this.typedBy = 'sdr';
    this.resolver = new ResolutionInWorker(project.packageDirs, undefined, project.root);
  }

  private ready(resolution: Resolution): Map<string, string> {
    this.resolution = resolution;
    this.types = new Map(resolution.files.map((f) => [f.file, f.type]));
    const queued = this.queued;
    this.queued = [];
    for (const q of queued) this.validate(q.abs, q.relFile, q.root, this.types);
    return this.types;
  }

  private validate(abs: string, relFile: string, root: XmlNode, types: Map<string, string>) {
    const type = types.get(abs);
    if (!type || this.done.has(abs)) return;
    this.done.add(abs);
    validateNode(root, type, relFile, this.problems);
  }

  /** The loader parsed `file` (absolute path; `relFile` project-relative) into `root`. */
  parsed(file: string, relFile: string, root: XmlNode): void {
    const resolution = this.types ? undefined : this.resolver!.poll();
    const types = this.types ?? (resolution ? this.ready(resolution) : undefined);
    if (types) this.validate(file, relFile, root, types);
    else this.queued.push({ abs: file, relFile, root });
  }

  /** Validates the rest and records the verdict (and the gaps it implies) on the snapshot. */
  finish(snap: PostureSnapshot): void {
    if (!this.types) this.ready(this.resolver!.wait());
    const result = validateResolved(
      this.resolution!,
      // Typed by path, every file is one of the loader's no-link walk; SDR's own walk is not held to that.
      { relative: relTo(this.project.root), walked: this.typedBy === 'path' },
      this.done,
      this.problems
    );
    record(snap, result.schemaVersion, result.filesChecked, result.problems);
  }
}

function record(
  snap: PostureSnapshot,
  schemaVersion: string,
  filesChecked: number,
  all: MetadataProblem[]
): void {
  // Files that do not parse, or that SDR cannot type, are reported by metadata-validate; in verify
  // INP-001 and the loader judge unparsable files, and a file of an unknown type feeds no control.
  const problems = all.filter((p) => p.kind !== 'malformed' && p.kind !== 'unresolved');
  snap.deployability = {
    schemaVersion,
    filesChecked,
    problems: problems.map(({ file, line, path, type, message }) => ({ file, line, path, type, message }))
  };
  const first = new Map<string, MetadataProblem>();
  for (const p of problems) if (!first.has(p.file)) first.set(p.file, p);
  for (const p of first.values()) {
    const reason = m.gap(p.file, p.line);
    for (const key of FEEDS[p.type] ?? []) addGap(snap, key, unknown('unreadable', reason, p.file));
    const settings = p.type === 'Settings' ? /([^/]+)\.settings(-meta\.xml)?$/.exec(p.file)?.[1] : undefined;
    for (const fact of SETTINGS[settings ?? ''] ?? []) snap[fact] = unknown('unreadable', reason, p.file);
    // A rejected record of the retention policy type: the retention fact cannot be relied on.
    const retentionPrefix = `${snap.config.retentionType.replace(/__mdt$/, '')}.`;
    if (p.type === 'CustomMetadata' && (p.file.split('/').pop() ?? '').startsWith(retentionPrefix)) {
      snap.retention = unknown('unreadable', reason, p.file);
    }
  }
}
