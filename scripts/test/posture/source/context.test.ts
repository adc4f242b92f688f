import { detached } from '../../../src/posture/source/context';

/**
 * `detached`: what the snapshot keeps from a file is the same text, whatever its length (V8 shares the memory of a
 * substring of 13 characters and more with the file it was cut from; the copy must not change the text).
 */
describe('detached', () => {
  it('returns the same text: absent, short, long, and non-ASCII', () => {
    const file = `<label>${'Patient Intake Coordinator é ✓'.repeat(3)}</label>`;
    const long = file.slice(7, -8);
    expect(detached(undefined)).toBeUndefined();
    expect(detached('')).toBe('');
    expect(detached('Read')).toBe('Read');
    expect(detached(long)).toBe(long);
    expect(detached(long).length).toBe(long.length);
    expect(detached('Patient_MRN__c')).toBe('Patient_MRN__c');
  });
});
