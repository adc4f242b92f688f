import path from 'node:path';
import { jsonErrorOffset, lineOf, readJson } from '../../src/posture/source/json-file';
import { writeProject } from '../helpers/project';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a" 1}', 5],
    ['{"a": tru}', 6],
    ['{"a": "x"} extra', 11],
    ['{"a": "x\u0001"}', 8],
    ['{"a": "unterminated', 19],
    ['{1: 2}', 1],
    ['{"a": [1 2]}', 9],
    ['{"a": {"b": 1', 13],
    ['', 0]
  ])('%j fails at %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('readJson names the file and line of a syntax error, never its text', () => {
    const root = writeProject({ '/config/x.json': '{\n  "a": 1,\n  CANARY-PHI-7f3a\n}' });
    expect(() => readJson(path.join(root, 'config/x.json'), 'config/x.json')).toThrow(
      /^config\/x\.json:3: not valid JSON$/
    );
    expect(lineOf('a\nb\nc', 'c')).toBe(3);
    expect(lineOf('a', 'z')).toBeUndefined();
  });

  it('returns the length for valid JSON', () => {
    expect(jsonErrorOffset('{"a": [1, "b", null, true, -1.5e3]}')).toBe(35);
    expect(jsonErrorOffset('{"a": "q\\"uote", "b": [], "c": {}}')).toBe(34);
  });
});
