import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../../src/project/files';
import { REPO_ROOT } from './paths';

/**
 * A fresh self-signed X.509 certificate (RSA 2048, SHA-256), built here so tests need no openssl: the
 * DER of RFC 5280's TBSCertificate, signed with node:crypto. Its private key is dropped: the certificate
 * only has to be a real one the deploy gate can fingerprint, and one nobody else holds the key of.
 */
export function selfSignedCertificate(commonName = 'phi-guard-test-integration'): {
  pem: string;
  sha256: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, Buffer.alloc(0)));
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))), // v3
    int(Buffer.from(Array.from({ length: 8 }, () => Math.floor(Math.random() * 256)))),
    sha256WithRsa,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' })
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim();
  const pem = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----`;
  return { pem, sha256: new X509Certificate(pem).fingerprint256 };
}

/**
 * The documented way to take this repository's force-app through the deploy gate in a test (README,
 * "deploy"): in a temporary copy of the project, replace every JWT bearer certificate (External Client App
 * global OAuth settings, connected apps) with a certificate generated here, and acknowledge each in
 * config/phi-guard-certificates.json, as a release of a real project does with its own certificate.
 * Returns the acknowledged fingerprints by component.
 */
export function useGeneratedCertificates(projectDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const files = listFiles([projectDir], (n) => /\.(ecaGlblOauth|connectedApp)(-meta\.xml)?$/.test(n));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!/<certificate>/.test(text)) continue;
    const component = path.basename(file).replace(/\.(ecaGlblOauth|connectedApp)(-meta\.xml)?$/, '');
    const cert = selfSignedCertificate();
    writeFileSync(
      file,
      text.replace(/<certificate>[\s\S]*?<\/certificate>/, `<certificate>${cert.pem}</certificate>`)
    );
    out[component] = cert.sha256;
  }
  mkdirSync(path.join(projectDir, 'config'), { recursive: true });
  writeFileSync(
    path.join(projectDir, 'config', 'phi-guard-certificates.json'),
    `${JSON.stringify(
      {
        acknowledged: Object.entries(out).map(([component, sha256]) => ({
          sha256,
          component,
          acknowledgedBy: 'test run',
          reason: 'generated in the test; its private key was never kept'
        }))
      },
      null,
      2
    )}\n`
  );
  return out;
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const int = (b: Buffer) => tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [a * 40 + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) chunk.unshift((x & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(
    d.getUTCMinutes()
  )}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

/**
 * A release copy of this repository's project in `dest` (what the deploy gate reads: sfdx-project.json,
 * .forceignore, code-analyzer.yml, config and force-app), with its sample certificate replaced and acknowledged
 * by useGeneratedCertificates, as README's "Platform rules" tells an admin to do before a release.
 */
export function releaseCopy(dest: string): Record<string, string> {
  for (const f of ['sfdx-project.json', '.forceignore', 'code-analyzer.yml', 'config', 'force-app'])
    cpSync(path.join(REPO_ROOT, f), path.join(dest, f), { recursive: true });
  return useGeneratedCertificates(dest);
}
