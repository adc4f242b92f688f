import { apexFacts } from '../../../src/posture/source/apex-facts';
import { BROKEN_WITH_CANARY, expectNoCanary } from '../../helpers/canary';

const err = (src: string, file = 'classes/X.cls') => apexFacts(file, file, src).parseError;
const body = (s: string) => `public with sharing class X {\n    void f() {\n${s}\n    }\n}\n`;

describe('Apex syntax checks without the parser', () => {
  it.each([
    [
      'a lost semicolon between statements',
      body('        Integer i = 0\n        i++;'),
      4,
      'unexpected token'
    ],
    ['a lost semicolon before a closing brace', body('        insert new Account()'), 3, 'missing token'],
    ['an assignment with nothing to assign', body('        Integer x = ;'), 3, 'unexpected token'],
    ['two values side by side', body('        String s = a b;'), 3, 'unexpected token'],
    ['a missing closing brace', 'public class X {\n    void f() {\n    }\n', 3, 'unbalanced brackets'],
    ['a stray closing parenthesis', body('        f());'), 3, 'unbalanced brackets'],
    ['an unterminated string', body("        String s = 'abc;"), 3, 'unrecognised character'],
    ['no class at all', 'Integer i = 0;\n', 1, 'no class declaration']
  ])('finds %s, by line and kind', (_name, src, line, message) => {
    expect(err(src)).toMatchObject({ line, message });
  });

  it('never echoes the text at the error (canary)', () => {
    const e = err(BROKEN_WITH_CANARY.apex);
    expect(e).toMatchObject({ line: 3, message: 'unexpected token' });
    expectNoCanary(JSON.stringify(e));
  });

  it('accepts valid code that looks odd to a token pass', () => {
    const ok = `@RestResource(urlMapping='/x/*')
global with sharing class X {
    public enum Color { RED, GREEN }
    @InvocableMethod(label='Go' description='Runs it')
    public static void f(List<Id> ids) {
        Map<String, Integer> m = new Map<String, Integer>{ 'a' => 1, 'b' => 2 };
        List<String> xs = new List<String>{ 'a', 'b' };
        String[] arr = new String[]{ 'x' };
        Integer n = (Integer) m.get('a');
        List<List<SObject>> r = [FIND 'x' IN ALL FIELDS RETURNING Account(Name)];
        List<Account> a = [SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Name = 'x' LIMIT 1];
        switch on n { when 1 { n++; } when else { n--; } }
        Boolean b = n instanceof Integer ? true : false;
        do { n--; } while (n > 0);
        try { insert a; } catch (DmlException e) { throw e; } finally { n = 0; }
    }
    public String p { get; private set; }
    static { Integer z = 1; }
}
`;
    expect(err(ok)).toBeUndefined();
    expect(
      err(
        'trigger T on Account (before insert) {\n    for (Account a : Trigger.new) { a.Name = a.Name; }\n}\n',
        'triggers/T.trigger'
      )
    ).toBeUndefined();
  });
});
