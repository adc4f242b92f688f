import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Outside checkpoints of the PHI access log (docs/audit-hash-format.md, "Outside checkpoints").
 *
 * The chain is unkeyed SHA-256 and its head lives in the org, so whoever can deploy to the org can
 * rewrite rows and head together. A checkpoint is a statement made outside the org: "at `time`,
 * org `orgId`'s chain had `sequence` rows ending in `headHash`", signed with an Ed25519 key the org
 * never holds (RFC 8032; node:crypto `sign(null, …)`), and kept by the pipeline. A chain that still
 * carries `headHash` at `sequence` has not been rewritten up to there, since each hash covers the
 * previous one. The model is the signed tree head of Certificate Transparency (RFC 9162, 4.10) and
 * the witnessed checkpoints of transparency logs, for a hash chain instead of a Merkle tree.
 *
 * The signed bytes are six lines joined by `\n`, no trailing newline, UTF-8 (SIGNED_LINES): the
 * format line, the 18-character org id, the chain name, the sequence in decimal, the head hash in
 * lower-case hex, and the time as whole-second UTC `yyyy-MM-ddTHH:mm:ssZ`.
 */
export const CHECKPOINT_FORMAT = 'phi-guard-audit-checkpoint/v1';
export const CHAIN_NAME = 'PHI_ACCESS_LOG';

export interface CheckpointBody {
  orgId: string;
  chain: string;
  sequence: number;
  headHash: string;
  time: string;
}

export interface Checkpoint extends CheckpointBody {
  format: string;
  /** SHA-256 (hex) of the signing key's public key in DER SubjectPublicKeyInfo form. */
  keyId: string;
  /** Ed25519 signature over signedBytes(), base64 (RFC 4648, padded). */
  signature: string;
}

/** The order of keys in a checkpoint file; nothing else is allowed in one. */
export const CHECKPOINT_KEYS = [
  'format',
  'orgId',
  'chain',
  'sequence',
  'headHash',
  'time',
  'keyId',
  'signature'
] as const;

const RULES: Record<(typeof CHECKPOINT_KEYS)[number], (v: unknown) => boolean> = {
  format: (v) => v === CHECKPOINT_FORMAT,
  // An org id is 15 or 18 characters and starts 00D; a checkpoint always holds the 18-character form.
  orgId: (v) => typeof v === 'string' && /^00D[0-9A-Za-z]{15}$/.test(v),
  chain: (v) => v === CHAIN_NAME,
  sequence: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1,
  headHash: (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v),
  time: (v) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && !isNaN(Date.parse(v)),
  keyId: (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v),
  // 64 signature bytes are 88 base64 characters, the last two padding.
  signature: (v) => typeof v === 'string' && /^[A-Za-z0-9+/]{86}==$/.test(v)
};

/** A checkpoint file that is not one: the detail names the key or the rule, never a value. */
export class CheckpointFormatError extends Error {
  constructor(
    readonly detail: string,
    readonly line?: number
  ) {
    super(detail);
  }
}

/** The exact bytes that are signed (see the module comment and docs/audit-hash-format.md). */
export function signedBytes(b: CheckpointBody): Buffer {
  for (const k of ['orgId', 'chain', 'sequence', 'headHash', 'time'] as const)
    if (!RULES[k](b[k])) throw new CheckpointFormatError(`${k} is not valid`);
  return Buffer.from(
    [CHECKPOINT_FORMAT, b.orgId, b.chain, String(b.sequence), b.headHash, b.time].join('\n'),
    'utf8'
  );
}

/** The key id: SHA-256 of the public key's DER SubjectPublicKeyInfo, lower-case hex. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Signs a checkpoint body with an Ed25519 private key. */
export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): Checkpoint {
  const signature = sign(null, signedBytes(body), privateKey).toString('base64');
  return {
    format: CHECKPOINT_FORMAT,
    orgId: body.orgId,
    chain: body.chain,
    sequence: body.sequence,
    headHash: body.headHash,
    time: body.time,
    keyId: keyIdOf(privateKey),
    signature
  };
}

export type SignatureCheck =
  { ok: true; keyId: string } | { ok: false; reason: 'unknown-key' | 'bad-signature' };

/**
 * Verifies a checkpoint's signature against the trusted public keys. A checkpoint naming a key not
 * given is refused, and so is one whose signature does not verify over its own fields.
 */
export function checkSignature(cp: Checkpoint, publicKeys: KeyObject[]): SignatureCheck {
  const key = publicKeys.find((k) => keyIdOf(k) === cp.keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const good = verify(null, signedBytes(cp), key, Buffer.from(cp.signature, 'base64'));
  return good ? { ok: true, keyId: cp.keyId } : { ok: false, reason: 'bad-signature' };
}

/** The 1-based line of the first `"key"` in a JSON text, for error lines. */
function lineOf(text: string, key: string): number | undefined {
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/**
 * Parses a checkpoint file's text strictly: every key present and valid, no other key (a field
 * outside the signed bytes could say anything). Throws CheckpointFormatError with the line.
 */
export function parseCheckpoint(text: string): Checkpoint {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // V8 names the place as "(line 2 column 5)", or not at all; the rest of its message may quote
    // the text, which is never shown.
    const line = /\(line (\d+) column/.exec((e as Error).message)?.[1];
    throw new CheckpointFormatError('not valid JSON', line ? Number(line) : undefined);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new CheckpointFormatError('not a checkpoint (expected a JSON object)', 1);
  const obj = doc as Record<string, unknown>;
  for (const k of Object.keys(obj))
    if (!(CHECKPOINT_KEYS as readonly string[]).includes(k))
      throw new CheckpointFormatError(
        /^\w{1,40}$/.test(k) ? `unexpected key ${k}` : 'unexpected key',
        lineOf(text, k)
      );
  for (const k of CHECKPOINT_KEYS) {
    if (!(k in obj)) throw new CheckpointFormatError(`missing ${k}`);
    if (!RULES[k](obj[k])) throw new CheckpointFormatError(`${k} is not valid`, lineOf(text, k));
  }
  return obj as unknown as Checkpoint;
}

/** The checkpoint file's text: the keys in order, two-space JSON, one trailing newline. */
export function formatCheckpoint(cp: Checkpoint): string {
  const ordered = Object.fromEntries(CHECKPOINT_KEYS.map((k) => [k, cp[k]]));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** An Ed25519 private key from PEM (PKCS #8); throws when the text is not one. */
export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

/**
 * An Ed25519 public key from PEM (SubjectPublicKeyInfo). A private key is refused: a verifier needs
 * only the public half, and a private key copied to where verifying happens is one more place to leak.
 */
export function publicKeyFromPem(pem: string): KeyObject {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new Error('a private key');
  const key = createPublicKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}
