import { Messages } from '@salesforce/core';
import { PhiGuardCommand, type PhiGuardResult } from '../../base.mjs';
import { projectDirFlag } from '../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'metadata-validate');

export default class MetadataValidate extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = { 'project-dir': projectDirFlag };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(MetadataValidate);
    return this.runCli(['metadata-validate', ...this.projectArgs(flags['project-dir'])]);
  }
}
