import * as nodeModule from 'node:module';
import { ownSourceMapsOnly } from '../src/source-maps';

type Support = ReturnType<typeof nodeModule.getSourceMapsSupport>;

/** A stand-in for node:module's two source-map functions, recording what was set. */
function api(now: Support) {
  const set: [boolean, unknown][] = [];
  return {
    set,
    getSourceMapsSupport: () => now,
    setSourceMapsSupport: (enabled: boolean, options?: unknown) => void set.push([enabled, options])
  };
}

describe('ownSourceMapsOnly', () => {
  it('keeps source maps on for our own code and turns them off for node_modules', () => {
    const a = api({ enabled: true, nodeModules: true, generatedCode: true });
    ownSourceMapsOnly(a);
    expect(a.set).toEqual([[true, { nodeModules: false, generatedCode: true }]]);
  });

  it('changes nothing where source maps are off, or already off for node_modules', () => {
    for (const now of [
      { enabled: false, nodeModules: false, generatedCode: false },
      { enabled: true, nodeModules: false, generatedCode: false }
    ]) {
      const a = api(now);
      ownSourceMapsOnly(a);
      expect(a.set).toEqual([]);
    }
  });

  it('does nothing on a Node without the API (before 22.14)', () => {
    expect(() => ownSourceMapsOnly({})).not.toThrow();
  });

  it('leaves this process with source maps for node_modules off whenever they are on', () => {
    ownSourceMapsOnly();
    const now = nodeModule.getSourceMapsSupport();
    expect(now.enabled && now.nodeModules).toBe(false);
  });
});
