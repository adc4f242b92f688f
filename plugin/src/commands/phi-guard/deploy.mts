import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PhiGuardCommand, type PhiGuardResult } from '../../base.mjs';
import {
  apiVersionFlag,
  failOnFlag,
  forward,
  noProgressFlag,
  orgArgs,
  projectDirFlag,
  targetOrgFlag
} from '../../flags.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('phi-guard', 'deploy');

/** The flags deploy and deploy resume share: the CLI's, with sf's names. */
export const releaseFlags = {
  'target-org': targetOrgFlag({ required: true }),
  'api-version': apiVersionFlag,
  'project-dir': projectDirFlag,
  'fail-on': failOnFlag(messages.getMessage('flags.fail-on.summary')),
  wait: Flags.string({
    char: 'w',
    summary: messages.getMessage('flags.wait.summary'),
    description: messages.getMessage('flags.wait.description'),
    helpValue: '<minutes>'
  }),
  'output-dir': Flags.directory({ summary: messages.getMessage('flags.output-dir.summary') }),
  'no-progress': noProgressFlag
};

export default class Deploy extends PhiGuardCommand {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...releaseFlags,
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary'), dependsOn: ['reason'] }),
    reason: Flags.string({ summary: messages.getMessage('flags.reason.summary') }),
    tests: Flags.string({
      summary: messages.getMessage('flags.tests.summary'),
      multiple: true,
      delimiter: ','
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    delta: Flags.string({ summary: messages.getMessage('flags.delta.summary'), helpValue: '<git-ref>' }),
    'allow-deletes': Flags.boolean({
      summary: messages.getMessage('flags.allow-deletes.summary'),
      dependsOn: ['delta']
    }),
    'without-shield': Flags.boolean({ summary: messages.getMessage('flags.without-shield.summary') }),
    'gate-cache': Flags.directory({ summary: messages.getMessage('flags.gate-cache.summary') }),
    // The gate cache switch of the CLI's deploy (stream files-cache); the CLI judges it.
    'no-cache': Flags.boolean({ summary: messages.getMessage('flags.no-cache.summary') })
  };

  public async run(): Promise<PhiGuardResult> {
    const { flags } = await this.parse(Deploy);
    return this.runCli([
      'deploy',
      ...this.projectArgs(flags['project-dir']),
      ...orgArgs(flags['target-org'], flags['api-version']),
      ...forward(flags, [
        'fail-on',
        'force',
        'reason',
        'tests',
        'dry-run',
        'delta',
        'allow-deletes',
        'without-shield',
        'wait',
        'output-dir',
        'gate-cache',
        'no-cache',
        'no-progress'
      ])
    ]);
  }
}
