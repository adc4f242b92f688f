import { lexApex, parseApex, syntaxErrorKind } from '../../src/apex/parse';
import { BROKEN_WITH_CANARY, CANARY, expectNoCanary } from '../helpers/canary';

describe('Apex parser layer: errors carry position and kind only', () => {
  it('maps every ANTLR message to its kind, dropping the quoted input', () => {
    expect(
      [
        `mismatched input '${CANARY}' expecting ';'`,
        `extraneous input '${CANARY}' expecting {<EOF>, 'class'}`,
        `missing ';' at '${CANARY}'`,
        `no viable alternative at input 'String s = ${CANARY}'`,
        `token recognition error at: '${CANARY}'`,
        `something else about '${CANARY}'`
      ].map(syntaxErrorKind)
    ).toEqual([
      'unexpected token',
      'unexpected extra token',
      'missing token',
      'unrecognised statement or expression',
      'unrecognised character',
      'syntax error'
    ]);
  });

  it('parses and lexes broken Apex without echoing the planted canary', () => {
    const parsed = parseApex(BROKEN_WITH_CANARY.apex, 'class');
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]).toMatchObject({ line: 3 });
    const lexed = lexApex(`public class X { String s = '${CANARY}\\q'; }`);
    expect(lexed.errors[0]).toMatchObject({ line: 1, message: 'unrecognised character' });
    expectNoCanary(JSON.stringify(parsed.errors), JSON.stringify(lexed.errors));
    expect(JSON.stringify(parsed.errors)).not.toContain(CANARY.replace(/-/g, '_'));
  });

  it('accepts valid classes and triggers', () => {
    expect(parseApex('public class X { void f() { Integer i = 1; } }', 'class').errors).toEqual([]);
    expect(parseApex('trigger T on Account (before insert) { }', 'trigger').errors).toEqual([]);
  });
});
