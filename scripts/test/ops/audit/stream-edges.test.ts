import { syntheticChain, toCsv } from '../../../bench/audit-chain-data';
import { ChainVerifier } from '../../../src/ops/audit/chain';
import { CsvParser, parseCsvStream } from '../../../src/ops/audit/csv';
import { LOG_FIELDS, mapHeader, recordToChainRow, toChainRow } from '../../../src/ops/audit/log-rows';
import { verifyLogCsv } from '../../../src/ops/audit/verify-log';

/**
 * The streaming parts of audit-log verify at their edges: chunk boundaries that split a CRLF or sit
 * right after a quote, string and byte chunks, a BOM, short rows, REST records with nulls, and the
 * verifier's own bookkeeping. Inputs are built in the test; nothing of ours is mocked.
 */
async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const p of parts) yield p;
}

async function records(...parts: (string | Buffer)[]) {
  const out: [string[], number][] = [];
  await parseCsvStream(chunks(...parts), (f, l) => out.push([f, l]));
  return out;
}

describe('CSV stream edges', () => {
  it('a CRLF split across chunks is one line end', async () => {
    expect(await records('a,b\r', '\n1,2\r', '\n')).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2]
    ]);
  });

  it('a chunk ending on a closing quote, then the end of input, closes the field', async () => {
    expect(await records('a\n"x"')).toEqual([
      [['a'], 1],
      [['x'], 2]
    ]);
    const p = new CsvParser(() => undefined);
    p.feed('"x');
    p.feed('"');
    expect(() => p.end()).not.toThrow();
  });

  it('a chunk ending on a quote followed by an escaped quote in the next chunk', async () => {
    expect(await records('"a', '""b"\n')).toEqual([[['a"b'], 1]]);
  });

  it('string chunks and a BOM in a string chunk; an empty first chunk does not hide a later BOM', async () => {
    expect(await records('\ufeffId\n', 'x\n')).toEqual([
      [['Id'], 1],
      [['x'], 2]
    ]);
    expect(await records(Buffer.alloc(0), Buffer.from('\ufeffId\nx\n', 'utf8'))).toEqual([
      [['Id'], 1],
      [['x'], 2]
    ]);
  });

  it('a multi-byte character split across byte chunks is decoded whole', async () => {
    const bytes = Buffer.from('n\nü\n', 'utf8');
    expect(await records(bytes.subarray(0, 3), bytes.subarray(3))).toEqual([
      [['n'], 1],
      [['ü'], 2]
    ]);
  });
});

describe('log rows from a file and from the REST API', () => {
  const header = [...LOG_FIELDS];
  const cols = mapHeader(header, 'f.csv', 1);

  it('maps a prefixed, differently cased header', () => {
    const m = mapHeader(
      header.map((h) => `  PHI_Access_Log__c.${h.toUpperCase()} `),
      'f.csv',
      1
    );
    expect(m).toEqual(cols);
  });

  it('a short row reads missing cells as empty and is refused for its missing time, naming line only', () => {
    expect(() => toChainRow(['a01', '7'], cols, 'f.csv', 9)).toThrow(
      'f.csv:9: Occurred_At__c is not a date-time'
    );
  });

  it('an empty Purpose__c is null in the canonical row; an empty Id is no id', () => {
    const row = toChainRow(
      [
        '',
        '3',
        '2026-01-01T00:00:03Z',
        '005',
        'Contact',
        '003',
        '',
        'view',
        'portal',
        '',
        'p',
        'h',
        '',
        '',
        '',
        '2026-01-01T00:00:04Z'
      ],
      cols,
      'f.csv',
      4
    );
    expect(row).toMatchObject({
      id: undefined,
      sequence: 3,
      purpose: null,
      line: 4,
      version: undefined,
      eventUuid: null,
      dedupId: null,
      createdAt: '2026-01-01T00:00:04Z'
    });
  });

  it('an empty or bad CreatedDate is refused, naming the line; a v3 row needs the v3 columns', () => {
    const cells = [
      '',
      '3',
      '2026-01-01T00:00:03Z',
      '005',
      'Contact',
      '003',
      '',
      'view',
      'portal',
      '',
      'p',
      'h',
      'v3'
    ];
    expect(() => toChainRow([...cells, 'u', 'd', ''], cols, 'f.csv', 5)).toThrow(
      'f.csv:5: CreatedDate is not a date-time'
    );
    const noV3 = mapHeader(
      header.filter((h) => h !== 'Dedup_Id__c'),
      'f.csv',
      1
    );
    expect(() => toChainRow(cells, noV3, 'f.csv', 6)).toThrow(
      'f.csv:6: missing column Dedup_Id__c (a v3 row needs it)'
    );
    // Without the optional columns a row is v2 and its backdating is not known.
    const v2 = mapHeader(header.slice(0, 12), 'f.csv', 1);
    expect(toChainRow(cells.slice(0, 12), v2, 'f.csv', 7)).toMatchObject({
      version: undefined,
      createdAt: undefined
    });
  });

  it('REST records: nulls become empty text, numbers are kept, a fractional or missing sequence is no row', () => {
    const rec = {
      Id: 'a01000000000001AAA',
      Sequence__c: 5,
      Occurred_At__c: '2026-01-01T00:00:05.000+0000',
      Actor_Id__c: '005000000000001AAA',
      Object_Name__c: 'Contact',
      Record_Id__c: null,
      Field_Names__c: null,
      Action__c: 'view',
      Channel__c: 'portal',
      Purpose__c: null,
      Previous_Hash__c: 'p',
      Hash__c: 'h'
    };
    expect(recordToChainRow(rec)).toMatchObject({ recordId: '', fieldNames: '', purpose: null, sequence: 5 });
    expect(recordToChainRow({ ...rec, Purpose__c: 'TREATMENT', Id: null })).toMatchObject({
      id: undefined,
      purpose: 'TREATMENT'
    });
    expect(recordToChainRow({ ...rec, Sequence__c: 5.5 })).toBeUndefined();
    expect(recordToChainRow({ ...rec, Sequence__c: '5' })).toBeUndefined();
    expect(recordToChainRow({ ...rec, Occurred_At__c: null })).toBeUndefined();
    expect(recordToChainRow({ ...rec, Action__c: 7 })).toMatchObject({ action: '7' });
    // The v3 fields and CreatedDate, when selected.
    expect(
      recordToChainRow({
        ...rec,
        Hash_Version__c: 'v3',
        Event_Uuid__c: 'u',
        Dedup_Id__c: 'd',
        CreatedDate: '2026-01-01T00:00:06.000+0000'
      })
    ).toMatchObject({
      version: 'v3',
      eventUuid: 'u',
      dedupId: 'd',
      createdAt: '2026-01-01T00:00:06.000+0000'
    });
    expect(recordToChainRow({ ...rec, CreatedDate: 'yesterday' })).toBeUndefined();
  });
});

describe('verifyLogCsv and the chain verifier', () => {
  const chain = syntheticChain(20);

  it('verifies pages each with their own header, in order, with default options', async () => {
    const first = toCsv(chain.slice(0, 10));
    const second = toCsv(chain.slice(10));
    const s = await verifyLogCsv([
      { display: 'page1', chunks: chunks(first) },
      { display: 'page2', chunks: chunks(second) }
    ]);
    expect(s).toMatchObject({ rows: 20, firstSequence: 1, lastSequence: 20, breakCount: 0 });
  });

  it('a dead-letter record with an empty Id is still a lost event', async () => {
    const s = await verifyLogCsv([{ display: 'log', chunks: chunks(toCsv(chain)) }], {
      deadLetters: [{ display: 'dead', chunks: chunks(' ID ,Reason__c\n,timeout\n') }]
    });
    expect(s.breaks).toEqual([{ kind: 'lost-event', recordId: undefined, line: 2 }]);
    expect(s.lostEvents).toBe(1);
  });

  it('keeps at most maxBreaks, counts the rest, and records org-side malformed rows and unreadable dead letters', () => {
    const v = new ChainVerifier(undefined, 2);
    v.malformed('a01000000000009AAA', 9);
    v.malformed(undefined);
    v.deadLettersUnreadable('PHI_Audit_Dead_Letter__c');
    v.unsequenced(0);
    const s = v.summary();
    expect(s.breaks).toEqual([
      { kind: 'malformed-row', sequence: 9, recordId: 'a01000000000009AAA' },
      { kind: 'malformed-row', sequence: undefined, recordId: undefined },
      // The empty chain is always listed: it is what says the evidence is missing.
      { kind: 'empty' }
    ]);
    // 3 recorded (the third counted, not kept) + the empty chain.
    expect(s.breakCount).toBe(4);
  });

  it('a row going back after a gap keeps expecting the highest sequence seen', () => {
    const v = new ChainVerifier();
    for (const r of [chain[0]!, chain[2]!, chain[1]!, chain[3]!]) v.push({ ...r, id: r.id });
    expect(v.summary().breaks.map((b) => [b.kind, b.sequence, b.expected])).toEqual([
      ['sequence-gap', 3, 2],
      ['broken-link', 3, undefined],
      ['out-of-order', 2, 4],
      ['broken-link', 2, undefined],
      ['broken-link', 4, undefined]
    ]);
  });
});
