import { parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import { now } from '../ops/clock';
import { writeAll } from '../ops/files';
import { countFlag, dayFlag, requireFlag } from '../ops/flags';
import { renderChecklist, renderTimeline } from '../ops/incident/checklist';
import { breachTimeline, formatDay, type TimelineInput } from '../ops/incident/timeline';
import { withSubcommands } from '../ops/subcommand';
import { incidentScopeCommand } from './incident-scope';

/** `phi-guard incident start --discovered <day>`: the HITECH timeline and the Markdown checklist. */
async function incidentStart(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    discovered: { type: 'string' },
    affected: { type: 'string' },
    'state-residents': { type: 'string' },
    'business-associate': { type: 'boolean' },
    markdown: { type: 'boolean' },
    output: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.incidentStart);
    return EXIT.clean;
  }
  const discovered = dayFlag('discovered', requireFlag('discovered', values.discovered));
  if (formatDay(discovered) > formatDay(now()))
    throw new UserError(opsMsg.usage.futureDay('discovered'), 'UsageError');
  const input: TimelineInput = {
    discovered: formatDay(discovered),
    affected: countFlag('affected', values.affected),
    maxStateResidents: countFlag('state-residents', values['state-residents']),
    businessAssociate: values['business-associate'] ?? false
  };
  const timeline = breachTimeline(input);
  const checklist = renderChecklist(timeline, input);
  const warnings: string[] = [];
  if (values.output) {
    const wrote = opsMsg.usage.wrote(writeAll('output', [{ file: values.output, text: checklist }]));
    warnings.push(wrote);
    if (!values.json) io.err(wrote);
  }
  if (values.json) io.out(jsonSuccess(EXIT.clean, { ...timeline, checklist }, warnings));
  else io.out(values.markdown ? checklist : renderTimeline(timeline, input));
  return EXIT.clean;
}

export const incidentCommand = withSubcommands(
  'incident',
  { start: incidentStart, scope: incidentScopeCommand },
  opsHelp.incident
);
