import { Lifecycle, SfError } from '@salesforce/core';
import { SfCommand, StandardColors } from '@salesforce/sf-plugins-core';
import { loadCli, type Io } from './cli.mjs';

/** What a command's --json result holds: the CLI's own result object. */
export type PhiGuardResult = unknown;

/**
 * Every `sf phi-guard` command: parse sf's flags, then run the same command the phi-guard bin and the
 * npm scripts run (scripts/src/cli), in this process. Kept as the CLI keeps them:
 * - exit codes: 0 clean, 1 findings at or above the threshold or not verified, 2 usage or input error;
 * - --json: the CLI's result inside sf's {status, result, warnings} envelope;
 * - errors: one line (text or JSON), never a stack trace (PHI_GUARD_DEBUG=1 adds it, as in the CLI).
 */
export abstract class PhiGuardCommand extends SfCommand<PhiGuardResult> {
  /** The CLI's warnings this command passed on to sf (the --json envelope's warnings). */
  private readonly relayed: string[] = [];

  /** The project folder when --project-dir is not given: the nearest one holding sfdx-project.json. */
  protected projectArgs(given: string | undefined): string[] {
    if (given !== undefined) return [`--project-dir=${given}`];
    const found = loadCli().projectDirFrom(process.cwd());
    return found === process.cwd() ? [] : [`--project-dir=${found}`];
  }

  protected async runCli(argv: string[]): Promise<PhiGuardResult> {
    const cli = loadCli();
    const json = this.jsonEnabled();
    const printed: string[] = [];
    // With --json the CLI prints only its envelope, which becomes sf's; stderr stays the terminal's.
    const io: Io = json
      ? { ...cli.processIo, out: (text) => printed.push(text), progress: () => undefined, errIsTTY: false }
      : cli.processIo;
    // The CLI decides which of the Salesforce libraries' warnings to show, and where (in the bin they
    // never reach the terminal on their own); sf would otherwise print them again after the output.
    Lifecycle.getInstance().removeAllListeners(Lifecycle.warningEventName);
    let code: number;
    try {
      code = await cli.runCommand(json ? [...argv, '--json'] : argv, io);
    } catch (e) {
      const info = cli.errorInfo(e);
      throw new SfError(
        info.message,
        info.name,
        undefined,
        info.exitCode,
        e instanceof Error ? e : undefined
      );
    }
    process.exitCode = code;
    if (!json) return undefined;
    const envelope = JSON.parse(printed.join('')) as { status: number; result: unknown; warnings?: string[] };
    for (const warning of envelope.warnings ?? []) {
      this.relayed.push(warning);
      this.warn(warning);
    }
    process.exitCode = envelope.status;
    return envelope.result;
  }

  /**
   * sf's error output, minus what the CLI never prints: the stack and the cause. Any failure is exit 2,
   * as in the CLI: a flag sf refuses, an org alias with no authorization, an input the command refuses.
   */
  public override async catch(error: Error & { exitCode?: number; actions?: string[] }): Promise<never> {
    const exitCode = 2;
    process.exitCode = exitCode;
    const name = error.name && error.name !== 'Error' ? error.name : 'UsageError';
    const message = error.message;
    if (process.env.PHI_GUARD_DEBUG)
      process.stderr.write(`${String(error.cause instanceof Error ? error.cause.stack : error.stack)}\n`);
    if (this.jsonEnabled()) {
      this.logJson({
        name,
        message,
        exitCode,
        status: exitCode,
        code: name,
        commandName: this.constructor.name,
        context: this.constructor.name,
        ...(error.actions?.length ? { actions: error.actions } : {}),
        warnings: this.relayed
      });
    } else {
      const actions = error.actions?.length ? `\n\nTry this:\n${error.actions.join('\n')}` : '';
      this.logToStderr(`${StandardColors.error(`Error (${name}):`)} ${message}${actions}`);
    }
    const exit = new SfError(message, name, error.actions, exitCode);
    // oclif prints nothing more, and exits with this code.
    Object.assign(exit, { skipOclifErrorHandling: true, oclif: { exit: exitCode } });
    throw exit;
  }
}
