import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import {
  CHAIN_NAME,
  CHECKPOINT_FORMAT,
  checkSignature,
  CheckpointFormatError,
  formatCheckpoint,
  keyIdOf,
  parseCheckpoint,
  privateKeyFromPem,
  publicKeyFromPem,
  signCheckpoint,
  signedBytes,
  type Checkpoint
} from '../../src/audit/checkpoint';

/**
 * Outside checkpoints: the signed bytes are exactly the documented six lines, and the Ed25519 signature is checked
 * with node:crypto's own verify (RFC 8032) as well as ours. Keys are generated here, never committed.
 */
const body = {
  orgId: '00D000000000007AAA',
  chain: CHAIN_NAME,
  sequence: 500,
  headHash: 'ab'.repeat(32),
  time: '2026-11-25T12:00:00Z'
};
const pair = () => generateKeyPairSync('ed25519');
const { privateKey, publicKey } = pair();

const formatError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointFormatError);
    return { detail: (e as CheckpointFormatError).detail, line: (e as CheckpointFormatError).line };
  }
  throw new Error('no error');
};

describe('checkpoint: signed bytes and signature', () => {
  it('signs exactly the documented six lines, no trailing newline', () => {
    expect(signedBytes(body).toString('utf8')).toBe(
      [
        'phi-guard-audit-checkpoint/v1',
        '00D000000000007AAA',
        'PHI_ACCESS_LOG',
        '500',
        'ab'.repeat(32),
        '2026-11-25T12:00:00Z'
      ].join('\n')
    );
    const cp = signCheckpoint(body, privateKey);
    expect(cp).toMatchObject({ format: CHECKPOINT_FORMAT, ...body });
    // Verified by node:crypto directly over the documented text, not through our checker.
    expect(verify(null, signedBytes(body), publicKey, Buffer.from(cp.signature, 'base64'))).toBe(true);
    expect(Buffer.from(cp.signature, 'base64')).toHaveLength(64);
    expect(checkSignature(cp, [publicKey])).toEqual({ ok: true, keyId: cp.keyId });
  });

  it('the key id is SHA-256 of the DER SubjectPublicKeyInfo, the same from either half', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(keyIdOf(publicKey)).toBe(createHash('sha256').update(der).digest('hex'));
    expect(keyIdOf(privateKey)).toBe(keyIdOf(publicKey));
  });

  it('refuses a changed field, a forged signature, and a key that was not given', () => {
    const cp = signCheckpoint(body, privateKey);
    for (const change of [
      { sequence: 499 },
      { headHash: 'cd'.repeat(32) },
      { orgId: '00D000000000008AAA' },
      { time: '2026-11-25T12:00:01Z' }
    ])
      expect(checkSignature({ ...cp, ...change }, [publicKey])).toEqual({
        ok: false,
        reason: 'bad-signature'
      });
    const sig = Buffer.from(cp.signature, 'base64');
    sig[0] = sig[0]! ^ 1;
    expect(checkSignature({ ...cp, signature: sig.toString('base64') }, [publicKey])).toEqual({
      ok: false,
      reason: 'bad-signature'
    });
    // Signed by another key whose id is written in: the trusted key's id differs, refused before verifying.
    const other = pair();
    expect(checkSignature(signCheckpoint(body, other.privateKey), [publicKey])).toEqual({
      ok: false,
      reason: 'unknown-key'
    });
    // Another key's signature claiming the trusted key's id: the signature does not verify.
    const claimed = { ...signCheckpoint(body, other.privateKey), keyId: cp.keyId };
    expect(checkSignature(claimed, [publicKey])).toEqual({ ok: false, reason: 'bad-signature' });
    // Any of several trusted keys may have signed it (key rotation).
    expect(checkSignature(cp, [other.publicKey, publicKey]).ok).toBe(true);
  });

  it('refuses to sign a body that is not valid', () => {
    for (const bad of [
      { sequence: 0 },
      { chain: 'OTHER' },
      { orgId: '001000000000001AAA' },
      { time: '2026-11-25T12:00:00.5Z' }
    ])
      expect(formatError(() => signCheckpoint({ ...body, ...bad }, privateKey)).detail).toMatch(
        /is not valid/
      );
  });
});

describe('checkpoint: the file', () => {
  const cp = signCheckpoint(body, privateKey);

  it('round-trips through its file form, keys in order', () => {
    const text = formatCheckpoint(cp);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'format',
      'orgId',
      'chain',
      'sequence',
      'headHash',
      'time',
      'keyId',
      'signature'
    ]);
    expect(parseCheckpoint(text)).toEqual(cp);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('is parsed strictly: bad JSON, a missing or invalid key, an extra key, each with its line when known', () => {
    const text = formatCheckpoint(cp);
    expect(formatError(() => parseCheckpoint('{\n  "format": "x"\n'))).toEqual({
      detail: 'not valid JSON',
      line: 3
    });
    expect(formatError(() => parseCheckpoint('{\n  "format": ,\n}')).detail).toBe('not valid JSON');
    expect(formatError(() => parseCheckpoint('[1]'))).toEqual({
      detail: 'not a checkpoint (expected a JSON object)',
      line: 1
    });
    const without = JSON.parse(text) as Partial<Checkpoint>;
    delete without.signature;
    expect(formatError(() => parseCheckpoint(JSON.stringify(without))).detail).toBe('missing signature');
    expect(formatError(() => parseCheckpoint(text.replace('"sequence": 500', '"sequence": "500"')))).toEqual({
      detail: 'sequence is not valid',
      line: 5
    });
    expect(
      formatError(() => parseCheckpoint(text.replace('{\n', '{\n  "verifiedBy": "the auditor",\n')))
    ).toEqual({ detail: 'unexpected key verifiedBy', line: 2 });
    expect(formatError(() => parseCheckpoint(text.replace('{\n', '{\n  "a b\\n": 1,\n'))).detail).toBe(
      'unexpected key'
    );
    expect(formatError(() => parseCheckpoint(text.replace(cp.signature, 'AAAA'))).detail).toBe(
      'signature is not valid'
    );
  });
});

describe('checkpoint: keys from PEM', () => {
  it('reads an Ed25519 private and public key', () => {
    const priv = privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const pub = publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(keyIdOf(priv)).toBe(keyIdOf(pub));
  });

  it('refuses a private key given as the public one, and keys of another type', () => {
    expect(() => publicKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      'a private key'
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() =>
      privateKeyFromPem(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
    ).toThrow('not an Ed25519 key');
    expect(() => publicKeyFromPem(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
      'not an Ed25519 key'
    );
    expect(() => privateKeyFromPem('not a key')).toThrow();
  });
});
