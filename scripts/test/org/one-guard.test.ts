import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The org guard is one layer, and nothing goes around it (issue 19, "Deliver: org reads"): this reads the source
 * the way a reviewer's grep would.
 * - Only scripts/src/org/ may load a network or Salesforce client library at run time (type imports are fine);
 * - only connect.ts makes a Connection, and every Connection it makes gets the guard under it;
 * - only scripts/src/org/guard/ checks an org answer's shape (the shapes module);
 * - every command that takes -o/--target-org reaches connect.ts through its imports.
 * The hostile-org tests (hostile-org.test.ts, hostile-deploy.test.ts) show the same from outside, per command.
 */
const SRC = path.resolve(__dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');
const text = (file: string) => readFileSync(file, 'utf8');

/** Value imports (static, dynamic, require) of a file, as written; `import type` is left out. */
function valueImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) out.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  for (const m of source.matchAll(/\brequire\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  return out;
}

/** The file a relative import names, if it is one of ours. */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const f of [`${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      readFileSync(f);
      return f;
    } catch {
      /* not this one */
    }
  }
  return undefined;
}

/** Every file of ours reachable from `entry` through value imports. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const spec of valueImports(text(f))) {
      const next = resolveLocal(f, spec);
      if (next) todo.push(next);
    }
  }
  return seen;
}

const NETWORK =
  /^(node:)?(https?|http2|net|tls|dgram)$|^undici|^jsforce|^@salesforce\/core$|^@jsforce\/|^axios|^node-fetch/;

describe('one org guard, and every org-facing command goes through it', () => {
  const files = sources(SRC);

  it('only scripts/src/org/ loads a network or Salesforce client library, and nothing else calls fetch', () => {
    const outside = files
      .filter((f) => !rel(f).startsWith('org/'))
      .flatMap((f) => [
        ...valueImports(text(f))
          .filter((spec) => NETWORK.test(spec))
          .map((spec) => `${rel(f)} imports ${spec}`),
        ...(/(^|[^.\w])fetch\(/m.test(text(f)) ? [`${rel(f)} calls fetch(`] : [])
      ]);
    expect(outside).toEqual([]);
  });

  it('only connect.ts makes a Connection, and it puts the guard under each one it makes', () => {
    const makers = files.filter((f) => /Connection\.create\(|\.getConnection\(/.test(text(f))).map(rel);
    expect(makers).toEqual(['org/connect.ts']);
    const connect = text(path.join(SRC, 'org/connect.ts'));
    const made = (connect.match(/Connection\.create\(|\.getConnection\(/g) ?? []).length;
    expect((connect.match(/guardConnection\(conn/g) ?? []).length).toBe(made);
    // The OrgClient takes the guard of whatever Connection it is given (installing it if missing).
    expect(text(path.join(SRC, 'org/client.ts'))).toMatch(/this\.guard = guardOf\(conn\)/);
  });

  it('the answer shapes are checked in one module, the guard transport, and nowhere else', () => {
    const checkers = files
      .filter((f) => /from '\.\/shapes'|from '\.\.\/guard\/shapes'/.test(text(f)))
      .map(rel);
    expect(checkers).toEqual(['org/guard/transport.ts']);
  });

  it('every command with -o/--target-org reaches connect.ts (and so the guard)', () => {
    const commands = files.filter((f) => rel(f).startsWith('commands/') && /'target-org'/.test(text(f)));
    // verify, deploy (and deploy resume), access-review, baa check, audit-log verify/anchor, incident scope.
    expect(commands.map(rel).sort()).toEqual([
      'commands/access-review.ts',
      'commands/audit-log.ts',
      'commands/baa.ts',
      'commands/deploy.ts',
      'commands/incident-scope.ts',
      'commands/verify.ts'
    ]);
    const connect = path.join(SRC, 'org/connect.ts');
    expect(commands.filter((c) => !reachable(c).has(connect)).map(rel)).toEqual([]);
  });
});
