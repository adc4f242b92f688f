import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../base.mjs';
import {
  apiVersionFlag,
  forward,
  offlineFlag,
  orgArgs,
  projectDirFlag,
  targetOrgFlag
} from '../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'access-review');

export default class AccessReview extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': targetOrgFlag({ skipDefaultWhen: ['offline'] }),
    'api-version': apiVersionFlag,
    'project-dir': projectDirFlag,
    offline: offlineFlag,
    format: Flags.string({
      summary: messages.getMessage('flags.format.summary'),
      multiple: true,
      delimiter: ',',
      options: ['csv', 'xlsx', 'md', 'html']
    }),
    'output-dir': Flags.directory({ summary: messages.getMessage('flags.output-dir.summary') }),
    baseline: Flags.file({
      summary: messages.getMessage('flags.baseline.summary'),
      description: messages.getMessage('flags.baseline.description')
    }),
    'update-baseline': Flags.boolean({
      summary: messages.getMessage('flags.update-baseline.summary'),
      dependsOn: ['baseline']
    }),
    names: Flags.boolean({ summary: messages.getMessage('flags.names.summary') })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(AccessReview);
    return this.runCli([
      'access-review',
      ...this.projectArgs(flags['project-dir']),
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, ['format', 'output-dir', 'baseline', 'update-baseline', 'names'])
    ]);
  }
}
