import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../base.mjs';
import { forward, projectDirFlag } from '../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'apex-validate');

export default class ApexValidate extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'project-dir': projectDirFlag,
    layers: Flags.string({
      summary: messages.getMessage('flags.layers.summary'),
      multiple: true,
      delimiter: ',',
      options: ['parser', 'apex-ls', 'pmd']
    })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(ApexValidate);
    return this.runCli([
      'apex-validate',
      ...this.projectArgs(flags['project-dir']),
      ...forward(flags, ['layers'])
    ]);
  }
}
