import { parseApiVersion, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { GENESIS } from '../audit/hash-chain';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import { fileChunks } from '../ops/audit/read-csv';
import { renderChainSummary } from '../ops/audit/render';
import { verifyLogCsv } from '../ops/audit/verify-log';
import { withSubcommands } from '../ops/subcommand';
import { openOrg } from '../ops/org/session';
import { verifyLogOrg } from '../ops/org/verify-log-org';

/** `phi-guard audit-log verify --file export.csv`: recompute the PHI access log's hash chain. */
async function auditLogVerify(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    file: { type: 'string' },
    'dead-letter-file': { type: 'string' },
    'dead-letter-object': { type: 'string' },
    'start-hash': { type: 'string' },
    'target-org': { type: 'string', short: 'o' },
    'api-version': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.auditLogVerify);
    return EXIT.clean;
  }
  const org = values['target-org'];
  if (org && values.file) throw new UserError(opsMsg.usage.conflict('target-org', 'file'), 'UsageError');
  if (!org && !values.file) throw new UserError(opsMsg.usage.needsOne('file', 'target-org'), 'UsageError');
  if (values['dead-letter-object'] && !org)
    throw new UserError(opsMsg.usage.conflict('dead-letter-object', 'file'), 'UsageError');
  if (values['dead-letter-file'] && org)
    throw new UserError(opsMsg.usage.conflict('dead-letter-file', 'target-org'), 'UsageError');
  const apiVersion = parseApiVersion(values['api-version']);
  const startHash = values['start-hash'] ?? GENESIS;
  if (!/^[0-9a-f]{64}$/.test(startHash))
    throw new UserError(opsMsg.auditLog.badHash('start-hash'), 'UsageError');
  const dlo = values['dead-letter-object'];
  if (dlo && !/^[A-Za-z][A-Za-z0-9_]*__c$/.test(dlo))
    throw new UserError(opsMsg.auditLog.badObject('dead-letter-object'), 'UsageError');
  const progress = !values.json && !values['no-progress'] && io.errIsTTY;
  const onProgress = progress ? (n: number) => io.progress(opsMsg.usage.progressRows(n)) : undefined;
  const warnings: string[] = [];
  let summary;
  if (org) {
    const client = await openOrg(org, { apiVersion });
    summary = await verifyLogOrg(client, { startHash, deadLetterObject: dlo, onProgress });
    warnings.push(opsMsg.org.calls(client.callsUsed));
  } else {
    const file = values.file!;
    const deadFile = values['dead-letter-file'];
    if (!deadFile) warnings.push(opsMsg.auditLog.noDeadLetters);
    summary = await verifyLogCsv([{ display: file, chunks: fileChunks(file) }], {
      startHash,
      deadLetters: deadFile ? [{ display: deadFile, chunks: fileChunks(deadFile) }] : [],
      onProgress
    });
  }
  if (progress) io.progress('');
  const code = summary.breakCount === 0 ? EXIT.clean : EXIT.findings;
  io.out(
    values.json ? jsonSuccess(code, summary, warnings) : renderChainSummary(summary, org ?? values.file!)
  );
  if (!values.json) for (const w of warnings) io.err(w);
  return code;
}

export const auditLogCommand = withSubcommands('audit-log', { verify: auditLogVerify }, opsHelp.auditLog);
