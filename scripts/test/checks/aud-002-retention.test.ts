import { historyRetentionPolicy } from '../../src/checks/aud-002-retention';
import { md, phiField, runCheck } from '../helpers/project';

const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };
const policy =
  '    <historyRetentionPolicy>\n        <archiveAfterMonths>18</archiveAfterMonths>\n        <archiveRetentionYears>10</archiveRetentionYears>\n    </historyRetentionPolicy>';

describe('AUD-002 history retention policy', () => {
  it('fires on a PHI object without one', () => {
    const { findings } = runCheck(historyRetentionPolicy, {
      ...field,
      'objects/Rx__c/Rx__c.object-meta.xml': md.object()
    });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'low', message: 'PHI object Rx__c has no historyRetentionPolicy' })
    ]);
  });

  it('passes with a policy', () => {
    const { result } = runCheck(historyRetentionPolicy, {
      ...field,
      'objects/Rx__c/Rx__c.object-meta.xml': md.object({}, policy)
    });
    expect(result.status).toBe('pass');
  });

  it('a malformed object file: not verified, never a pass', () => {
    expect(
      runCheck(historyRetentionPolicy, { ...field, 'objects/Rx__c/Rx__c.object-meta.xml': '<' }).result.status
    ).toBe('not-verified');
  });
});
