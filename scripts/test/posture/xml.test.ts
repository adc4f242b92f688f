import { bool, child, children, parseXml, text, XmlError } from '../../src/posture/xml';

describe('line-aware XML reader', () => {
  it('records the line of every element and decodes entities and CDATA', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c -->\n<A x="1 > 0">\n  <b>one &amp; two</b>\n  <c><![CDATA[<raw>]]></c>\n  <d/>\n  <b>true</b>\n</A>\n'
    );
    expect(root.name).toBe('A');
    expect(children(root, 'b').map((b) => [b.line, b.text])).toEqual([
      [4, 'one & two'],
      [7, 'true']
    ]);
    expect(text(root, 'c')).toBe('<raw>');
    expect(child(root, 'd')).toMatchObject({ line: 6, text: '' });
    expect(bool(root, 'b')).toBe(false);
  });

  it.each([
    ['<a><b></a>', 1, 'closing tag does not match the element opened on line 1'],
    ['<a>&#x110000;</a>', 1, 'invalid character reference'],
    ['<a>&#xD800;</a>', 1, 'invalid character reference'],
    ['<a>&#0;</a>', 1, 'invalid character reference'],
    ['</a>', 1, 'closing tag with no open element'],
    ['<a>x<b/></a>', 1, 'mixed text and elements'],
    ['<a>\n<b>\n', 3, 'never closed'],
    ['<a>&bogus;</a>', 1, 'unknown entity'],
    ['<a></a><b></b>', 1, 'more than one root'],
    ['<!DOCTYPE x><a/>', 1, 'DOCTYPE'],
    ['', 1, 'no root element'],
    ['<a>\n<!-- open', 2, 'unterminated comment']
  ])('rejects %j at line %i', (src, line, message) => {
    let err: unknown;
    try {
      parseXml(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XmlError);
    expect((err as XmlError).line).toBe(line);
    expect((err as XmlError).message).toContain(message);
  });
});
