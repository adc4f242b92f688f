import { jsonSuccess, SharedLists } from '../../src/cli/output';

/** The judge is JSON.stringify itself: the shared writer must give its bytes. */
function viaShared(result: unknown, lists: (r: unknown, shared: SharedLists) => unknown): string {
  const shared = new SharedLists();
  return shared.expand(jsonSuccess(1, lists(result, shared), ['w']));
}

describe('SharedLists: repeated lists serialised once, same bytes as jsonSuccess', () => {
  const paths = ['force-app/a "quoted".xml', 'force-app/b\\c.cls', 'force-app/ü\n.xml', '\u0000'];

  it('gives the same text for lists after keys, inside arrays and at several depths', () => {
    const result = {
      checks: [
        { id: 'A', evidence: paths.slice() },
        { id: 'B', evidence: [] as string[] },
        { id: 'C', evidence: paths.slice(), nested: { deeper: { list: ['x', 'y'] } } }
      ],
      top: ['x', 'y'],
      matrix: [['x', 'y'], paths.slice()]
    };
    const out = viaShared(result, (_, s) => ({
      checks: result.checks.map((c) => ({
        ...c,
        evidence: s.ref(c.evidence),
        ...(c.nested ? { nested: { deeper: { list: s.ref(c.nested.deeper.list) } } } : {})
      })),
      top: s.ref(result.top),
      matrix: result.matrix.map((l) => s.ref(l))
    }));
    expect(out).toBe(jsonSuccess(1, result, ['w']));
  });

  it('hands the same placeholder to lists with the same elements, and another to different ones', () => {
    const s = new SharedLists();
    expect(s.ref(['a', 'b'])).toBe(s.ref(['a', 'b']));
    expect(s.ref(['a', 'b'])).not.toBe(s.ref(['a']));
    expect(s.ref(['a', 'b'])).not.toBe(s.ref(['b', 'a']));
  });

  it('leaves a text without placeholders alone, and does not take a look-alike value for one', () => {
    const s = new SharedLists();
    const plain = jsonSuccess(0, { a: ['\u0000shared-x#0'] });
    expect(s.expand(plain)).toBe(plain);
    const other = new SharedLists();
    const ref = other.ref(['secret-free']);
    s.ref(['z']);
    // A value equal to another instance's placeholder is not one of this instance's placeholders.
    const text = jsonSuccess(0, { a: ref });
    expect(s.expand(text)).toBe(text);
  });
});
