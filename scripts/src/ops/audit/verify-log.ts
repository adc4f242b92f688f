import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { ChainVerifier, type ChainSummary, type NotChecked, type VerifierOptions } from './chain';
import { applyCheckpoints, type LoadedCheckpoint } from './checkpoints';
import { mapHeader, toChainRow, type Columns } from './log-rows';
import { readCsv } from './read-csv';

export interface CsvSource {
  /** File name or API resource, for error lines. */
  display: string;
  chunks: AsyncIterable<string | Buffer>;
}

export interface VerifyLogOptions extends VerifierOptions {
  /** Previous_Hash__c of the first row: GENESIS for a whole chain, an earlier export's last hash for a window. */
  startHash?: string;
  /** Dead-letter records of lost audit events; every record is a break. */
  deadLetters?: CsvSource[];
  /** Outside checkpoints (signatures already checked) and the org the export came from. */
  checkpoints?: { loaded: LoadedCheckpoint[]; orgId: string };
  onProgress?: (rows: number) => void;
}

/**
 * Recomputes the chain over one or more CSV sources read in order (a file, or Bulk API 2.0 result
 * pages, each with its own header), in bounded memory.
 */
export async function verifyLogCsv(sources: CsvSource[], opts: VerifyLogOptions = {}): Promise<ChainSummary> {
  const verifier = new ChainVerifier(opts.startHash, undefined, opts);
  if (opts.checkpoints) applyCheckpoints(verifier, opts.checkpoints.loaded, opts.checkpoints.orgId);
  const notChecked = new Set<NotChecked>();
  let rows = 0;
  for (const src of sources) {
    let cols: Columns | undefined;
    await readCsv(
      src.chunks,
      src.display,
      (header, line) => {
        cols = mapHeader(header, src.display, line);
        if (cols.CreatedDate < 0) notChecked.add('backdating');
        if (cols.Hash_Version__c < 0) notChecked.add('hash-version');
      },
      (fields, line) => {
        verifier.push(toChainRow(fields, cols!, src.display, line));
        if (opts.onProgress && ++rows % 100_000 === 0) opts.onProgress(rows);
      }
    );
  }
  for (const src of opts.deadLetters ?? []) {
    let idCol = -1;
    await readCsv(
      src.chunks,
      src.display,
      (header, line) => {
        idCol = header.findIndex((h) => h.trim().toLowerCase() === 'id');
        if (idCol < 0) throw new InputError(src.display, line, opsMsg.auditLog.missingColumn('Id'));
      },
      (fields, line) => verifier.lostEvent(fields[idCol] || undefined, line)
    );
  }
  const summary = verifier.summary();
  return notChecked.size ? { ...summary, notChecked: [...notChecked] } : summary;
}
