import { termText } from '../../src/report/escape/console';
import { csvCell, csvRows } from '../../src/report/escape/csv';
import { htmlText } from '../../src/report/escape/html';
import { mdCode, mdText } from '../../src/report/escape/markdown';
import { hasUnsafe, visible } from '../../src/report/escape/visible';
import { escapeXml, xmlText } from '../../src/report/escape/xml';

/** One escaping module per format; each makes control characters visible first. */
const HOSTILE = 'a\nb\rc\td\u001b[31me\u202ef\u2028g\u0000h\u0085i\ufeffj';

describe('control characters are never printed raw', () => {
  it('visible() names each one and keeps ordinary text, accents and emoji', () => {
    expect(visible(HOSTILE)).toBe('a\\nb\\rc\\td\\u001b[31me\\u202ef\\u2028g\\u0000h\\u0085i\\ufeffj');
    expect(visible('Patient__c.Date_of_Birth__c — café 😀')).toBe('Patient__c.Date_of_Birth__c — café 😀');
    expect(hasUnsafe(HOSTILE)).toBe(true);
    expect(hasUnsafe('plain')).toBe(false);
  });

  it.each([
    ['terminal', termText],
    ['markdown', mdText],
    ['markdown code', (s: string) => mdCode(s)],
    ['html', htmlText],
    ['csv', csvCell],
    ['xml', xmlText]
  ])('%s output holds no raw control character', (_, fn) => {
    // eslint-disable-next-line no-control-regex
    expect(fn(HOSTILE)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028\ufeff]/);
  });
});

describe('Markdown', () => {
  it('cannot start a heading, list, quote or table row, open a link or image, or carry raw HTML', () => {
    // the newline is shown as \n (its backslash escaped, so Markdown renders it), never a line break
    const forged = '\n## 164.312(a)(2)(iv) Encryption: Pass';
    expect(mdText(forged)).toBe('\\\\n\\#\\# 164.312(a)(2)(iv) Encryption: Pass');
    expect(mdText('## x')).toBe('\\#\\# x');
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('--fail-on high')).toBe('--fail-on high');
    expect(mdText('164.312(b)')).toBe('164.312(b)');
    expect(mdText('1. item')).toBe('1\\. item');
    expect(mdText('> quote')).toBe('&gt; quote');
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('![x](http://evil/)')).toBe('!\\[x\\](http://evil/)');
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdText('**bold** `code` ~~s~~ & \\')).toBe('\\*\\*bold\\*\\* \\`code\\` \\~\\~s\\~\\~ &amp; \\\\');
  });

  it('keeps API names readable: underscores inside a name cannot open emphasis', () => {
    expect(mdText('PHI_Access_Log__c')).toBe('PHI_Access_Log__c');
    expect(mdText('_lead and trail_ __x__')).toBe('\\_lead and trail\\_ \\_\\_x\\_\\_');
  });

  it('code spans: a fence longer than any backtick run, pipes escaped in a table', () => {
    expect(mdCode('force-app/a.xml')).toBe('`force-app/a.xml`');
    expect(mdCode('a`b``c')).toBe('```a`b``c```');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('l1\nl2')).toBe('`l1\\nl2`');
  });
});

describe('HTML, XML, CSV', () => {
  it('HTML escapes markup and quotes', () => {
    expect(htmlText(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;'
    );
  });

  it('XML keeps our own line breaks in escapeXml, drops what XML 1.0 forbids; xmlText shows them', () => {
    expect(escapeXml('a\n<b>\u0001')).toBe('a\n&lt;b&gt;');
    expect(xmlText('a\n<b>\u0001')).toBe('a\\n&lt;b&gt;\\u0001');
  });

  it('CSV: one row per record, formulas defused, RFC 4180 quoting', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(7)).toBe('7');
    expect(csvCell('x\r\n=cmd')).toBe('x\\r\\n=cmd');
    expect(
      csvRows([
        ['h1', 'h2'],
        ['a\nb', 'c']
      ])
    ).toBe('h1,h2\r\na\\nb,c\r\n');
  });
});
