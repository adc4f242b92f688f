import { Messages } from '@salesforce/core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import { apiVersionFlag, orgArgs, targetOrgFlag } from '../../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'audit-log.anchor');

/**
 * `audit-log anchor` is the audit work's (signing the chain head); this command resolves the org as
 * every sf phi-guard command does and hands the rest of the command line to the CLI's
 * `audit-log anchor` as given, which names any flag it does not know.
 */
export default class AuditLogAnchor extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly strict = false;
  /** Flags this command does not declare are the CLI's, handed on as given (not an oclif error). */
  public static readonly '--' = false;

  public static override readonly flags = {
    'target-org': targetOrgFlag(),
    'api-version': apiVersionFlag
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags, argv } = await this.parse(AuditLogAnchor);
    return this.runCli([
      'audit-log',
      'anchor',
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...argv.map(String)
    ]);
  }
}
