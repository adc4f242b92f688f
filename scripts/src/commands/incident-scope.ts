import { parseApiVersion, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import { mapHeader, toChainRow, type Columns } from '../ops/audit/log-rows';
import { fileChunks, readCsv } from '../ops/audit/read-csv';
import { dateTimeFlag, requireFlag } from '../ops/flags';
import { renderScope, ScopeCollector } from '../ops/incident/scope';

const USER_ID = /^005[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;

/** `phi-guard incident scope --user <id> --from <t> --to <t> (--file export.csv | -o <org>)`. */
export async function incidentScopeCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    user: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    file: { type: 'string' },
    'target-org': { type: 'string', short: 'o' },
    'api-version': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.incidentScope);
    return EXIT.clean;
  }
  const apiVersion = parseApiVersion(values['api-version']);
  const user = requireFlag('user', values.user);
  if (!USER_ID.test(user)) throw new UserError(opsMsg.incidentScope.badUser, 'UsageError');
  const from = dateTimeFlag('from', requireFlag('from', values.from));
  const to = dateTimeFlag('to', requireFlag('to', values.to));
  if (to.getTime() <= from.getTime()) throw new UserError(opsMsg.incidentScope.badWindow, 'UsageError');
  const org = values['target-org'];
  if (org && values.file) throw new UserError(opsMsg.usage.conflict('target-org', 'file'), 'UsageError');
  if (!org && !values.file) throw new UserError(opsMsg.usage.needsOne('file', 'target-org'), 'UsageError');
  const warnings: string[] = [];
  let scope;
  if (org) {
    // Loaded here: scoping an export file never loads the org session or the SDK behind it.
    const { openOrg, orgLines } = await import('../ops/org/session');
    const { scopeFromOrg } = await import('../ops/org/scope-org');
    const client = await openOrg(org, { apiVersion });
    scope = await scopeFromOrg(client, user, from, to);
    warnings.push(...orgLines(client));
  } else {
    const file = values.file!;
    const collector = new ScopeCollector(user, from, to);
    let cols: Columns | undefined;
    await readCsv(
      fileChunks(file),
      file,
      (header, line) => {
        cols = mapHeader(header, file, line);
      },
      (fields, line) => collector.push(toChainRow(fields, cols!, file, line))
    );
    scope = collector.result();
  }
  io.out(values.json ? jsonSuccess(EXIT.clean, scope, warnings) : renderScope(scope));
  if (!values.json) for (const w of warnings) io.err(w);
  return EXIT.clean;
}
