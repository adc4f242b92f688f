import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { columnName, xlsx, zip } from '../../../src/ops/access/xlsx';

/**
 * The XLSX writer, judged by readers that are not ours: JSZip (central directory, local headers,
 * inflate and CRC-32 check) opens the package, and fast-xml-parser reads its parts. The parts and
 * relationships asserted are the ones ECMA-376 Part 1 (SpreadsheetML, Open Packaging Conventions)
 * requires for a workbook with one worksheet:
 * https://ecma-international.org/publications-and-standards/standards/ecma-376/
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (n) => ['row', 'c', 'col', 'Relationship', 'Override', 'Default', 'sheet'].includes(n)
});

type Cell = { '@_r': string; '@_t': string; '@_s'?: string; is: { t: string | { '#text'?: string } } };
type Sheet = {
  worksheet: {
    sheetViews: { sheetView: { pane: Record<string, string> } };
    cols?: { col: Record<string, string>[] };
    sheetData: '' | { row: { '@_r': string; c: Cell[] }[] };
    autoFilter?: { '@_ref': string };
  };
};

async function open(buf: Buffer) {
  const book = await JSZip.loadAsync(buf, { checkCRC32: true });
  const part = async (name: string) => {
    const f = book.file(name);
    if (!f) throw new Error(`missing part ${name}`);
    return parser.parse(await f.async('string')) as Record<string, unknown>;
  };
  return { book, part };
}

const text = (c: Cell) => (typeof c.is.t === 'string' ? c.is.t : (c.is.t['#text'] ?? ''));

async function cells(buf: Buffer): Promise<string[][]> {
  const sheet = (await (await open(buf)).part('xl/worksheets/sheet1.xml')) as Sheet;
  const data = sheet.worksheet.sheetData;
  return data === '' ? [] : data.row.map((r) => r.c.map(text));
}

describe('xlsx writer, read back by JSZip and an XML parser', () => {
  const rows = [
    ['Object', 'Field', 'Notes'],
    ['Patient__c', 'Patient__c.Diagnosis__c', 'a < b & "c" \'d\''],
    ['Prescription__c', '', 'Ünïcødé ✓ 中文']
  ];

  it('is a package whose relationships resolve to parts with declared content types', async () => {
    const { book, part } = await open(xlsx('Access review', rows));
    const names = Object.keys(book.files).sort();
    expect(names).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml'
    ]);
    const types = (await part('[Content_Types].xml')) as {
      Types: { Default: Record<string, string>[]; Override: Record<string, string>[] };
    };
    const overrides = new Map(types.Types.Override.map((o) => [o['@_PartName'], o['@_ContentType']]));
    expect(overrides.get('/xl/workbook.xml')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'
    );
    expect(overrides.get('/xl/worksheets/sheet1.xml')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'
    );
    expect(overrides.get('/xl/styles.xml')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml'
    );
    expect(types.Types.Default.map((d) => d['@_Extension']).sort()).toEqual(['rels', 'xml']);

    const root = (await part('_rels/.rels')) as { Relationships: { Relationship: Record<string, string>[] } };
    expect(root.Relationships.Relationship).toEqual([
      expect.objectContaining({
        '@_Type': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
        '@_Target': 'xl/workbook.xml'
      })
    ]);
    const rels = (await part('xl/_rels/workbook.xml.rels')) as {
      Relationships: { Relationship: Record<string, string>[] };
    };
    for (const r of rels.Relationships.Relationship) expect(names).toContain(`xl/${r['@_Target']}`);
    const wb = (await part('xl/workbook.xml')) as {
      workbook: { sheets: { sheet: Record<string, string>[] } };
    };
    const sheet = wb.workbook.sheets.sheet[0]!;
    expect(sheet['@_name']).toBe('Access review');
    const target = rels.Relationships.Relationship.find((r) => r['@_Id'] === sheet['@_r:id'])!;
    expect(target['@_Target']).toBe('worksheets/sheet1.xml');
  });

  it('round-trips every cell, including markup characters and non-ASCII text', async () => {
    expect(await cells(xlsx('Access review', rows))).toEqual(rows);
  });

  it('addresses cells A1-style, bolds and freezes the header row, and filters the whole table', async () => {
    const { part } = await open(xlsx('Access review', rows));
    const sheet = (await part('xl/worksheets/sheet1.xml')) as Sheet;
    const data = sheet.worksheet.sheetData as Exclude<Sheet['worksheet']['sheetData'], ''>;
    expect(data.row.map((r) => r['@_r'])).toEqual(['1', '2', '3']);
    expect(data.row[2]!.c.map((c) => c['@_r'])).toEqual(['A3', 'B3', 'C3']);
    expect(data.row.flatMap((r) => r.c.map((c) => c['@_t']))).toEqual(Array(9).fill('inlineStr'));
    expect(data.row[0]!.c.every((c) => c['@_s'] === '1')).toBe(true);
    expect(data.row[1]!.c.some((c) => c['@_s'] !== undefined)).toBe(false);
    // Style 1 is the bold font.
    const styles = (await part('xl/styles.xml')) as {
      styleSheet: { fonts: { font: Record<string, unknown>[] }; cellXfs: { xf: Record<string, string>[] } };
    };
    const xf = styles.styleSheet.cellXfs.xf[1]!;
    expect(styles.styleSheet.fonts.font[Number(xf['@_fontId'])]).toHaveProperty('b');
    expect(sheet.worksheet.sheetViews.sheetView.pane).toMatchObject({
      '@_ySplit': '1',
      '@_topLeftCell': 'A2',
      '@_state': 'frozen'
    });
    expect(sheet.worksheet.autoFilter?.['@_ref']).toBe('A1:C3');
  });

  it('sizes columns to their text, between 8 and 60 characters', async () => {
    const wide = [
      ['A', 'B', 'C'],
      ['x', 'y'.repeat(20), 'z'.repeat(200)]
    ];
    const sheet = (await (await open(xlsx('W', wide))).part('xl/worksheets/sheet1.xml')) as Sheet;
    expect(sheet.worksheet.cols!.col.map((c) => [c['@_min'], c['@_width']])).toEqual([
      ['1', '8'],
      ['2', '22'],
      ['3', '60']
    ]);
  });

  it('drops control characters XML 1.0 cannot carry, and cuts the sheet name to 31 characters', async () => {
    const buf = xlsx('A sheet name that is much longer than Excel allows', [
      ['H'],
      ['bell\u0007 and\u0000 nul, tab\tkept']
    ]);
    expect(await cells(buf)).toEqual([['H'], ['bell and nul, tab\tkept']]);
    const wb = (await (await open(buf)).part('xl/workbook.xml')) as {
      workbook: { sheets: { sheet: Record<string, string>[] } };
    };
    expect(wb.workbook.sheets.sheet[0]!['@_name']).toBe('A sheet name that is much longe');
  });

  it('a header with no rows has no filter; no rows at all is still a readable, empty sheet', async () => {
    const header = (await (
      await open(xlsx('H', [['Object', 'Field']]))
    ).part('xl/worksheets/sheet1.xml')) as Sheet;
    expect(header.worksheet.autoFilter).toBeUndefined();
    expect(await cells(xlsx('H', [['Object', 'Field']]))).toEqual([['Object', 'Field']]);
    const empty = (await (await open(xlsx('E', []))).part('xl/worksheets/sheet1.xml')) as Sheet;
    expect(empty.worksheet.sheetData).toBe('');
    // CT_Cols needs at least one <col>: an empty <cols/> would make Excel repair the file.
    expect(empty.worksheet.cols).toBeUndefined();
  });

  it('names columns A1-style past Z', () => {
    expect([columnName(0), columnName(25), columnName(26), columnName(701), columnName(702)]).toEqual([
      'A',
      'Z',
      'AA',
      'ZZ',
      'AAA'
    ]);
  });

  it('the same rows give the same bytes (fixed timestamps)', () => {
    expect(xlsx('S', rows).equals(xlsx('S', rows))).toBe(true);
  });

  it('zip: entries read back byte for byte, and a corrupted entry fails the CRC check', async () => {
    const data = Buffer.from('hello, '.repeat(100), 'utf8');
    const buf = zip([
      { name: 'a.txt', data },
      { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]) }
    ]);
    const book = await JSZip.loadAsync(buf, { checkCRC32: true });
    expect(await book.file('a.txt')!.async('nodebuffer')).toEqual(data);
    expect([...(await book.file('dir/b.bin')!.async('uint8array'))]).toEqual([0, 1, 2, 255]);
    // Flip one bit in the first entry's CRC-32 in the central directory (where readers take it
    // from; the end record at the last 22 bytes gives the directory's offset): a reader must refuse it.
    const bad = Buffer.from(buf);
    const crcAt = bad.readUInt32LE(bad.length - 22 + 16) + 16;
    bad[crcAt] = bad[crcAt]! ^ 1;
    await expect(
      JSZip.loadAsync(bad, { checkCRC32: true }).then((b) => b.file('a.txt')!.async('string'))
    ).rejects.toThrow(/crc32/i);
  });
});
