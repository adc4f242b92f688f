import { Messages } from '@salesforce/core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import { Flags } from '@salesforce/sf-plugins-core';
import { apiVersionFlag, forward, orgArgs, targetOrgFlag } from '../../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'audit-log.anchor');

/** `audit-log anchor`: resolves the org as every sf phi-guard command does, then runs the CLI's `audit-log anchor`. */
export default class AuditLogAnchor extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly flags = {
    'target-org': targetOrgFlag(),
    'api-version': apiVersionFlag,
    key: Flags.file({
      summary: messages.getMessage('flags.key.summary'),
      required: true,
      helpValue: '<pem>'
    }),
    output: Flags.string({
      summary: messages.getMessage('flags.output.summary'),
      required: true,
      helpValue: '<json>'
    })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(AuditLogAnchor);
    return this.runCli([
      'audit-log',
      'anchor',
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, ['key', 'output'])
    ]);
  }
}
