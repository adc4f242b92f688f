import { X509Certificate } from 'node:crypto';
import { InputError } from '../errors';
import { rulesMsg } from '../messages/rules';
import { parseJson } from '../posture/source/json-file';
import { child, type XmlNode } from '../posture/xml';
import { CERTIFICATE_ACKS, CERTIFICATE_ACKS_NAME } from './inputs';
import type { RulesProject } from './project';
import type { PlatformRule, RuleProblem } from './types';

/**
 * JWT bearer certificates that are the shipped sample, or that nobody acknowledged (a release rule: the
 * deploy gate and `rules-validate --release`).
 *
 * ExtlClntAppGlobalOauthSettings.certificate: "If the app uses a certificate, the PEM-encoded certificate
 * string. When provided, it enables the JWT Bearer flow"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm);
 * a connected app's oauthConfig.certificate does the same. Whoever holds the certificate's private key can
 * sign tokens for the app's pre-authorised users. PHI Guard ships a sample certificate as a template; its
 * fingerprint is recorded here, and a release refuses it. Any other certificate must be acknowledged in
 * config/phi-guard-certificates.json (fingerprint, component, who acknowledged it and why), so replacing
 * the key the integration trusts is a reviewed act, recorded in the evidence pack with the gate result.
 */
export const ECA_GLOBAL_OAUTH_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm';

export { CERTIFICATE_ACKS } from './inputs';

/**
 * Certificates PHI Guard ships as samples (SHA-256 of the DER, as openssl and X509Certificate print it).
 * Their private keys are not the user's: they must never reach an org.
 */
export const SAMPLE_CERTIFICATES: readonly { sha256: string; shippedIn: string }[] = [
  {
    sha256: '53:49:73:D1:FA:36:72:D2:5E:98:D0:E1:B3:6C:AE:80:94:B8:12:91:6C:B3:D0:76:05:2E:1B:44:F6:A6:3F:55',
    shippedIn:
      'force-app/main/default/extlClntAppGlobalOauthSets/Ecommerce_Integration_glbloauth.ecaGlblOauth-meta.xml'
  }
];

export interface CertificateAck {
  sha256: string;
  component: string;
  acknowledgedBy: string;
  reason: string;
}

/** Fingerprints compare without colons, in upper case. */
export const normalizeFingerprint = (fp: string) => fp.replace(/[:\s]/g, '').toUpperCase();

export const sampleRule: PlatformRule = {
  id: 'sample-certificate',
  title: rulesMsg.titles.sampleCertificate,
  url: ECA_GLOBAL_OAUTH_URL,
  scope: 'release',
  run(project) {
    const acks = readAcknowledgements(project);
    const samples = new Set(SAMPLE_CERTIFICATES.map((s) => normalizeFingerprint(s.sha256)));
    const out: RuleProblem[] = [];
    for (const c of certificates(project)) {
      const problem = (message: string) =>
        out.push({ rule: this.id, file: c.file, line: c.line, message, url: this.url });
      let fingerprint: string;
      try {
        fingerprint = new X509Certificate(c.pem).fingerprint256;
      } catch {
        problem(rulesMsg.certificate.unparsable(c.component));
        continue;
      }
      const fp = normalizeFingerprint(fingerprint);
      if (samples.has(fp)) problem(rulesMsg.certificate.sample(c.component, fingerprint));
      else if (!acks.some((a) => normalizeFingerprint(a.sha256) === fp && a.component === c.name))
        problem(rulesMsg.certificate.unacknowledged(c.component, fingerprint));
    }
    return out;
  }
};

/** Every certificate a project's External Client App OAuth settings and connected apps declare. */
function certificates(
  project: RulesProject
): { file: string; line: number; name: string; component: string; pem: string }[] {
  const out: { file: string; line: number; name: string; component: string; pem: string }[] = [];
  const add = (file: string, name: string, type: string, el: XmlNode | undefined) => {
    if (el && el.text) out.push({ file, line: el.line, name, component: `${type} ${name}`, pem: el.text });
  };
  for (const d of project.docs('ExtlClntAppGlobalOauthSettings'))
    add(d.file, d.name, 'ExtlClntAppGlobalOauthSettings', child(d.node, 'certificate'));
  for (const d of project.docs('ConnectedApp'))
    add(d.file, d.name, 'ConnectedApp', child(child(d.node, 'oauthConfig'), 'certificate'));
  return out;
}

/**
 * Reads config/phi-guard-certificates.json: `{ "acknowledged": [{ sha256, component, acknowledgedBy,
 * reason }] }`. Absent: nothing is acknowledged. Malformed: an input error naming the file and line.
 */
export function readAcknowledgements(project: RulesProject): CertificateAck[] {
  const [found] = project.configFiles((n) => n === CERTIFICATE_ACKS_NAME);
  if (!found) return [];
  const { json, text } = parseJson(found.text, CERTIFICATE_ACKS);
  const list = (json as { acknowledged?: unknown } | null)?.acknowledged;
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray(list))
    throw new InputError(
      CERTIFICATE_ACKS,
      1,
      rulesMsg.certificate.badFile('"acknowledged" must be an array')
    );
  // the line of each entry: the i-th "{" after "acknowledged" (entries hold strings only)
  let at = text.indexOf('"acknowledged"');
  return list.map((e, i) => {
    at = text.indexOf('{', at + 1);
    const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
    const entry = (e ?? {}) as Record<string, unknown>;
    for (const f of ['sha256', 'component', 'acknowledgedBy', 'reason'])
      if (typeof entry[f] !== 'string' || !(entry[f] as string).trim())
        throw new InputError(CERTIFICATE_ACKS, line, rulesMsg.certificate.entryField(i, f));
    if (!/^[0-9A-F]{64}$/.test(normalizeFingerprint(entry.sha256 as string)))
      throw new InputError(CERTIFICATE_ACKS, line, rulesMsg.certificate.badFingerprint(i));
    return {
      sha256: entry.sha256 as string,
      component: entry.component as string,
      acknowledgedBy: entry.acknowledgedBy as string,
      reason: entry.reason as string
    };
  });
}
