import { parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { GENESIS } from '../audit/hash-chain';
import { EXIT, UserError } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import { fileChunks } from '../ops/audit/read-csv';
import { renderChainSummary } from '../ops/audit/render';
import { verifyLogCsv } from '../ops/audit/verify-log';
import { withSubcommands } from '../ops/subcommand';
import { requireFlag } from '../ops/flags';

/** `phi-guard audit-log verify --file export.csv`: recompute the PHI access log's hash chain. */
async function auditLogVerify(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    file: { type: 'string' },
    'dead-letter-file': { type: 'string' },
    'start-hash': { type: 'string' },
    'target-org': { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.auditLogVerify);
    return EXIT.clean;
  }
  if (values['target-org']) throw new UserError(opsMsg.usage.orgNotYet('audit-log verify'), 'UsageError');
  const file = requireFlag('file', values.file);
  const startHash = values['start-hash'] ?? GENESIS;
  if (!/^[0-9a-f]{64}$/.test(startHash))
    throw new UserError(opsMsg.auditLog.badHash('start-hash'), 'UsageError');
  const deadFile = values['dead-letter-file'];
  const sources = [{ display: file, chunks: fileChunks(file) }];
  const deadLetters = deadFile ? [{ display: deadFile, chunks: fileChunks(deadFile) }] : [];
  const progress = !values.json && !values['no-progress'] && io.errIsTTY;
  const summary = await verifyLogCsv(sources, {
    startHash,
    deadLetters,
    onProgress: progress ? (n) => io.progress(opsMsg.usage.progressRows(n)) : undefined
  });
  if (progress) io.progress('');
  const code = summary.breakCount === 0 ? EXIT.clean : EXIT.findings;
  io.out(values.json ? jsonSuccess(code, summary) : renderChainSummary(summary, file));
  return code;
}

export const auditLogCommand = withSubcommands('audit-log', { verify: auditLogVerify }, opsHelp.auditLog);
