import { createReadStream, statSync } from 'node:fs';
import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { CsvSyntaxError, parseCsvStream } from './csv';

const t = opsMsg.auditLog;

/**
 * Streams a CSV source whose first record is a header: `onHeader` once, then `onRecord` for each
 * row, in bounded memory. Syntax errors become an InputError naming `display` and the line.
 */
export async function readCsv(
  chunks: AsyncIterable<string | Buffer>,
  display: string,
  onHeader: (header: string[], line: number) => void,
  onRecord: (fields: string[], line: number) => void
): Promise<void> {
  let header = true;
  try {
    await parseCsvStream(chunks, (fields, line) => {
      if (header) {
        header = false;
        onHeader(fields, line);
      } else onRecord(fields, line);
    });
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new InputError(display, e.line, t.csvSyntax(e.detail));
    throw e;
  }
  if (header) throw new InputError(display, 1, t.noHeader);
}

/** A readable file's chunks, or an InputError naming it (missing, a directory, unreadable). */
export function fileChunks(file: string): AsyncIterable<Buffer> {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new InputError(file, undefined, t.unreadable);
  }
  if (!isFile) throw new InputError(file, undefined, t.notAFile);
  return createReadStream(file, { highWaterMark: 1 << 20 });
}
