import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import { apiVersionFlag, forward, orgArgs, targetOrgFlag } from '../../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'incident.scope');

export default class IncidentScope extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': targetOrgFlag({ skipDefaultWhen: ['file'] }),
    'api-version': apiVersionFlag,
    user: Flags.string({ summary: messages.getMessage('flags.user.summary'), required: true }),
    from: Flags.string({ summary: messages.getMessage('flags.from.summary'), required: true }),
    to: Flags.string({ summary: messages.getMessage('flags.to.summary'), required: true }),
    file: Flags.file({ summary: messages.getMessage('flags.file.summary'), exclusive: ['target-org'] })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(IncidentScope);
    return this.runCli([
      'incident',
      'scope',
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, ['user', 'from', 'to', 'file'])
    ]);
  }
}
