/**
 * A push parser for RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180): comma-separated,
 * fields optionally in double quotes, a quote inside a quoted field doubled, CRLF or LF line ends,
 * line breaks allowed inside quoted fields. Salesforce's Bulk API 2.0 query results and Data Loader
 * exports use this dialect (Bulk API 2.0 "columnDelimiter" defaults to COMMA, "lineEnding" to LF).
 *
 * It holds one record at a time, so memory stays bounded however long the input is. Errors carry
 * the 1-based line number and never the content of the line (it may hold PHI).
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string
  ) {
    super(detail);
  }
}

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** The previous chunk ended on a quote inside a quoted field: an escape or the closing quote. */
  private pendingQuote = false;
  /** The last quoted field has closed; only a delimiter or a line end may follow. */
  private afterQuote = false;
  private pendingCR = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  /** Longest field accepted, so one runaway quote cannot take all memory. */
  private readonly maxField: number;

  constructor(
    private readonly onRecord: RecordHandler,
    opts: { maxFieldChars?: number } = {}
  ) {
    this.maxField = opts.maxFieldChars ?? 1_000_000;
  }

  feed(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (n > 0 && chunk[0] === '"') {
        this.field += '"';
        i = 1;
      } else {
        this.inQuotes = false;
        this.afterQuote = true;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = chunk.indexOf('"', i);
        if (q < 0) {
          this.take(chunk, i, n);
          return;
        }
        this.take(chunk, i, q);
        if (q + 1 >= n) {
          this.pendingQuote = true;
          return;
        }
        if (chunk[q + 1] === '"') {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          this.afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      const c = chunk[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') {
          i++;
          continue;
        }
      }
      if (c === ',') {
        this.endField();
        i++;
      } else if (c === '\n' || c === '\r') {
        this.endRecord();
        this.line++;
        this.pendingCR = c === '\r';
        i++;
      } else if (c === '"') {
        if (this.afterQuote || this.field.length > 0)
          throw new CsvSyntaxError(this.line, 'a quote inside an unquoted field');
        this.inQuotes = true;
        this.started = true;
        i++;
      } else {
        if (this.afterQuote) throw new CsvSyntaxError(this.line, 'text after a closing quote');
        // Plain run up to the next delimiter, quote or line end.
        let j = i + 1;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        this.take(chunk, i, j);
        this.started = true;
        i = j;
      }
    }
  }

  end(): void {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
      this.afterQuote = true;
    }
    if (this.inQuotes) throw new CsvSyntaxError(this.recordLine, 'a quoted field is not closed');
    if (this.started || this.fields.length > 0) this.endRecord();
  }

  private take(chunk: string, from: number, to: number) {
    if (to <= from) return;
    this.field += chunk.slice(from, to);
    if (this.field.length > this.maxField) throw new CsvSyntaxError(this.recordLine, 'a field is too long');
    // Count line breaks inside quoted fields so later line numbers stay right.
    if (this.inQuotes) for (let k = from; k < to; k++) if (chunk.charCodeAt(k) === 10) this.line++;
  }

  private endField() {
    this.fields.push(this.field);
    this.field = '';
    this.afterQuote = false;
    this.started = true;
  }

  private endRecord() {
    if (!this.started && this.fields.length === 0 && this.field === '') {
      // A blank line: skipped, as Bulk API results end with a line break.
      this.recordLine = this.line + 1;
      return;
    }
    this.fields.push(this.field);
    const fields = this.fields;
    const at = this.recordLine;
    this.fields = [];
    this.field = '';
    this.afterQuote = false;
    this.started = false;
    this.recordLine = this.line + 1;
    this.onRecord(fields, at);
  }
}

/** Feeds an async iterable of text chunks (a file or HTTP body) through the parser. */
export async function parseCsvStream(
  chunks: AsyncIterable<string | Buffer>,
  onRecord: RecordHandler
): Promise<void> {
  const parser = new CsvParser(onRecord);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = text.length === 0;
    }
    parser.feed(text);
  }
  parser.feed(decoder.decode());
  parser.end();
}
