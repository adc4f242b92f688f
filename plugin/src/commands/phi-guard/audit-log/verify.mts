import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import { apiVersionFlag, forward, noProgressFlag, orgArgs, targetOrgFlag } from '../../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'audit-log.verify');

export default class AuditLogVerify extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': targetOrgFlag({ skipDefaultWhen: ['file', 'dead-letter-file'] }),
    'api-version': apiVersionFlag,
    file: Flags.file({ summary: messages.getMessage('flags.file.summary'), exclusive: ['target-org'] }),
    'dead-letter-file': Flags.file({
      summary: messages.getMessage('flags.dead-letter-file.summary'),
      dependsOn: ['file']
    }),
    'dead-letter-object': Flags.string({
      summary: messages.getMessage('flags.dead-letter-object.summary'),
      exclusive: ['file']
    }),
    'start-hash': Flags.string({
      summary: messages.getMessage('flags.start-hash.summary'),
      helpValue: '<hex>'
    }),
    // Outside checkpoints (audit-log anchor): each one is passed on, as many as given.
    checkpoint: Flags.file({ summary: messages.getMessage('flags.checkpoint.summary'), multiple: true }),
    'public-key': Flags.file({ summary: messages.getMessage('flags.public-key.summary'), multiple: true }),
    'org-id': Flags.string({ summary: messages.getMessage('flags.org-id.summary'), helpValue: '<00D...>' }),
    'backdate-minutes': Flags.string({
      summary: messages.getMessage('flags.backdate-minutes.summary'),
      helpValue: '<n>'
    }),
    'no-progress': noProgressFlag
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(AuditLogVerify);
    return this.runCli([
      'audit-log',
      'verify',
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, [
        'file',
        'dead-letter-file',
        'dead-letter-object',
        'start-hash',
        'org-id',
        'backdate-minutes',
        'no-progress'
      ]),
      ...(flags.checkpoint ?? []).map((file) => `--checkpoint=${file}`),
      ...(flags['public-key'] ?? []).map((file) => `--public-key=${file}`)
    ]);
  }
}
