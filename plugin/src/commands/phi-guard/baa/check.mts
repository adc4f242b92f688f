import { Messages } from '@salesforce/core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import {
  apiVersionFlag,
  failOnFlag,
  forward,
  offlineFlag,
  orgArgs,
  projectDirFlag,
  targetOrgFlag
} from '../../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'baa.check');

export default class BaaCheck extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': targetOrgFlag({ skipDefaultWhen: ['offline'] }),
    'api-version': apiVersionFlag,
    'project-dir': projectDirFlag,
    offline: offlineFlag,
    'fail-on': failOnFlag()
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(BaaCheck);
    return this.runCli([
      'baa',
      'check',
      ...this.projectArgs(flags['project-dir']),
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, ['fail-on'])
    ]);
  }
}
