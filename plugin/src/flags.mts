import { ConfigAggregator, Messages, OrgConfigProperties, type Org } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'common');

const isUrl = (value: string): boolean => /^https?:\/\//i.test(value);

/** sf's default org: `sf config set target-org` (project, then global) or SF_TARGET_ORG. */
async function configuredTarget(): Promise<string | undefined> {
  const value = (await ConfigAggregator.create()).getPropertyValue(OrgConfigProperties.TARGET_ORG);
  return typeof value === 'string' && value ? value : undefined;
}

/** The target as the user wrote it, once sf-plugins-core has opened the org it names. */
function opened(org: Org | undefined, target: string): string {
  if (!org?.getUsername()) throw messages.createError('errors.DefaultOrgUnusable', [target]);
  return target;
}

const optionalOrg = Flags.optionalOrg();
const requiredOrg = Flags.requiredOrg();

type TargetOrgOptions = {
  /** deploy: an org is required. */
  required?: boolean;
  /** Flags that make a command work without an org, so a default org is not used (--offline, --file). */
  skipDefaultWhen?: string[];
};

/**
 * -o/--target-org as sf resolves it, plus what pipelines need. An http(s) URL passes through, to be
 * opened with the token in SF_ACCESS_TOKEN (the CLI keeps no auth file for it). Anything else is an
 * alias or username resolved by sf-plugins-core's org flags (Flags.optionalOrg, Flags.requiredOrg),
 * and the default comes from `sf config set target-org` or SF_TARGET_ORG. The value handed on is the
 * URL, alias or username as written, so reports name the org as the user does.
 *
 * Fail closed: Flags.optionalOrg answers "no org" when the configured default cannot be opened (its
 * authorization gone), which here would quietly check the project instead of the org. A default
 * that is set but unusable is an error instead.
 */
export const targetOrgFlag = Flags.custom<string, TargetOrgOptions>({
  char: 'o',
  summary: messages.getMessage('flags.target-org.summary'),
  description: messages.getMessage('flags.target-org.description'),
  helpValue: '<alias|username|url>',
  noCacheDefault: true,
  parse: async (input, context, opts) => {
    if (isUrl(input)) return input;
    const org = opts.required
      ? await requiredOrg.parse(input, context, requiredOrg)
      : await optionalOrg.parse(input, context, optionalOrg);
    return opened(org, input);
  },
  default: async ({ flags, options }) => {
    if (options.skipDefaultWhen?.some((name) => flags[name] !== undefined)) return undefined;
    const configured = await configuredTarget();
    if (configured && isUrl(configured)) return configured;
    if (!configured) {
      // requiredOrg's default throws sf's own "no default environment" error.
      if (options.required && typeof requiredOrg.default === 'function')
        await requiredOrg.default({ flags, options: requiredOrg });
      return undefined;
    }
    const org =
      typeof optionalOrg.default === 'function'
        ? await optionalOrg.default({ flags, options: optionalOrg })
        : undefined;
    return opened(org, configured);
  },
  defaultHelp: async () => configuredTarget()
});

export const apiVersionFlag = Flags.orgApiVersion({
  summary: messages.getMessage('flags.api-version.summary'),
  description: messages.getMessage('flags.api-version.description')
});

export const projectDirFlag = Flags.directory({
  summary: messages.getMessage('flags.project-dir.summary'),
  description: messages.getMessage('flags.project-dir.description'),
  helpValue: '<dir>'
});

export const offlineFlag = Flags.boolean({
  summary: messages.getMessage('flags.offline.summary'),
  description: messages.getMessage('flags.offline.description'),
  exclusive: ['target-org']
});

/** --fail-on, the CLI's severities; the command may say what it fails. */
export const failOnFlag = (summary = messages.getMessage('flags.fail-on.summary')) =>
  Flags.option({ summary, options: ['critical', 'high', 'medium', 'low', 'info'] as const })();

export const noProgressFlag = Flags.boolean({
  summary: messages.getMessage('flags.no-progress.summary')
});

/** `--name=value` for the CLI (the `=` form, so a value starting with "-" is never read as a flag). */
export function forward(flags: Record<string, unknown>, names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const value = flags[name];
    if (value === undefined || value === false) return [];
    if (value === true) return [`--${name}`];
    if (Array.isArray(value)) return value.length ? [`--${name}=${value.join(',')}`] : [];
    return [`--${name}=${String(value)}`];
  });
}

/** The org and its API version for the CLI, when there is an org. */
export function orgArgs(target: string | undefined, apiVersion: string | undefined): string[] {
  if (!target) return [];
  return [`--target-org=${target}`, ...(apiVersion ? [`--api-version=${apiVersion}`] : [])];
}
