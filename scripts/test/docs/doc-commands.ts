import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticChain, toCsv } from '../../bench/audit-chain-data';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { BIN_DIR, runProcess, toolEnv } from '../helpers/processes';
import type { CliRun } from '../helpers/run-cli';

/** A command line shown in a fenced code block of a Markdown file. */
export interface DocCommand {
  doc: string;
  line: number;
  text: string;
}

/** The command lines a user is told to run: these, after optional `VAR=value` assignments. */
export const PREFIXES = ['npm run ', 'npx ', 'sf phi-guard ', 'phi-guard '];

/**
 * Every line of a fenced code block (``` or ~~~) that starts with one of PREFIXES, with its line
 * number; a trailing `# comment` is dropped and `\` continuations are joined.
 */
export function extractCommands(markdown: string, doc: string): DocCommand[] {
  const lines = markdown.split(/\r?\n/);
  const out: DocCommand[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const marker = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (marker && (fence === undefined || marker === fence)) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence === undefined) continue;
    let text = raw.trim();
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) {
      text = `${text.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    }
    text = text.replace(/\s+#\s.*$/, '').trim();
    const command = text.replace(/^([A-Z_][A-Z0-9_]*=\S*\s+)*/, '');
    if (PREFIXES.some((p) => command.startsWith(p))) out.push({ doc, line: start + 1, text });
  }
  return out;
}

/**
 * Splits a command line into words as a POSIX shell would for simple commands: quotes and escapes,
 * no expansion. Pipes, lists, redirections and substitutions are refused: a documented command
 * should be one command a user can paste.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated quote');
      word += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        if (text[j] === '$' || text[j] === '`') throw new Error('substitution in a command');
        word += text[j];
      }
      if (j >= text.length) throw new Error('unterminated quote');
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ('|&;<>()$`'.includes(c)) {
      throw new Error(`"${c}" in a command: show one command per line, with no shell syntax`);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Commands that cannot run as shown in a test, each with the reason; they run their `--help`
 * instead (the same command and subcommand, so a renamed script or command still fails), or a
 * rewritten form. Every entry must match a documented command, so none outlives its command.
 */
export const SPECIAL: { match: RegExp; why: string; run: 'help' | ((words: string[]) => string[]) }[] = [
  {
    match: /(^|\s)(-o|--target-org)\s+(?!https?:)\S/,
    why: 'needs an org authorized with sf org login (an alias such as myorg or prod)',
    run: 'help'
  },
  {
    match: /^npx sf config set target-org \S+$|^npx sf phi-guard verify$/,
    why: 'sets, then uses, a default org, which needs an org authorized with sf org login',
    run: 'help'
  },
  {
    match: /audit-log (-- )?verify --file \S+ .*--checkpoint /,
    why:
      'holds an export to a signed checkpoint and its public key, which the openssl lines and the anchor ' +
      '(an org run) before it write; scripts/test/ops/org/audit-docs.test.ts runs the routine against the emulator',
    run: 'help'
  },
  {
    match: /^npm run portal\b/,
    why: 'serves the portal preview until interrupted',
    run: 'help'
  },
  {
    match: /^npx sf plugins link \.$/,
    why:
      'plugins link also runs npm install in the checkout, which a test must not change: the test ' +
      'links the same checkout with --no-install',
    run: () => ['npx', 'sf', 'plugins', 'link', REPO_ROOT, '--no-install']
  }
];

/**
 * Commands whose outcome depends only on their line and the files it names, and which write nothing. The docs
 * show `npm run audit-log -- verify --file ...` twice (README and the operations guide) on the same two files:
 * run again with those files unchanged, it reads the same bytes and prints the same report, so it proves nothing
 * new; it is judged on the first run's process result. Any change to the line, its environment or a named file
 * (size or mtime) runs it again. Every entry must match a documented command.
 */
export const READS_ONLY_NAMED_FILES: { match: RegExp; why: string }[] = [
  {
    match: /^npm run audit-log -- verify --file \S+ --dead-letter-file \S+$/,
    why: 'audit-log verify --file reads the export and the dead-letter export it names, and writes nothing'
  }
];

/** Placeholders in documented commands, and what a test uses for them. */
export const PLACEHOLDERS: Record<string, string> = {
  'path/to/any/sfdx-project': fixture('posture', 'compliant')
};

/** The command and subcommand words (up to a flag or a <placeholder>), then --help (with `--` for npm run). */
export function helpForm(words: string[]): string[] {
  const head: string[] = [];
  for (const w of words) {
    if ((w.startsWith('-') && w !== '--') || w.startsWith('<')) break;
    head.push(w);
  }
  if (head[0] === 'npm' && head[1] === 'run' && !head.includes('--')) head.push('--');
  return [...head, '--help'];
}

export interface Plan {
  argv: string[];
  env: Record<string, string>;
  help: boolean;
  why?: string;
}

export function planFor(cmd: DocCommand): Plan {
  let text = cmd.text;
  for (const [placeholder, value] of Object.entries(PLACEHOLDERS)) text = text.split(placeholder).join(value);
  const env: Record<string, string> = {};
  for (let m; (m = /^([A-Z_][A-Z0-9_]*)=(\S*)\s+/.exec(text)); text = text.slice(m[0].length))
    env[m[1]!] = m[2]!;
  const special = SPECIAL.find((s) => s.match.test(text));
  // A stand-in keeps only the command's leading words, so what follows may hold placeholders.
  if (special?.run === 'help')
    return { argv: helpForm(text.split(/\s+/)), env, help: true, why: special.why };
  if (/<[^>]+>/.test(text)) throw new Error('unresolved placeholder');
  const words = shellWords(text);
  if (special) return { argv: special.run(words), env, help: false, why: special.why };
  return { argv: words, env, help: false };
}

/**
 * Where documented commands run: a temporary copy of the project (force-app, config, sfdx-project.json)
 * with the tooling linked in, so reports and baselines the docs write land there, never in the
 * checkout; a git repository whose origin/main is its first commit (for --changed-since); the files the
 * docs name (an audit-log export and an empty dead-letter export); a private HOME; and a `phi-guard`
 * on PATH, as `npm link` or a global install would put it.
 */
export interface DocWorkspace {
  cwd: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /**
   * The outcome of each `--help` run in this workspace, by its command line and environment, and of each run of
   * a command in READS_ONLY_NAMED_FILES, by its line, environment and the named files' size and mtime. A --help
   * prints usage and writes nothing, so the same line run again later in the same workspace (the docs show
   * several twice: `npm run verify -- --help`, `npx sf phi-guard verify --help`, ...) would prove nothing new;
   * it is judged on the process result of the first run. Every other command runs each time it is shown.
   */
  repeatRuns: Map<string, CliRun>;
}

export function makeWorkspace(): DocWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-docs-'));
  const cwd = path.join(root, 'project');
  const home = path.join(root, 'home');
  const shims = path.join(root, 'bin');
  for (const d of [cwd, home, shims]) mkdirSync(d);
  // plugin/ is a copy too: `npx phi-guard` installs this project into npm's npx cache on first use, which runs its
  // `prepare` script (tsc of plugin/, then oclif.manifest.json) here; through a link it rewrote the checkout's
  // plugin/lib while another test file's sf could be loading it.
  for (const f of ['sfdx-project.json', '.forceignore', 'force-app', 'config', 'plugin']) {
    cpSync(path.join(REPO_ROOT, f), path.join(cwd, f), { recursive: true });
  }
  for (const f of ['package.json', 'node_modules', 'scripts', 'messages', 'tsconfig.json']) {
    symlinkSync(path.join(REPO_ROOT, f), path.join(cwd, f));
  }
  symlinkSync(path.join(REPO_ROOT, 'scripts', 'bin', 'phi-guard.js'), path.join(shims, 'phi-guard'));
  writeFileSync(path.join(cwd, 'phi-access-log.csv'), toCsv(syntheticChain(20)));
  writeFileSync(path.join(cwd, 'dead.csv'), 'Id\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=docs', '-c', 'user.email=docs@example.invalid', ...args], {
      cwd,
      stdio: 'ignore'
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'workspace');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  const env = toolEnv(home, { PATH: [shims, BIN_DIR, process.env.PATH ?? ''].join(path.delimiter) });
  return { cwd, home, env, repeatRuns: new Map() };
}

export interface Outcome {
  cmd: DocCommand;
  plan?: Plan;
  code: number | null;
  output: string;
  problem?: string;
}

/** Runs one documented command (or its stand-in) and says what is wrong with the run, if anything. */
export async function runDocCommand(
  cmd: DocCommand,
  ws: Pick<DocWorkspace, 'cwd' | 'env'> & Partial<Pick<DocWorkspace, 'repeatRuns'>>
): Promise<Outcome> {
  let plan: Plan;
  try {
    plan = planFor(cmd);
  } catch (e) {
    return { cmd, code: null, output: '', problem: (e as Error).message };
  }
  const key =
    plan.argv.at(-1) === '--help'
      ? JSON.stringify([plan.argv, plan.env])
      : READS_ONLY_NAMED_FILES.some((c) => c.match.test(cmd.text))
        ? JSON.stringify([plan.argv, plan.env, namedFiles(plan.argv, ws.cwd)])
        : undefined;
  let r = key === undefined ? undefined : ws.repeatRuns?.get(key);
  if (!r) {
    const [command, ...args] = plan.argv;
    r = await runProcess(command!, args, { cwd: ws.cwd, env: { ...ws.env, ...plan.env } });
    if (key !== undefined) ws.repeatRuns?.set(key, r);
  }
  const output = `${r.stdout}\n${r.stderr}`;
  let problem: string | undefined;
  if (r.code !== 0) problem = `exit ${r.code}`;
  else if (/Internal error/.test(output)) problem = 'an internal error';
  else if (plan.help && !r.stdout.trim()) problem = 'no help printed';
  return { cmd, plan, code: r.code, output, problem };
}

/** Size and mtime of each word of a command line that names a file in `cwd`. */
function namedFiles(argv: string[], cwd: string): [string, number, number][] {
  return argv.flatMap((w) => {
    const st = statSync(path.resolve(cwd, w), { throwIfNoEntry: false });
    return st?.isFile() ? [[w, st.size, st.mtimeMs] as [string, number, number]] : [];
  });
}

/** One line per failed command: doc, line, the command as documented, what went wrong, and its last output. */
export function report(outcomes: Outcome[]): string {
  return outcomes
    .filter((o) => o.problem)
    .map((o) => {
      const lines = o.output
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      // The line that says what went wrong, then the last one.
      const key = lines.find((l) => /\b(Error|ERR!|Missing script|Cannot find)\b/.test(l));
      const tail = [...new Set([key, lines.at(-1)].filter(Boolean))].join(' | ');
      const how = o.plan?.help ? ` (run as: ${o.plan.argv.join(' ')})` : '';
      return `${o.cmd.doc}:${o.cmd.line}: \`${o.cmd.text}\`${how}: ${o.problem}${tail ? `: ${tail}` : ''}`;
    })
    .join('\n');
}

/** Every documented command of README.md and docs/*.md, in reading order. */
export function documentedCommands(root = REPO_ROOT, docs = ['README.md', ...docsIn(root)]): DocCommand[] {
  return docs.flatMap((doc) => extractCommands(readFileSync(path.join(root, doc), 'utf8'), doc));
}

function docsIn(root: string): string[] {
  return readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
}
