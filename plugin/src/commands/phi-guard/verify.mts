import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../base.mjs';
import {
  apiVersionFlag,
  failOnFlag,
  forward,
  noProgressFlag,
  offlineFlag,
  orgArgs,
  projectDirFlag,
  targetOrgFlag
} from '../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'verify');

export default class Verify extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': targetOrgFlag({ skipDefaultWhen: ['offline', 'changed-since'] }),
    'api-version': apiVersionFlag,
    'project-dir': projectDirFlag,
    offline: offlineFlag,
    'fail-on': failOnFlag(),
    format: Flags.string({
      summary: messages.getMessage('flags.format.summary'),
      description: messages.getMessage('flags.format.description'),
      multiple: true,
      delimiter: ',',
      options: ['sarif', 'junit', 'md', 'html', 'csv']
    }),
    'output-dir': Flags.directory({ summary: messages.getMessage('flags.output-dir.summary') }),
    'changed-since': Flags.string({
      summary: messages.getMessage('flags.changed-since.summary'),
      description: messages.getMessage('flags.changed-since.description')
    }),
    'min-api-share': Flags.string({ summary: messages.getMessage('flags.min-api-share.summary') }),
    'no-progress': noProgressFlag
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(Verify);
    return this.runCli([
      'verify',
      ...this.projectArgs(flags['project-dir']),
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, ['fail-on', 'format', 'output-dir', 'changed-since', 'min-api-share', 'no-progress'])
    ]);
  }
}
