import type { RulesProject } from './project';

/** One broken platform rule: the file and line that break it, what is wrong, and the page that rules it. */
export interface RuleProblem {
  rule: string;
  /** Project-relative file. */
  file: string;
  line?: number;
  /** States the rule and names components, lines and methods; never a value from the file. */
  message: string;
  url: string;
}

/**
 * A platform rule: behaviour of the org that the schema, the parser, apex-ls and PMD cannot see, with the
 * reference page that states it. `project` rules hold for every project, this repository's force-app
 * included (`npm test`); `release` rules hold for what is about to be deployed (the deploy gate, and
 * `rules-validate --release`): this repository ships a template a release must replace.
 */
export interface PlatformRule {
  id: string;
  /** What the rule keeps out, for the help text and README. */
  title: string;
  url: string;
  scope: 'project' | 'release';
  /**
   * The rule's problems. A rule reads only the project (RulesProject, and the config/ files of inputs.ts): never the
   * date or the environment, so the gate may cache the layer under the key of those inputs.
   */
  run(project: RulesProject): RuleProblem[];
}
