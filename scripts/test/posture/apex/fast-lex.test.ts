import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, prng, SIZES } from '../../../bench/generate';
import { generateApexHeavy } from '../../../bench/apex-heavy';
import { ApexLexer, lexApex } from '../../../src/apex/lex';
import { scanApexSignificant, type ScannedToken } from '../../../src/posture/source/apex/fast-lex';
import { lexApexSignificant, type LexedToken } from '../../../src/posture/source/apex/lex';
import { isApexSource, listFiles } from '../../../src/project/files';
import { FIXTURES, REPO_ROOT } from '../../helpers/paths';

/**
 * The direct scanner is held to ApexLexer (the apex-parser package's generated lexer, over antlr4's own
 * CharStreams.fromString: `lexApex`), never to our reading of the grammar: for every source it either gives up
 * (`undefined`) or gives exactly ApexLexer's tokens less the whitespace, with the same type, channel, text, line,
 * column and offsets. A source ApexLexer finds an error in is one it must give up on.
 */
const view = (tokens: LexedToken[]) =>
  tokens.map((t) => [t.type, t.channel, t.text, t.line, t.column, t.start, t.stop].join('|'));

function reference(source: string) {
  const { tokens, errors } = lexApex(source);
  return { tokens: view(tokens.filter((t) => t.type !== ApexLexer.WS)), errors };
}

/** The scanner's answer for `source` against the reference: 'scanned' (and equal) or 'gave up'. */
function judge(source: string): 'scanned' | 'gave up' {
  const scanned = scanApexSignificant(source);
  const ref = reference(source);
  // Whichever way it goes, the loader's lexer gives the reference tokens and errors.
  const loader = lexApexSignificant(source);
  expect(view(loader.tokens)).toEqual(ref.tokens);
  expect(loader.errors).toEqual(ref.errors);
  if (!scanned) return 'gave up';
  expect(ref.errors).toEqual([]);
  expect(view(scanned)).toEqual(ref.tokens);
  // Each scanned token is already the fact reader's token: lower-cased text, text as written, 1-based column.
  const asTok = (t: ScannedToken) => [t.raw, t.col, t.t].join('|');
  expect(scanned.map(asTok)).toEqual(
    scanned.map((t) =>
      [t.text, t.column + 1, t.channel === ApexLexer.COMMENT_CHANNEL ? t.text : t.text.toLowerCase()].join(
        '|'
      )
    )
  );
  return 'scanned';
}

/** The Apex files under these folders (the project's own walk: no link followed). */
const apexFiles = (...dirs: string[]) => listFiles(dirs, isApexSource);

const repoSources = () =>
  apexFiles(path.join(REPO_ROOT, 'force-app'), FIXTURES).map((f) => readFileSync(f, 'utf8'));

describe('the direct Apex scanner', () => {
  it("scans this repository's and the fixtures' Apex exactly as ApexLexer lexes it, and gives up on few", () => {
    const sources = repoSources();
    expect(sources.length).toBeGreaterThan(20);
    const verdicts = sources.map(judge);
    const scanned = verdicts.filter((v) => v === 'scanned').length;
    // The fixtures hold deliberately broken classes; the rest must not fall back.
    expect(scanned / sources.length).toBeGreaterThan(0.9);
  });

  it("scans the bench generators' classes (large and Apex-heavy projects) exactly, giving up on none", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phi-guard-fast-lex-'));
    try {
      generate(
        path.join(dir, 'small'),
        SIZES.find((s) => s.name === 'small')!
      );
      generateApexHeavy(path.join(dir, 'heavy'), { classes: 20, metadataFiles: 20 });
      const sources = apexFiles(dir).map((f) => readFileSync(f, 'utf8'));
      expect(sources.length).toBeGreaterThanOrEqual(70);
      for (const s of sources) expect(judge(s)).toBe('scanned');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'keywords in any case, and identifiers with $ and _',
      'PUBLIC With Sharing CLASS $x { Void _f() { INSERT x; } }'
    ],
    [
      'a currency literal (three letters and digits) and identifiers that are not',
      'x = USD100 + abc1_ + ab12 + abcd1;'
    ],
    [
      'System.runAs, also glued to a longer name',
      'System.runAs(u) { } SYSTEM.RUNAS(u); System.runAsUser(u); System.run(u);'
    ],
    [
      'numbers: integer, long, decimal, leading dot, suffixes',
      'x = 10 + 10L + 10l + 1.5 + 1.5d + 1.5D + .5 + 1..5 + 1.x + 10d + 3.2days;'
    ],
    [
      'operators, longest first',
      'a ?. b ?? c === d !== e <> f => g <<= h >>= i >>>= j << k >> l && m || n += o -= p *= q /= r &= s |= t ^= u;'
    ],
    ['escapes in strings', "s = '\\u00e9\\u00E9 \\n \\t \\' \\\\ \\b \\f \\r \\\"';"],
    ['strings: empty, adjacent and spanning lines', "s = '' + 'a''b' + 'one\ntwo\r\nthree';"],
    ['comments: doc, block, line, CRLF', '/** doc */ /*** stars ***/ /* a\r\n b */ x; // end\r\ny; // last'],
    [
      'inline SOQL with a date function and binds',
      '[SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:30 AND Id IN :ids LIMIT 10]'
    ],
    [
      'annotations, booleans and null',
      '@IsTest(SeeAllData=false) static void t() { Boolean b = TRUE || false; Object o = NULL; }'
    ],
    ['non-ASCII inside strings and comments only', "/* café */ String s = 'naïve ü 漢字'; // ñ"],
    ['an empty source', ''],
    ['whitespace only', ' \r\n\t\f '],
    ['form feeds and tabs', '\f\tclass\fX\t{ }'],
    ['a trigger', 'trigger T on Account (before insert, after update) { for (Account a : Trigger.new) { } }']
  ])('matches ApexLexer on %s', (_name, source) => {
    expect(judge(source)).toBe('scanned');
  });

  it.each([
    ['a date literal', '[SELECT Id FROM A WHERE d = 2020-01-31]'],
    ['a time literal', 'x = 10:30:00Z;'],
    ['a SOSL FIND literal', "[FIND 'term' IN ALL FIELDS]"],
    ['a SOSL FIND literal in braces', '[ find {term} RETURNING Account]'],
    ['a multi-line string', "s = '''\nline\n''';"],
    ['the comment rules overlapping', '/**/ x; /* y */'],
    ['an unterminated string', "s = 'open;"],
    ['an unterminated comment', 'x; /* open'],
    ['an escape ApexLexer does not know', "s = '\\q';"],
    ['a character no rule takes', 'x = 1 # 2; y = 5 % 2;'],
    ['a double-quoted string', 's = "no";'],
    ['a non-ASCII identifier', 'Integer café = 1;'],
    ['a word running into a non-ASCII character', 'Integer x\u00e9 = 1;'],
    ['a surrogate pair', "s = '😀';"]
  ])('gives up on %s, and the loader lexes it with ApexLexer', (_name, source) => {
    expect(judge(source)).toBe('gave up');
  });

  it('either gives up on or matches ApexLexer on 1,500 mutated sources', () => {
    const rnd = prng(2026);
    const sources = repoSources().filter((s) => s.length > 200);
    const pieces = [
      "'",
      "''",
      "'''",
      '\\',
      '\\u',
      '\\u00e9',
      '/*',
      '*/',
      '/**',
      '//',
      '\n',
      '\r\n',
      '.',
      '..',
      '1',
      '2020-',
      '12:',
      'L',
      'd',
      '-',
      ':',
      '[',
      '[find ',
      ']',
      '{',
      '}',
      '?',
      '?.',
      '=',
      '<',
      '>',
      '>>',
      '!',
      '@',
      '$',
      '_',
      'é',
      '#',
      '%',
      '"',
      '\t',
      '\f',
      'abc1',
      'System.runAs',
      'select',
      ' '
    ];
    const verdicts = { scanned: 0, 'gave up': 0 };
    for (let n = 0; n < 1500; n++) {
      let s = sources[Math.floor(rnd() * sources.length)]!;
      const start = Math.floor(rnd() * (s.length - 200));
      s = s.slice(start, start + 200);
      for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
        const at = Math.floor(rnd() * s.length);
        s =
          rnd() < 0.8
            ? s.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + s.slice(at)
            : s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 5));
      }
      verdicts[judge(s)]++;
    }
    // Both ways are exercised: the mutations neither all break the source nor all leave it alone.
    expect(verdicts.scanned).toBeGreaterThan(200);
    expect(verdicts['gave up']).toBeGreaterThan(200);
  });
});
