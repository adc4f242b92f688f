import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import { forward } from '../../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'incident.start');

export default class IncidentStart extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    discovered: Flags.string({
      summary: messages.getMessage('flags.discovered.summary'),
      required: true,
      helpValue: '<YYYY-MM-DD>'
    }),
    affected: Flags.string({ summary: messages.getMessage('flags.affected.summary'), helpValue: '<n>' }),
    'state-residents': Flags.string({
      summary: messages.getMessage('flags.state-residents.summary'),
      helpValue: '<n>'
    }),
    'business-associate': Flags.boolean({ summary: messages.getMessage('flags.business-associate.summary') }),
    markdown: Flags.boolean({ summary: messages.getMessage('flags.markdown.summary') }),
    output: Flags.file({ summary: messages.getMessage('flags.output.summary') })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(IncidentStart);
    return this.runCli([
      'incident',
      'start',
      ...forward(flags, [
        'discovered',
        'affected',
        'state-residents',
        'business-associate',
        'markdown',
        'output'
      ])
    ]);
  }
}
