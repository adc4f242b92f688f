import { readFileSync, statSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import {
  checkSignature,
  CheckpointFormatError,
  parseCheckpoint,
  privateKeyFromPem,
  publicKeyFromPem,
  type Checkpoint
} from '../../audit/checkpoint';
import { InputError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import { to18 } from '../org/ids';
import type { ChainVerifier } from './chain';

const t = opsMsg.auditLog;

/** A checkpoint or key file is small: anything larger is not one (and is not read into memory). */
const MAX_BYTES = 64 * 1024;

/** A small regular file's text, or an InputError naming it (missing, a folder, a device, too large). */
function readSmall(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(file, undefined, t.notAFile);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, undefined, t.unreadable);
  }
  if (size > MAX_BYTES) throw new InputError(file, undefined, t.tooLarge);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, undefined, t.unreadable);
  }
}

/** A checkpoint file, parsed strictly (exit 2 with the file and line when it is not one). */
export function readCheckpoint(file: string): Checkpoint {
  try {
    return parseCheckpoint(readSmall(file));
  } catch (e) {
    if (e instanceof CheckpointFormatError) throw new InputError(file, e.line, t.badCheckpoint(e.detail));
    throw e;
  }
}

/** The anchoring key: an Ed25519 private key in PEM. Its content is never echoed. */
export function readPrivateKey(file: string): KeyObject {
  const pem = readSmall(file);
  try {
    return privateKeyFromPem(pem);
  } catch {
    throw new InputError(file, undefined, t.notPrivateKey);
  }
}

/** A trusted Ed25519 public key in PEM. */
export function readPublicKey(file: string): KeyObject {
  const pem = readSmall(file);
  let key: KeyObject;
  try {
    key = publicKeyFromPem(pem);
  } catch (e) {
    throw new InputError(
      file,
      undefined,
      (e as Error).message === 'a private key' ? t.isPrivateKey : t.notPublicKey
    );
  }
  return key;
}

export interface LoadedCheckpoint {
  source: string;
  checkpoint: Checkpoint;
  /** Why the signature was refused; absent when it verifies with one of the trusted keys. */
  refused?: 'unknown-key' | 'bad-signature';
}

/** Reads every checkpoint and checks its signature against the trusted keys. */
export function loadCheckpoints(files: string[], publicKeys: KeyObject[]): LoadedCheckpoint[] {
  return files.map((source) => {
    const checkpoint = readCheckpoint(source);
    const sig = checkSignature(checkpoint, publicKeys);
    return sig.ok ? { source, checkpoint } : { source, checkpoint, refused: sig.reason };
  });
}

/**
 * Hands the checkpoints to the verifier: a refused signature, or a checkpoint of another org, is a
 * break and is not used; the others hold the chain. Org ids compare in their 18-character form.
 */
export function applyCheckpoints(verifier: ChainVerifier, loaded: LoadedCheckpoint[], orgId: string): void {
  for (const l of loaded) {
    const cp = l.checkpoint;
    const status = {
      source: l.source,
      orgId: cp.orgId,
      sequence: cp.sequence,
      headHash: cp.headHash,
      time: cp.time,
      keyId: cp.keyId
    };
    if (l.refused) verifier.refuse(status, 'refused', l.refused);
    else if (to18(cp.orgId) !== to18(orgId)) verifier.refuse(status, 'other-org');
    else verifier.hold(status);
  }
}
