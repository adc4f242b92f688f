import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../base.mjs';
import { forward, projectDirFlag } from '../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'rules-validate');

export default class RulesValidate extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'project-dir': projectDirFlag,
    release: Flags.boolean({ summary: messages.getMessage('flags.release.summary') })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(RulesValidate);
    return this.runCli([
      'rules-validate',
      ...this.projectArgs(flags['project-dir']),
      ...forward(flags, ['release'])
    ]);
  }
}
