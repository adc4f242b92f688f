import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { ChainVerifier, type ChainSummary } from './chain';
import { mapHeader, toChainRow, type Columns } from './log-rows';
import { readCsv } from './read-csv';

export interface CsvSource {
  /** File name or API resource, for error lines. */
  display: string;
  chunks: AsyncIterable<string | Buffer>;
}

export interface VerifyLogOptions {
  /** Previous_Hash__c of the first row: GENESIS for a whole chain, an earlier export's last hash for a window. */
  startHash?: string;
  /** Dead-letter records of lost audit events; every record is a break. */
  deadLetters?: CsvSource[];
  onProgress?: (rows: number) => void;
}

/**
 * Recomputes the chain over one or more CSV sources read in order (a file, or Bulk API 2.0 result
 * pages, each with its own header), in bounded memory.
 */
export async function verifyLogCsv(sources: CsvSource[], opts: VerifyLogOptions = {}): Promise<ChainSummary> {
  const verifier = new ChainVerifier(opts.startHash);
  let rows = 0;
  for (const src of sources) {
    let cols: Columns | undefined;
    await readCsv(
      src.chunks,
      src.display,
      (header, line) => {
        cols = mapHeader(header, src.display, line);
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
  return verifier.summary();
}
