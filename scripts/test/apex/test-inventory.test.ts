import path from 'node:path';
import { apexTestInventory } from '../../src/apex/inventory';
import { REPO_ROOT } from '../helpers/paths';

const inventory = apexTestInventory([path.join(REPO_ROOT, 'force-app')]);

describe('every Apex class has a <Class>_Test (methods listed for offline coverage review)', () => {
  it.each(
    inventory.classes.map((c) => [c.name, c.testClass ?? 'MISSING', c.methods.join(', ') || 'none'] as const)
  )('%s -> %s: %s', (_name, testClass, methods) => {
    expect(testClass).not.toBe('MISSING');
    expect(methods).not.toBe('none');
  });

  it('each test class covers a positive and a negative case', () => {
    for (const c of inventory.classes) expect([c.name, c.methods.length >= 2]).toEqual([c.name, true]);
  });

  it('the only test class without a production twin is the test-data factory', () => {
    expect(inventory.helpers).toEqual(['PhiTestData']);
  });
});
