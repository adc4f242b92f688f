import { Messages } from '@salesforce/core';
import { Args } from '@oclif/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../../base.mjs';
import { forward, orgArgs } from '../../../flags.mjs';
import { releaseFlags } from '../deploy.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'deploy.resume');

export default class DeployResume extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  /** The id as the bin takes it (`phi-guard deploy resume <id>`), or --job-id as sf's deploy resume. */
  public static override readonly args = {
    'job-id': Args.string({ description: messages.getMessage('args.job-id.description') })
  };

  public static override readonly flags = {
    'job-id': Flags.salesforceId({
      char: 'i',
      summary: messages.getMessage('flags.job-id.summary'),
      startsWith: '0Af'
    }),
    ...releaseFlags
  };

  public async run(): Promise<PhiGuardResult> {
    const { args, flags } = await this.parse(DeployResume);
    const flagId = flags['job-id'];
    if (flagId && args['job-id'] && flagId !== args['job-id']) throw messages.createError('errors.TwoJobIds');
    const id = flagId ?? args['job-id'];
    if (!id) throw messages.createError('errors.NoJobId');
    return this.runCli([
      'deploy',
      'resume',
      id,
      ...this.projectArgs(flags['project-dir']),
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, ['fail-on', 'wait', 'output-dir', 'no-progress'])
    ]);
  }
}
