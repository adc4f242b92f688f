import path from 'node:path';
import { readText, SOURCE_FILE_CAP } from '../files/read';
import { listFiles } from '../project/files';
import { apexFacts } from '../posture/source/apex-facts';

export interface ApexTestInventory {
  /** Production class -> its test class and that class's test methods (empty when missing). */
  classes: { name: string; testClass?: string; methods: string[] }[];
  /** Test classes with no production class of the same stem (helpers such as test data factories). */
  helpers: string[];
}

/**
 * Pairs every Apex class with its `<Class>_Test` and lists the test methods, so coverage gaps are
 * visible without an org. Test code is identified the one way verify identifies it (apexFacts:
 * `@IsTest` on the class, `@IsTest` or `testMethod` on a method).
 */
export function apexTestInventory(packageDirs: string[]): ApexTestInventory {
  const facts = new Map<string, { isTest: boolean; methods: string[] }>();
  for (const f of listFiles(packageDirs, (n) => n.endsWith('.cls'))) {
    const a = apexFacts(f, f, readText(f, { display: f, cap: SOURCE_FILE_CAP }));
    facts.set(path.basename(f, '.cls'), { isTest: a.isTest, methods: a.classes?.[0]?.testMethods ?? [] });
  }
  const classes = [...facts.entries()]
    .filter(([, a]) => !a.isTest)
    .map(([name]) => {
      const testClass = `${name}_Test`;
      const t = facts.get(testClass);
      return { name, testClass: t ? testClass : undefined, methods: t ? t.methods : [] };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const helpers = [...facts.entries()]
    .filter(([name, a]) => a.isTest && !(name.endsWith('_Test') && facts.has(name.slice(0, -5))))
    .map(([name]) => name)
    .sort();
  return { classes, helpers };
}
