import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApexErrorListener, ApexParserFactory, type ApexToken } from '@apexdevtools/apex-parser';
import { lexApex } from '../../../src/apex/parse';
import { ApexLexer } from '../../../src/apex/lex';
import { lexApexFast, lexApexSignificantByLexer } from '../../../src/posture/source/apex/antlr-lex';
import { lexApexSignificant, type LexedToken } from '../../../src/posture/source/apex/lex';
import { isApexSource, listFiles } from '../../../src/project/files';
import { FIXTURES, REPO_ROOT } from '../../helpers/paths';

/**
 * The loader's in-place lexer must give exactly the tokens and errors of `lexApex` (ApexLexer over
 * antlr4's own CharStreams.fromString, the reference): type, channel, text, line, column and offsets.
 * The fact reader's variant (`lexApexSignificant`, by the direct scanner or ApexLexer, and
 * `lexApexSignificantByLexer`, by ApexLexer alone) gives the same without the whitespace tokens.
 */
const view = (tokens: LexedToken[]) =>
  tokens.map((t) => [t.type, t.channel, t.text, t.line, t.column, t.start, t.stop].join('|'));

function same(source: string) {
  const fast = lexApexFast(source);
  const ref = lexApex(source);
  expect(view(fast.tokens)).toEqual(view(ref.tokens));
  expect(fast.errors).toEqual(ref.errors);
  const refSignificant = view(ref.tokens.filter((t) => t.type !== ApexLexer.WS));
  for (const significant of [lexApexSignificant(source), lexApexSignificantByLexer(source)]) {
    expect(view(significant.tokens)).toEqual(refSignificant);
    expect(significant.errors).toEqual(ref.errors);
  }
  return fast;
}

/**
 * The package's own lexer, as its main entry builds it (ApexParserFactory.createLexer): `lexApex` builds the
 * lexer from the package's lexer-only entry points (src/apex/lex.ts), so that a verify run never loads the parser.
 */
function packageLex(source: string) {
  const errors: { line: number; column: number }[] = [];
  const lexer = ApexParserFactory.createLexer(source);
  lexer.addErrorListener(
    new (class extends ApexErrorListener {
      apexSyntaxError(line: number, column: number): void {
        errors.push({ line, column: column + 1 });
      }
    })()
  );
  return { tokens: lexer.getAllTokens() as ApexToken[], errors };
}

/** The Apex files under these folders (the project's own walk: no link followed). */
const apexFiles = (...dirs: string[]) => listFiles(dirs, isApexSource);

describe('the in-place Apex lexer', () => {
  it('lexes every Apex file of this repository and of the fixtures exactly as lexApex does', () => {
    const files = apexFiles(path.join(REPO_ROOT, 'force-app'), FIXTURES);
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) same(readFileSync(f, 'utf8'));
  });

  it.each([
    ['mixed-case keywords', 'PUBLIC With Sharing CLASS X { Void f() { INSERT new Account(); } }'],
    [
      'comments, blank lines and CRLF',
      '/* a\r\n b */\r\npublic class X {\r\n  // c\r\n  Integer i = 1;\r\n}\r\n'
    ],
    [
      'non-ASCII text inside the Basic Multilingual Plane',
      "public class X { String s = 'café ü ñ 漢字'; /* é */ }"
    ],
    ['a character above U+FFFF (a surrogate pair)', "public class X { String s = '😀'; Integer i = 1; }"],
    ['an unterminated string', "public class X { String s = 'abc; }"],
    ['an unknown character', 'public class X { Integer i = 1 # 2; }'],
    ['an empty source', ''],
    [
      'a trigger',
      'trigger T on Account (before insert) { for (Account a : Trigger.new) { a.Name = a.Name; } }'
    ]
  ])('matches lexApex on %s', (_name, source) => {
    const { tokens } = same(source);
    expect(tokens.length).toBe(lexApex(source).tokens.length);
  });

  it('lexApex gives the tokens and error positions of the package lexer (ApexParserFactory.createLexer)', () => {
    const sources = [
      ...apexFiles(path.join(REPO_ROOT, 'force-app'), FIXTURES).map((f) => readFileSync(f, 'utf8')),
      "public class X { String s = '😀'; Integer i = 1 # 2; String t = 'open; }",
      'PUBLIC With Sharing CLASS X { Void f() { INSERT new Account(); } }'
    ];
    for (const source of sources) {
      const ours = lexApex(source);
      const theirs = packageLex(source);
      expect(view(ours.tokens)).toEqual(view(theirs.tokens));
      expect(ours.errors.map(({ line, column }) => ({ line, column }))).toEqual(theirs.errors);
    }
  });

  it('reports a lexical error by position and kind only', () => {
    const { errors } = same("public class X {\n  String s = 'CANARY-PHI-7f3a;\n}");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line: 2, message: 'unrecognised character' });
    expect(JSON.stringify(errors)).not.toContain('CANARY');
  });
});
