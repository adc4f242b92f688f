import { CsvParser, CsvSyntaxError } from '../../../src/ops/audit/csv';

/** Parses `text` fed in chunks of `size` characters, so every chunk boundary is exercised. */
function parse(text: string, size = text.length || 1): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const p = new CsvParser((fields, line) => out.push({ fields, line }));
  for (let i = 0; i < text.length; i += size) p.feed(text.slice(i, i + size));
  p.end();
  return out;
}

describe('streaming CSV parser (RFC 4180)', () => {
  const text = 'a,b,c\r\n1,"x, ""y""",\r\n"multi\nline",2,"3"\n\nlast,,z';
  const expected = [
    { fields: ['a', 'b', 'c'], line: 1 },
    { fields: ['1', 'x, "y"', ''], line: 2 },
    { fields: ['multi\nline', '2', '3'], line: 3 },
    { fields: ['last', '', 'z'], line: 6 }
  ];

  it.each([1, 2, 3, 7, 1000])('gives the same records and lines whatever the chunk size (%i)', (size) => {
    expect(parse(text, size)).toEqual(expected);
  });

  it('keeps an empty quoted field and a trailing empty field', () => {
    expect(parse('"",x,\n').map((r) => r.fields)).toEqual([['', 'x', '']]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n1,"open\n2,3\n', 2, 'not closed'],
    ['a quote inside an unquoted field', 'a,b\n1,x"y\n', 2, 'quote inside'],
    ['text after a closing quote', 'a\n"x"y\n', 2, 'after a closing quote']
  ])('rejects %s with its line and no content', (_what, input, line, detail) => {
    let err: unknown;
    try {
      parse(input, 2);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(line);
    expect((err as CsvSyntaxError).detail).toContain(detail);
    expect((err as CsvSyntaxError).message).not.toMatch(/open|x"y|"x"y/);
  });

  it('bounds a runaway field', () => {
    const p = new CsvParser(() => undefined, { maxFieldChars: 10 });
    expect(() => p.feed('"' + 'a'.repeat(50))).toThrow(CsvSyntaxError);
  });
});
