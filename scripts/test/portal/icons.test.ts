import { readFileSync } from 'node:fs';
import path from 'node:path';
import { iconList, iconNamesIn, iconTableCategory, iconTableModule, MISSING_ICON } from '../../portal/icons';
import { REPO_ROOT } from '../../portal/paths';

/**
 * The icon subset's parts that need no compiler: which names a module's code asks for, and the cut-down table.
 * The whole build is proved by rendering.test.ts (the bundle holds exactly the icons named) and every browser test
 * (a page asking for a missing icon fails its test).
 */

const LBC = path.join(REPO_ROOT, 'node_modules', 'lightning-base-components', 'src', 'lightning');
const table = (category: string) =>
  path.join(LBC, `iconSvgTemplates${category}`, 'buildTemplates', 'templates.js');

describe('the portal icon subset', () => {
  it('recognises the five left-to-right icon tables only', () => {
    expect(iconTableCategory(table('Utility'))).toBe('utility');
    expect(iconTableCategory(table('Doctype'))).toBe('doctype');
    expect(
      iconTableCategory(path.join(LBC, 'iconSvgTemplatesUtility', 'iconSvgTemplatesUtility.js'))
    ).toBeUndefined();
    expect(iconTableCategory(path.join(LBC, 'icon', 'icon.js'))).toBeUndefined();
  });

  it('finds every whole `category:name` literal, with the first module naming it; skips the tables', () => {
    const names = iconNamesIn(
      [
        {
          id: path.join(REPO_ROOT, 'c', 'a.js'),
          code: 'x = { "icon-name": "utility:close" }; y = `standard:user`;'
        },
        { id: '\0phi-guard-portal:@phi-guard/site', code: "z = 'utility:close'; w = 'custom:custom11';" },
        { id: table('Utility'), code: '"utility:account"' },
        {
          id: path.join(REPO_ROOT, 'c', 'b.js'),
          code: '"utility:close and more"; "see utility:info"; "http://x:y"'
        },
        { id: path.join(REPO_ROOT, 'c', 'c.js'), code: null }
      ],
      REPO_ROOT
    );
    expect(names.get('utility')).toEqual(new Map([['close', 'c/a.js']]));
    expect(names.get('standard')).toEqual(new Map([['user', 'c/a.js']]));
    expect(names.get('custom')).toEqual(new Map([['custom11', 'phi-guard-portal:@phi-guard/site']]));
    expect(iconList(names)).toEqual(['custom:custom11', 'standard:user', 'utility:close']);
  });

  it.each([['"utility:" + name'], ['`standard:${name}`'], ["'action:'+x"]])(
    'fails the build, naming the module, when a module builds a name at run time: %s',
    (code) => {
      expect(() => iconNamesIn([{ id: path.join(REPO_ROOT, 'c', 'd.js'), code }], REPO_ROOT)).toThrow(
        "c/d.js builds an icon name at run time; the preview's icon subset cannot hold it"
      );
    }
  );

  it("cuts LBC's own table to the wanted icons, each from its own template file", () => {
    const code = iconTableModule(
      'utility',
      new Map([
        ['warning', 'c/a.js'],
        ['close', 'c/b.js']
      ]),
      readFileSync(table('Utility'), 'utf8')
    );
    expect(code.match(/^import .*$/gm)).toEqual([
      `import { default as utility_close } from "./utility/close.html";`,
      `import { default as utility_warning } from "./utility/warning.html";`
    ]);
    expect(code).toContain('const templates = { utility_close, utility_warning };');
  });

  it('fails the build naming the icon and the module when the library does not have it', () => {
    expect(() =>
      iconTableModule(
        'standard',
        new Map([['medicaton', 'c/header.html']]),
        readFileSync(table('Standard'), 'utf8')
      )
    ).toThrow(
      'c/header.html names the icon standard:medicaton, which lightning-base-components does not have'
    );
  });

  it('the table logs a console error for an icon it lacks, and answers other reads quietly', () => {
    const code = iconTableModule('utility', new Map(), '').replace('export default ', 'return ');
    const logged: string[] = [];
    const proxy = new Function('console', code)({ error: (line: string) => logged.push(line) }) as Record<
      string,
      unknown
    >;
    expect(proxy.utility_add_above).toBeUndefined();
    expect(proxy.then).toBeUndefined();
    expect(proxy.standard_user).toBeUndefined();
    expect(logged).toEqual([`<lightning-primitive-icon> utility:add_above ${MISSING_ICON}`]);
  });
});
