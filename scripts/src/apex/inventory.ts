import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../project/files';

export interface ApexTestInventory {
  /** Production class -> its test class and that class's test methods (empty when missing). */
  classes: { name: string; testClass?: string; methods: string[] }[];
  /** Test classes with no production class of the same stem (helpers such as test data factories). */
  helpers: string[];
}

const IS_TEST_CLASS = /@IsTest\b[^{]*?\bclass\s+\w+/is;
const TEST_METHOD = /@IsTest\b(?:\([^)]*\))?\s+(?:(?:static|private|public|global)\s+)*void\s+(\w+)\s*\(/gi;

/**
 * Pairs every Apex class with its `<Class>_Test` and lists the test methods, so coverage gaps are
 * visible without an org.
 */
export function apexTestInventory(packageDirs: string[]): ApexTestInventory {
  const sources = new Map<string, string>();
  for (const f of listFiles(packageDirs, (n) => n.endsWith('.cls')))
    sources.set(path.basename(f, '.cls'), readFileSync(f, 'utf8'));
  const isTest = (src: string) => IS_TEST_CLASS.test(src.slice(0, src.search(/\bclass\b/i) + 200));
  const classes = [...sources.entries()]
    .filter(([, src]) => !isTest(src))
    .map(([name]) => {
      const testClass = `${name}_Test`;
      const src = sources.get(testClass);
      return {
        name,
        testClass: src ? testClass : undefined,
        methods: src ? [...src.matchAll(TEST_METHOD)].map((m) => m[1]!) : []
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const helpers = [...sources.entries()]
    .filter(([name, src]) => isTest(src) && !(name.endsWith('_Test') && sources.has(name.slice(0, -5))))
    .map(([name]) => name)
    .sort();
  return { classes, helpers };
}
