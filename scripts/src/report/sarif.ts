import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../checks/types';
import { CHECKS } from '../checks/registry';
import { citationTitle } from '../messages';
import type { VerifyResult } from '../engine/verify';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note'
};
/** GitHub code scanning reads security-severity (0-10) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0'
};

/** SARIF 2.1.0 for code-scanning annotations. Pure: result in, JSON text out. */
export function renderSarif(r: VerifyResult): string {
  const ruleIds = [...new Set([...CHECKS.map((c) => c.id), ...r.checks.map((c) => c.id)])];
  const rules = ruleIds.map((id) => {
    const check = r.checks.find((c) => c.id === id) ?? CHECKS.find((c) => c.id === id)!;
    const citations = check.hipaa.map((h) => `45 CFR ${h} (${citationTitle(h)})`).join('; ');
    return {
      id,
      name: check.title
        .replace(/[^A-Za-z0-9]+/g, ' ')
        .trim()
        .replace(/ (\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: check.title },
      fullDescription: { text: `${check.title}. HIPAA Security Rule: ${citations}.` },
      help: {
        text: `${check.title}. Maps to ${citations}.`,
        markdown: `**${check.title}**\n\nHIPAA Security Rule: ${check.hipaa.map((h) => `\`45 CFR ${h}\` ${citationTitle(h)}`).join(', ')}.`
      },
      defaultConfiguration: { level: LEVEL[check.severity] },
      properties: {
        tags: ['security', 'hipaa', ...check.hipaa.map((h) => `HIPAA-${h}`)],
        'security-severity': SECURITY_SEVERITY[check.severity]
      }
    };
  });
  const results = r.findings.map((f) => result(f, ruleIds.indexOf(f.checkId)));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'PHI Guard',
            version: r.tool.version,
            semanticVersion: r.tool.version,
            informationUri: 'https://www.hhs.gov/hipaa/for-professionals/security/index.html',
            rules
          }
        },
        originalUriBaseIds: {
          '%SRCROOT%': {
            uri: r.source.kind === 'project' ? `file://${r.source.root.replace(/\/?$/, '/')}` : 'org:/'
          }
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: r.generatedAt,
            // Checks that did not run (they need a live org, or judge project files only): a note each,
            // so a reader of the SARIF alone never takes their silence for a pass.
            toolExecutionNotifications: r.checks
              .filter((c) => c.status === 'requires-org' || c.status === 'not-applicable')
              .map((c) => ({
                level: 'note',
                descriptor: { id: c.id },
                message: {
                  text: `${c.id} did not run: ${c.status === 'requires-org' ? 'it needs --target-org' : 'not applicable here'}${c.reason ? ` (${c.reason})` : ''}.`
                }
              }))
          }
        ],
        results,
        properties: {
          inputsSha256: r.inputs.sha256,
          gitCommit: r.inputs.gitCommit ?? null,
          passed: r.passed,
          failOn: r.failOn,
          // The HIPAA controls as every other report shows them: "requires-org" is neither passed nor failed.
          controls: r.controls.map((c) => ({
            citation: c.citation,
            title: c.title,
            status: c.status,
            checks: c.checks,
            ...(c.needsOrg ? { needsOrg: c.needsOrg } : {})
          }))
        }
      }
    ]
  };
  return JSON.stringify(sarif, null, 2);
}

function result(f: Finding, ruleIndex: number) {
  const location =
    'file' in f.location
      ? {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.location.file || '.'), uriBaseId: '%SRCROOT%' },
            ...(f.location.line ? { region: { startLine: f.location.line } } : {})
          },
          logicalLocations: [{ name: f.component.name, kind: f.component.type }]
        }
      : {
          logicalLocations: [
            {
              name: f.component.name,
              kind: f.component.type,
              fullyQualifiedName: `${f.location.api}/${f.location.id ?? ''}`
            }
          ]
        };
  const fingerprint = createHash('sha256')
    .update(`${f.checkId}|${f.component.type}|${f.component.name}|${f.message}`)
    .digest('hex');
  return {
    ruleId: f.checkId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.message}. Fix: ${f.remediation}` },
    locations: [location],
    partialFingerprints: { 'phiGuard/v1': fingerprint },
    properties: { severity: f.severity, hipaa: f.hipaa, notVerified: f.notVerified ?? false },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.suppressed.justification} (approved by ${f.suppressed.approver}, expires ${f.suppressed.expires})`
            }
          ]
        }
      : {})
  };
}
