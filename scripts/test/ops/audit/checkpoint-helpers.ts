import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Test keys and checkpoints made from the published format (docs/audit-hash-format.md, "Outside checkpoints") with
 * node:crypto alone: the checkpoints the tests hold the verifier to are not made by the code under test. Keys are
 * generated per test run, never committed.
 */
export interface TestKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
}

export function testKeys(dir: string, name: string): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = path.join(dir, `${name}-private.pem`);
  const publicPem = path.join(dir, `${name}-public.pem`);
  writeFileSync(privatePem, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicPem, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKey, privatePem, publicPem };
}

/** A checkpoint file's text, signed over the six documented lines. */
export function checkpointText(
  key: KeyObject,
  c: { orgId: string; sequence: number; headHash: string; time?: string }
): string {
  const time = c.time ?? '2026-11-25T12:00:00Z';
  const lines = [
    'phi-guard-audit-checkpoint/v1',
    c.orgId,
    'PHI_ACCESS_LOG',
    String(c.sequence),
    c.headHash,
    time
  ];
  const signature = sign(null, Buffer.from(lines.join('\n'), 'utf8'), key).toString('base64');
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const keyId = createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return `${JSON.stringify(
    {
      format: 'phi-guard-audit-checkpoint/v1',
      orgId: c.orgId,
      chain: 'PHI_ACCESS_LOG',
      sequence: c.sequence,
      headHash: c.headHash,
      time,
      keyId,
      signature
    },
    null,
    2
  )}\n`;
}
