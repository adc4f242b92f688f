import { loadProfile } from '../../emulator/profiles/index';
import { runSoql } from '../../emulator/soql/evaluate';
import { SoqlError } from '../../emulator/soql/parser';
import type { OrgState } from '../../emulator/state';

const NOW = new Date('2026-11-26T09:00:00Z');
let state: OrgState;
beforeAll(() => {
  state = loadProfile('compliant', { now: NOW });
});

const q = (soql: string, tooling = false) => runSoql(soql, { state, tooling, apiVersion: '63.0', now: NOW });
const names = (soql: string) => q(soql).records.map((r) => r.Name);
function error(soql: string, tooling = false): SoqlError {
  try {
    q(soql, tooling);
  } catch (e) {
    if (e instanceof SoqlError) return e;
    throw e;
  }
  throw new Error(`expected an error for ${soql}`);
}

describe('SOQL evaluator: comparison operators', () => {
  it('= on strings is case-insensitive, != includes nulls', () => {
    expect(names("SELECT Name FROM User WHERE Name = 'ada admin'")).toEqual(['Ada Admin']);
    const notAda = names("SELECT Name FROM User WHERE Name != 'Ada Admin'");
    expect(notAda).toHaveLength(8);
    expect(q('SELECT Id FROM User WHERE FirstName != null').totalSize).toBe(8);
    expect(q('SELECT Id FROM User WHERE FirstName = null').totalSize).toBe(1);
  });
  it('<, >, <=, >= on numbers and strings', () => {
    expect(q('SELECT Id FROM PHI_Access_Log__c WHERE Sequence__c > 490').totalSize).toBe(10);
    expect(q('SELECT Id FROM PHI_Access_Log__c WHERE Sequence__c >= 490').totalSize).toBe(11);
    expect(q('SELECT Id FROM PHI_Access_Log__c WHERE Sequence__c < 3').totalSize).toBe(2);
    expect(q('SELECT Id FROM PHI_Access_Log__c WHERE Sequence__c <= 3').totalSize).toBe(3);
    expect(names("SELECT Name FROM User WHERE Name < 'B' ORDER BY Name")).toEqual(['Ada Admin']);
  });
  it('IN and NOT IN, with literals and a semi-join', () => {
    expect(names("SELECT Name FROM User WHERE Alias IN ('aadmin', 'fform') ORDER BY Name")).toEqual([
      'Ada Admin',
      'Fred Former'
    ]);
    expect(q("SELECT Id FROM User WHERE Alias NOT IN ('aadmin', 'fform')").totalSize).toBe(7);
    const clinical = q(
      "SELECT Name FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'PHI_Clinical_Staff') ORDER BY Name"
    );
    expect(clinical.records.map((r) => r.Name)).toEqual(['Carl Clinician', 'Paula Pharmacist']);
  });
  it('LIKE with % and _', () => {
    expect(names("SELECT Name FROM User WHERE Username LIKE 'support_@%' ORDER BY Name")).toEqual([
      'Sam Support',
      'Sue Support'
    ]);
  });
  it('AND, OR, NOT and parentheses', () => {
    expect(
      q("SELECT Id FROM User WHERE IsActive = true AND (Alias = 'aadmin' OR Alias = 'ppharm')").totalSize
    ).toBe(2);
    expect(q('SELECT Id FROM User WHERE NOT (IsActive = true)').totalSize).toBe(1);
    expect(q("SELECT Id FROM User WHERE IsActive = false OR UserType = 'Guest'").totalSize).toBe(2);
  });
  it('booleans, null, date-time and date literals', () => {
    expect(q('SELECT Id FROM User WHERE IsActive = false').totalSize).toBe(1);
    expect(q('SELECT Id FROM User WHERE LastLoginDate = null').totalSize).toBe(1);
    expect(q('SELECT Id FROM User WHERE LastLoginDate > 2026-11-01T00:00:00Z').totalSize).toBe(7);
    expect(q('SELECT Id FROM User WHERE LastLoginDate = LAST_N_DAYS:2').totalSize).toBe(4);
    expect(q('SELECT Id FROM User WHERE LastLoginDate < LAST_N_DAYS:90').totalSize).toBe(1);
    expect(q('SELECT Id FROM EventLogFile WHERE LogDate = YESTERDAY').totalSize).toBe(8);
  });
});

describe('SOQL evaluator: relationships, aggregates, ordering, paging clauses', () => {
  it('returns relationship paths as nested records with attributes', () => {
    const r = q("SELECT Name, Profile.Name FROM User WHERE Alias = 'aadmin'").records[0] as Record<
      string,
      unknown
    >;
    expect(r.attributes).toEqual({
      type: 'User',
      url: expect.stringMatching(/^\/services\/data\/v63\.0\/sobjects\/User\/005\w{15}$/)
    });
    expect(r.Profile).toEqual({
      attributes: { type: 'Profile', url: expect.stringMatching(/\/sobjects\/Profile\/00e/) },
      Name: 'System Administrator'
    });
  });
  it('a null relationship is null', () => {
    const r = q('SELECT Name, SelfRegProfile.Name FROM Network').records[0] as Record<string, unknown>;
    expect(r.SelfRegProfile).toBeNull();
  });
  it('COUNT() gives totalSize and no records', () => {
    const r = q('SELECT COUNT() FROM User WHERE IsActive = true');
    expect(r.totalSize).toBe(8);
    expect(r.records).toEqual([]);
  });
  it('COUNT(Id) with alias, GROUP BY, MAX/MIN, expr0 naming', () => {
    const r = q(
      'SELECT PermissionSetId, COUNT(Id) n FROM PermissionSetAssignment WHERE Assignee.IsActive = true GROUP BY PermissionSetId'
    );
    expect(r.records.every((x) => (x.attributes as { type: string }).type === 'AggregateResult')).toBe(true);
    expect(r.records.reduce((a, x) => a + (x.n as number), 0)).toBe(14);
    const m = q('SELECT MAX(Sequence__c), MIN(Sequence__c) FROM PHI_Access_Log__c').records[0];
    expect(m).toEqual({ attributes: { type: 'AggregateResult' }, expr0: 500, expr1: 1 });
    const byType = q(
      'SELECT EventType, MAX(LogDate) last FROM EventLogFile GROUP BY EventType ORDER BY EventType'
    );
    expect(byType.records[0]).toEqual({
      attributes: { type: 'AggregateResult' },
      EventType: 'API',
      last: '2026-11-25T00:00:00.000+0000'
    });
  });
  it('ORDER BY ASC/DESC with NULLS, LIMIT and OFFSET', () => {
    expect(names('SELECT Name FROM User ORDER BY LastLoginDate DESC NULLS LAST LIMIT 1')).toHaveLength(1);
    const all = names('SELECT Name FROM User ORDER BY Name');
    expect(names('SELECT Name FROM User ORDER BY Name LIMIT 2 OFFSET 3')).toEqual(all.slice(3, 5));
    expect(names('SELECT Name FROM User ORDER BY Name DESC')).toEqual([...all].reverse());
    expect(names('SELECT Name FROM User ORDER BY LastLoginDate NULLS FIRST LIMIT 1')).toEqual([
      'Patient Portal Site Guest User'
    ]);
  });
});

describe('SOQL evaluator: errors an org gives', () => {
  it('unknown object is INVALID_TYPE, unknown field INVALID_FIELD, bad syntax MALFORMED_QUERY', () => {
    expect(error('SELECT Id FROM Nope__c').errorCode).toBe('INVALID_TYPE');
    expect(error('SELECT Id FROM Nope__c').message).toContain("sObject type 'Nope__c' is not supported");
    const f = error('SELECT Bogus FROM User');
    expect(f.errorCode).toBe('INVALID_FIELD');
    expect(f.message).toContain("No such column 'Bogus' on entity 'User'");
    expect(f.message).toContain('ERROR at Row:1:Column:8');
    expect(error('SELECT Id FROM User WHERE').errorCode).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User HAVING COUNT(Id) > 1').errorCode).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id, (SELECT Id FROM Users) FROM Profile').errorCode).toBe('MALFORMED_QUERY');
    expect(error("SELECT Id FROM User WHERE IsActive = 'true'").errorCode).toBe('INVALID_FIELD');
    expect(error('SELECT Name, COUNT(Id) FROM User GROUP BY IsActive').errorCode).toBe('MALFORMED_QUERY');
  });
  it('Tooling objects only exist on the Tooling endpoint and vice versa', () => {
    expect(error('SELECT Id FROM CustomField').errorCode).toBe('INVALID_TYPE');
    expect(error('SELECT Id FROM LoginHistory', true).errorCode).toBe('INVALID_TYPE');
  });
  it('Tooling restrictions on FieldDefinition and EntityDefinition', () => {
    const e = error('SELECT QualifiedApiName FROM FieldDefinition', true);
    expect(e.message).toContain('FieldDefinition: a filter on a reified column is required');
    expect(error('SELECT COUNT() FROM EntityDefinition', true).errorCode).toBe('MALFORMED_QUERY');
    expect(
      error("SELECT Id FROM EntityDefinition WHERE QualifiedApiName = 'A' OR QualifiedApiName = 'B'", true)
        .errorCode
    ).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM EntityDefinition WHERE NOT (IsCustomizable = true)', true).errorCode).toBe(
      'MALFORMED_QUERY'
    );
    expect(error('SELECT Id FROM EntityDefinition LIMIT 5 OFFSET 1', true).errorCode).toBe('MALFORMED_QUERY');
    expect(
      q(
        "SELECT QualifiedApiName FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'Contact'",
        true
      ).totalSize
    ).toBe(10);
  });
  it('Metadata and FullName only for a one-row result', () => {
    const e = error('SELECT Id, Metadata FROM CustomField', true);
    expect(e.message).toContain('no more than one row');
    const one = q("SELECT Id, Metadata FROM CustomField WHERE FullName = 'Contact.Allergies__c'", true)
      .records[0];
    expect((one?.Metadata as Record<string, unknown>).encryptionScheme).toBe('ProbabilisticEncryption');
  });
  it('SetupAuditTrail supports only count() among aggregates', () => {
    expect(q('SELECT COUNT() FROM SetupAuditTrail').totalSize).toBe(2);
    expect(error('SELECT Action, COUNT(Id) FROM SetupAuditTrail GROUP BY Action').errorCode).toBe(
      'MALFORMED_QUERY'
    );
  });
});
