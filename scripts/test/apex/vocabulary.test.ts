import ApexLexer from '@apexdevtools/apex-parser/antlr/ApexLexer';
import { ApexTokens, apexKind } from '../../src/apex/vocabulary';

/**
 * The vocabulary is a copy of the installed ApexLexer's (so a verify run need not load antlr4 to know a token type):
 * every entry must equal the generated lexer's own, so an apex-parser upgrade that renumbers a token or changes a
 * keyword fails here.
 */
describe("ApexLexer's vocabulary, as the fact reader keeps it", () => {
  it("equals the installed ApexLexer's token types and channels, name by name", () => {
    const lexer = ApexLexer as unknown as Record<string, unknown>;
    const entries = Object.entries(ApexTokens).filter(([k]) => k !== 'literalNames');
    expect(entries.length).toBeGreaterThan(15);
    for (const [name, value] of entries) expect([name, value]).toEqual([name, lexer[name]]);
  });

  it("equals the installed ApexLexer's literal names, in rule order", () => {
    expect(ApexTokens.literalNames).toEqual(ApexLexer.literalNames);
    expect(ApexTokens.literalNames.length).toBeGreaterThan(200);
  });

  it('tells a trigger from a class by its suffix', () => {
    expect(apexKind('force-app/main/default/triggers/T.trigger')).toBe('trigger');
    expect(apexKind('force-app/main/default/classes/C.cls')).toBe('class');
  });
});
