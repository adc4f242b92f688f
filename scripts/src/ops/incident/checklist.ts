import { opsMsg } from '../../messages/ops';
import { smallBreachHhsDue, type Deadline, type Timeline, type TimelineInput } from './timeline';

const t = opsMsg.incident;

function dueText(d: Deadline, input: TimelineInput): string {
  if (d.party === 'hhs' && input.affected === undefined && !input.businessAssociate)
    return t.hhsUnknownCount(d.due, smallBreachHhsDue(input.discovered));
  return t.due(d.due, d.days);
}

function appliesText(d: Deadline): string {
  if (d.applies === undefined) return t.appliesUnknown;
  return d.applies ? t.appliesYes : t.appliesNo;
}

/** Console text: one line per party. Pure. */
export function renderTimeline(tl: Timeline, input: TimelineInput): string {
  const lines = [t.title(tl.discovered), ''];
  for (const d of tl.deadlines) {
    lines.push(
      `  ${t.party[d.party].padEnd(22)} ${appliesText(d).padEnd(24)} ${dueText(d, input)}  (${d.citation})`
    );
  }
  lines.push('', t.delayNote, t.disclaimer);
  return lines.join('\n');
}

/** The playbook checklist in Markdown, with the computed dates filled in. Pure. */
export function renderChecklist(tl: Timeline, input: TimelineInput): string {
  const out = [`# ${t.checklistTitle(tl.discovered)}`, '', t.disclaimer, '', `## ${t.deadlinesHeading}`, ''];
  out.push(`| ${t.cols.join(' | ')} |`, `| ${t.cols.map(() => '---').join(' | ')} |`);
  for (const d of tl.deadlines) {
    out.push(`| ${t.party[d.party]} | ${appliesText(d)} | ${dueText(d, input)} | 45 CFR ${d.citation} |`);
  }
  out.push('', t.delayNote, '');
  const steps = input.businessAssociate ? t.stepsBusinessAssociate : t.steps;
  for (const [heading, items] of steps) {
    out.push(`## ${heading}`, '');
    for (const item of items) out.push(`- [ ] ${item}`);
    out.push('');
  }
  out.push(`## ${t.signOffHeading}`, '', ...t.signOff.map((s) => `- ${s}: ____________________`), '');
  return out.join('\n');
}
