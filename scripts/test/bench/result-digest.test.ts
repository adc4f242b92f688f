import { resultDigest } from '../../bench/result-digest';

/** The bench compares verify's result on the fast and the reference path by this digest and these lines. */
const result = (generatedAt: string, line: number) =>
  JSON.stringify({
    status: 1,
    result: {
      generatedAt,
      findings: [
        {
          checkId: 'APX-002',
          location: { file: 'force-app/main/default/classes/A.cls', line },
          component: { name: 'A' }
        },
        { checkId: 'ORG-001', location: { api: 'Organization' }, component: { name: 'Org' } }
      ]
    },
    warnings: []
  });

describe("the bench's digest of a verify result", () => {
  it('ignores when the result was generated, and nothing else', () => {
    const a = resultDigest(result('2026-06-01T12:00:00Z', 3));
    expect(resultDigest(result('2026-06-02T08:00:00Z', 3)).digest).toBe(a.digest);
    expect(resultDigest(result('2026-06-01T12:00:00Z', 4)).digest).not.toBe(a.digest);
  });

  it('lists each finding as check, file or API, line, component', () => {
    expect(resultDigest(result('2026-06-01T12:00:00Z', 3)).findings).toEqual([
      'APX-002 force-app/main/default/classes/A.cls:3 A',
      'ORG-001 Organization: Org'
    ]);
  });
});
