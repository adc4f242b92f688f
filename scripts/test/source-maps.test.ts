import * as nodeModule from 'node:module';
import { runSourceMaps } from '../src/source-maps';

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

describe('runSourceMaps', () => {
  const ON = { enabled: true, nodeModules: true, generatedCode: true };

  it('turns source maps off without PHI_GUARD_DEBUG (they serve only its stack traces)', () => {
    const a = api(ON);
    runSourceMaps({}, a);
    expect(a.set).toEqual([[false, undefined]]);
  });

  it('with PHI_GUARD_DEBUG keeps them for our own code and turns them off for node_modules', () => {
    const a = api(ON);
    runSourceMaps({ PHI_GUARD_DEBUG: '1' }, a);
    expect(a.set).toEqual([[true, { nodeModules: false, generatedCode: true }]]);
  });

  it('changes nothing where source maps are off, or (debugging) already off for node_modules', () => {
    for (const [env, now] of [
      [{}, { enabled: false, nodeModules: false, generatedCode: false }],
      [{ PHI_GUARD_DEBUG: '1' }, { enabled: false, nodeModules: false, generatedCode: false }],
      [{ PHI_GUARD_DEBUG: '1' }, { enabled: true, nodeModules: false, generatedCode: false }]
    ] as const) {
      const a = api(now);
      runSourceMaps(env, a);
      expect(a.set).toEqual([]);
    }
  });

  it('does nothing on a Node without the API (before 22.14)', () => {
    expect(() => runSourceMaps({}, {})).not.toThrow();
  });

  it('leaves this process with source maps for node_modules off whenever they are on', () => {
    runSourceMaps({ PHI_GUARD_DEBUG: '1' });
    const now = nodeModule.getSourceMapsSupport();
    expect(now.enabled && now.nodeModules).toBe(false);
  });
});
