import { rulesMsg } from '../messages/rules';
import type { SfdxProject } from '../project/sfdx-project';
import { sampleRule } from './certificates';
import { contactAccessRule } from './contact-access';
import { descriptionLengthRule } from './description-length';
import { lwcApexGrantRule } from './lwc-grant';
import { RulesProject } from './project';
import { scratchEventBusRule } from './scratch-def';
import { testJobNameRule } from './test-job-name';
import { testUserModeRule } from './test-user-mode';
import type { PlatformRule, RuleProblem } from './types';

/**
 * The platform-rule table: one entry per rule, each with the reference page that states it. Behaviour of
 * the org that the metadata schema, the Apex parser, apex-ls and PMD do not see (issue 20, finding 12, and
 * finding 9 for the release rule). Run by `npm test` (rules-validate over force-app) and the deploy gate.
 */
export const PLATFORM_RULES: readonly PlatformRule[] = [
  testUserModeRule,
  testJobNameRule,
  lwcApexGrantRule,
  contactAccessRule,
  scratchEventBusRule,
  descriptionLengthRule,
  sampleRule
];

export interface RulesValidation {
  /** Rules run (project rules, and release rules when asked). */
  rules: string[];
  filesRead: number;
  problems: RuleProblem[];
  passed: boolean;
}

/** Runs the platform rules over a project; `release` adds the rules a deploy must also pass. */
export function validateRules(project: SfdxProject, opts: { release?: boolean } = {}): RulesValidation {
  const files = new RulesProject(project);
  const rules = PLATFORM_RULES.filter((r) => r.scope === 'project' || opts.release);
  const problems: RuleProblem[] = [];
  for (const r of rules) problems.push(...r.run(files));
  problems.unshift(...files.problems);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    rules: rules.map((r) => r.id),
    filesRead: files.filesRead,
    problems,
    passed: problems.length === 0
  };
}

/** One line per problem: file:line: [rule] message (page). */
export const formatRuleProblem = (p: RuleProblem) =>
  p.url
    ? rulesMsg.problem(p.file, p.line, p.rule, p.message, p.url)
    : `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
