import { ALLOW_LIST, ALLOW_TYPES } from '../../src/metadata/allow-list';
import { SEMANTIC_RULES } from '../../src/metadata/rules';
import { validateNode, type MetadataProblem } from '../../src/metadata/validate';
import { parseXml } from '../../src/posture/xml';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const CANARY = 'CANARY-PHI-7f3a';

function check(type: string, xml: string, root = type): MetadataProblem[] {
  const out: MetadataProblem[] = [];
  validateNode(parseXml(`<?xml version="1.0"?>\n<${root} ${NS}>\n${xml}\n</${root}>`), type, 'f.xml', out);
  return out;
}
const brief = (ps: MetadataProblem[]) => ps.map((p) => [p.line, p.path, p.kind]);

describe('validateNode: one file against the published types', () => {
  it('accepts a valid file', () => {
    expect(
      check(
        'Settings',
        '<sessionSettings>\n<sessionTimeout>FifteenMinutes</sessionTimeout>\n<requireHttpOnly>true</requireHttpOnly>\n</sessionSettings>',
        'SecuritySettings'
      )
    ).toEqual([]);
  });

  it('flags an unknown element with file, line and element path', () => {
    const ps = check(
      'Settings',
      '<sessionSettings>\n<enableXssProtection>true</enableXssProtection>\n</sessionSettings>',
      'SecuritySettings'
    );
    expect(brief(ps)).toEqual([
      [4, 'SecuritySettings/sessionSettings/enableXssProtection', 'unknown-element']
    ]);
    expect(ps[0]!.file).toBe('f.xml');
    expect(ps[0]!.message).toContain('SessionSettings has no such field');
  });

  it('flags an enum value outside the published set, and names the set, not the value', () => {
    const ps = check(
      'ExternalCredential',
      `<externalCredentialParameters>\n<parameterName>S</parameterName>\n<parameterType>AuthProviderScope</parameterType>\n</externalCredentialParameters>`
    );
    expect(brief(ps)).toEqual([[5, 'ExternalCredential/externalCredentialParameters/parameterType', 'enum']]);
    expect(ps[0]!.message).toContain('ExternalCredentialParamType');
    expect(ps[0]!.message).not.toContain('AuthProviderScope');
  });

  it('flags booleans and numbers that are not', () => {
    const ps = check(
      'CustomField',
      '<fullName>A__c</fullName>\n<length>ten</length>\n<required>yes</required>\n<type>Text</type>'
    );
    expect(brief(ps)).toEqual([
      [4, 'CustomField/length', 'number'],
      [5, 'CustomField/required', 'boolean']
    ]);
  });

  it('accepts an empty element as "not set" (retrieved source carries them)', () => {
    expect(check('CustomField', '<fullName>A__c</fullName>\n<length></length>\n<type/>')).toEqual([]);
  });

  it('flags wrong nesting both ways', () => {
    const ps = check('CustomObject', '<label><text>x</text></label>\n<nameField>Name</nameField>');
    expect(brief(ps)).toEqual([
      [3, 'CustomObject/label', 'nesting'],
      [4, 'CustomObject/nameField', 'nesting']
    ]);
  });

  it('checks nested and repeated elements (every fieldPermissions entry)', () => {
    const fp = (e: string) =>
      `<fieldPermissions>\n<editable>${e}</editable>\n<field>X__c.A__c</field>\n<readable>true</readable>\n</fieldPermissions>`;
    const ps = check('PermissionSet', `<label>L</label>\n${fp('false')}\n${fp('maybe')}`);
    expect(brief(ps)).toEqual([[10, 'PermissionSet/fieldPermissions/editable', 'boolean']]);
  });

  it('rejects a root element that is not the type SDR maps the file to', () => {
    expect(brief(check('CustomField', '<label>x</label>', 'CustomObject'))).toEqual([
      [2, 'CustomObject', 'root']
    ]);
    expect(brief(check('CustomField', '<label>x</label>', 'NoSuchType'))).toEqual([
      [2, 'NoSuchType', 'root']
    ]);
  });

  it('never copies a value from the file into a problem (canary)', () => {
    const ps = [
      ...check('PermissionSet', `<label>L</label>\n<patientNote>${CANARY} Jane Roe</patientNote>`),
      ...check(
        'CustomField',
        `<fullName>A__c</fullName>\n<type>${CANARY}</type>\n<required>${CANARY}</required>`
      ),
      ...check('CustomObject', `<label><b>${CANARY}</b></label>`),
      ...check(
        'SharingSet',
        `<accessMappings>\n<accessLevel>Read</accessLevel>\n<object>Order</object>\n<objectField>X</objectField>\n<userField>${CANARY}</userField>\n</accessMappings>\n<name>N</name>`
      )
    ];
    expect(ps).toHaveLength(5);
    expect(JSON.stringify(ps)).not.toContain(CANARY);
  });
});

describe('semantic rules (the reference, where the WSDL cannot say it)', () => {
  const policy = (days: string) =>
    check(
      'CustomObject',
      `<historyRetentionPolicy>\n<archiveAfterMonths>6</archiveAfterMonths>\n<archiveRetentionYears>10</archiveRetentionYears>\n<gracePeriodDays>${days}</gracePeriodDays>\n</historyRetentionPolicy>`
    );

  it('HistoryRetentionPolicy gracePeriodDays is 0 to 10', () => {
    expect(policy('10')).toEqual([]);
    expect(policy('0')).toEqual([]);
    const ps = policy('30');
    expect(brief(ps)).toEqual([[6, 'CustomObject/historyRetentionPolicy/gracePeriodDays', 'rule']]);
    expect(ps[0]!.url).toMatch(/^https:\/\/developer\.salesforce\.com\/.*historyretentionpolicy/);
    expect(brief(policy('-1'))).toHaveLength(1);
    expect(brief(policy('2.5'))).toHaveLength(1);
  });

  const mapping = (userField: string) =>
    check(
      'SharingSet',
      `<accessMappings>\n<accessLevel>Read</accessLevel>\n<object>Prescription__c</object>\n<objectField>Patient__c</objectField>\n<userField>${userField}</userField>\n</accessMappings>\n<name>N</name>\n<profiles>Customer Community User</profiles>`
    );

  it('SharingSet userField is one of the documented values', () => {
    for (const ok of ['Account', 'Contact', 'Contact.RelatedAccount', 'Manager.Account', 'Manager.Contact'])
      expect(mapping(ok)).toEqual([]);
    expect(brief(mapping('ContactId'))).toEqual([[7, 'SharingSet/accessMappings/userField', 'rule']]);
  });

  it('a transaction security notification names its recipient', () => {
    const tsp = (user: string) =>
      check(
        'TransactionSecurityPolicy',
        `<action>\n<block>true</block>\n<notifications>\n<inApp>true</inApp>\n<sendEmail>false</sendEmail>${user}\n</notifications>\n</action>\n<active>true</active>`
      );
    expect(brief(tsp(''))).toEqual([[5, 'TransactionSecurityPolicy/action/notifications', 'rule']]);
    expect(tsp('\n<user>admin@example.com</user>')).toEqual([]);
  });

  it('every rule and allow-list entry carries a Salesforce reference link', () => {
    for (const e of [...SEMANTIC_RULES, ...ALLOW_LIST, ...ALLOW_TYPES])
      expect(e.url).toMatch(/^https:\/\/developer\.salesforce\.com\/docs\//);
  });
});

describe('allow-list (published types lagging the reference)', () => {
  it('accepts a documented field the types lack, still checking its value type', () => {
    expect(
      check(
        'CustomField',
        '<fullName>G__c</fullName>\n<displayLocationInDecimal>true</displayLocationInDecimal>\n<type>Location</type>'
      )
    ).toEqual([]);
    expect(
      brief(
        check(
          'CustomField',
          '<fullName>G__c</fullName>\n<displayLocationInDecimal>nope</displayLocationInDecimal>'
        )
      )
    ).toEqual([[4, 'CustomField/displayLocationInDecimal', 'boolean']]);
  });

  it('treats LWC targetConfigs as the configuration file it is', () => {
    expect(
      check(
        'LightningComponentBundle',
        '<apiVersion>64.0</apiVersion>\n<targetConfigs>\n<targetConfig targets="lightning__RecordPage"><objects><object>Contact</object></objects></targetConfig>\n</targetConfigs>'
      )
    ).toEqual([]);
  });
});
