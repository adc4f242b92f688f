import { parseApiVersion, parseFlags } from '../cli/args';
import { jsonSuccess, type Io } from '../cli/output';
import { EXIT } from '../errors';
import { opsMsg } from '../messages/ops';
import { opsHelp } from '../messages/ops-help';
import { now } from '../ops/clock';
import { countFlag } from '../ops/flags';
import { renderAnchor, renderChainSummary } from '../ops/audit/render';
import { anchorAuditLog, verifyAuditLog } from '../ops/audit/run';
import { withSubcommands } from '../ops/subcommand';

/** `phi-guard audit-log verify`: recompute the PHI access log's hash chain (ops/audit/run.ts). */
async function auditLogVerify(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    file: { type: 'string' },
    'dead-letter-file': { type: 'string' },
    'dead-letter-object': { type: 'string' },
    'start-hash': { type: 'string' },
    'target-org': { type: 'string', short: 'o' },
    checkpoint: { type: 'string', multiple: true },
    'public-key': { type: 'string', multiple: true },
    'org-id': { type: 'string' },
    'backdate-minutes': { type: 'string' },
    'api-version': { type: 'string' },
    json: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.auditLogVerify);
    return EXIT.clean;
  }
  const progress = !values.json && !values['no-progress'] && io.errIsTTY;
  const o = await verifyAuditLog({
    file: values.file,
    targetOrg: values['target-org'],
    deadLetterFile: values['dead-letter-file'],
    deadLetterObject: values['dead-letter-object'],
    startHash: values['start-hash'],
    apiVersion: parseApiVersion(values['api-version']),
    checkpointFiles: values.checkpoint,
    publicKeyFiles: values['public-key'],
    orgId: values['org-id'],
    backdateMinutes: countFlag('backdate-minutes', values['backdate-minutes']),
    onProgress: progress ? (n: number) => io.progress(opsMsg.usage.progressRows(n)) : undefined
  });
  if (progress) io.progress('');
  io.out(
    values.json
      ? jsonSuccess(o.exitCode, { ...o.summary, limits: o.limits }, o.warnings)
      : renderChainSummary(o.summary, o.source, o.limits)
  );
  if (!values.json) for (const w of o.warnings) io.err(w);
  return o.exitCode;
}

/** `phi-guard audit-log anchor`: sign a checkpoint of the org's chain head, kept outside the org. */
async function auditLogAnchor(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(argv, {
    'target-org': { type: 'string', short: 'o' },
    key: { type: 'string' },
    output: { type: 'string' },
    'api-version': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  });
  if (values.help) {
    io.out(opsHelp.auditLogAnchor);
    return EXIT.clean;
  }
  const o = await anchorAuditLog({
    targetOrg: values['target-org'],
    keyFile: values.key,
    output: values.output,
    apiVersion: parseApiVersion(values['api-version']),
    now: now()
  });
  io.out(
    values.json
      ? jsonSuccess(o.exitCode, { ...o.result, ...(o.file ? { file: o.file } : {}) }, o.warnings)
      : renderAnchor(o.result, values['target-org']!, o.file)
  );
  if (!values.json) for (const w of o.warnings) io.err(w);
  return o.exitCode;
}

export const auditLogCommand = withSubcommands(
  'audit-log',
  { verify: auditLogVerify, anchor: auditLogAnchor },
  opsHelp.auditLog
);
