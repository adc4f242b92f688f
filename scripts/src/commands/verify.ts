import { parseFlags } from '../cli/args';
import type { Io } from '../cli/output';
import { EXIT, UserError } from '../errors';
import { help, msg } from '../messages';
import { apexValidateCommand } from './apex-validate';

/**
 * `phi-guard verify`. Until the posture checks land, verify runs the offline Apex validation
 * and reports only what it computed.
 */
export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'project-dir': { type: 'string', short: 'd' },
    'target-org': { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(help.verify);
    return EXIT.clean;
  }
  if (values['target-org']) throw new UserError(msg.orgUnsupported(values['target-org']), 'UsageError');
  const forward = ['--project-dir', values['project-dir'] ?? '.'];
  if (values.json) forward.push('--json');
  return apexValidateCommand(forward, io);
}
