import { jsonErrorOffset } from '../../src/posture/source/json-file';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a" 1}', 5],
    ['{"a": tru}', 6],
    ['{"a": "x"} extra', 11]
  ])('%j fails at %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('returns the length for valid JSON', () => {
    expect(jsonErrorOffset('{"a": [1, "b", null, true, -1.5e3]}')).toBe(35);
  });
});
