import { packFiles } from '../../src/deploy/evidence';
import { manifestTypes, renderReleaseHtml, renderReleaseMarkdown } from '../../src/report/release';
import { HOSTILE, releaseRun } from './release-fixture';

/** The release record in the deploy evidence pack: pure renderers of the deploy run. */
const headings = (md: string) => md.split('\n').filter((l) => /^ {0,3}#/.test(l));

describe('release.md and release.html', () => {
  it('say what went out, by whom, to which org, then each stage, the known gaps and a sign-off block', () => {
    const md = renderReleaseMarkdown(releaseRun());
    expect(headings(md)).toEqual([
      '# Release record',
      '## The release',
      '## What went out',
      '## Static gate (before anything was sent)',
      '## Org preflight',
      '## Deploy, tests and coverage',
      '## Post-deploy controls (online verify of the same org)',
      '## Known gaps',
      '## Sign-off'
    ]);
    for (const fact of [
      '**FAILED at: post-deploy verify**',
      '| Target org | https://acme-health.my.salesforce.com |',
      '| Deployed as (org user) | deployer@acme-health.example |',
      '| CI actor | github:release-bot |',
      '| Deploy id | 0Af000000000042AAA |',
      '| Git commit | 0123456789abcdef0123456789abcdef01234567 |',
      `| Bundle SHA-256 | ${'b'.repeat(64)} |`,
      '| Components | 3 component(s) of 2 type(s); 3 of 3 deployed, 0 error(s) |',
      '| ApexClass | 2 |',
      '| Without Shield | yes |',
      '- verify at --fail-on high: passed (2 medium)',
      '- platform rules: passed (2 rule(s), release rules included)',
      '- reused from the signed gate cache (HMAC verified): metadata; verify reran (its verdict depends on the date)',
      '| tenant-secret-probabilistic | missing | yes | the org did not answer the check (INVALID_TYPE) |',
      '- 2 of 2 test(s) ran: 2 passed, 0 failed',
      '- coverage 81% over 2 class(es) (the org requires 75%)',
      '  - PhiAccessAudit: 60% covered',
      '- FAILED at --fail-on high (31 API call(s))',
      '| 164.312(a)(2)(iv) | Encryption and decryption (at rest) | Fail | ENC-001, ENC-004, ORG-101 |',
      '| force-app/main/default/objects/Contact/fields/Birthdate.field-meta.xml | encryptionScheme | tenant-secret-probabilistic | ENC-004 |',
      '- Release manager: ___',
      '- Security or privacy officer: ___'
    ])
      expect([fact, md.includes(fact)]).toEqual([fact, true]);
    const html = renderReleaseHtml(releaseRun());
    expect(html).toContain('<p class="verdict bad">FAILED at: post-deploy verify</p>');
    expect(html).toContain('<section id="signoff">');
    expect(html).toMatch(/<th scope="row">Release manager<\/th><td><\/td>/);
    expect(html).not.toMatch(/<(script|link|img)\b/i);
  });

  it('escapes what the org and the project supply (names, messages)', () => {
    const run = releaseRun({ target: HOSTILE });
    const md = renderReleaseMarkdown(run);
    expect(headings(md).some((h) => h.includes('Forged'))).toBe(false);
    expect(md).not.toContain('<img');
    const html = renderReleaseHtml(run);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\\n## Forged: PASSED');
  });

  it('a stage that did not run says why; each verdict reads as it should', () => {
    const gateStop = releaseRun({
      stoppedAt: 'gate',
      preflight: undefined,
      deploy: undefined,
      postDeploy: undefined,
      knownGaps: [],
      manifest: undefined,
      bundleSha256: undefined
    });
    const md = renderReleaseMarkdown(gateStop);
    expect(md).toContain('**FAILED at: gate**');
    expect(md.match(/- Not run: the pipeline stopped at the gate stage\./g)).toHaveLength(3);
    expect(md).toContain('| Components | no manifest: nothing was packaged |');
    expect(md).toContain('- none: every component was deployed as written');
    const dry = releaseRun({
      passed: true,
      stoppedAt: 'none',
      postDeploy: undefined,
      options: { ...releaseRun().options, dryRun: true }
    });
    expect(renderReleaseMarkdown(dry)).toContain('**VALIDATED: dry run (checkOnly), the org is unchanged**');
    expect(renderReleaseMarkdown(dry)).toContain('- Not run: a dry run leaves the org unchanged');
    const timeout = releaseRun({ stoppedAt: 'timeout', postDeploy: undefined });
    expect(renderReleaseMarkdown(timeout)).toContain(
      '**NOT FINISHED: deploy 0Af000000000042AAA was still running'
    );
    expect(renderReleaseMarkdown(releaseRun({ passed: true, stoppedAt: 'none' }))).toContain(
      '**PASSED: deployed and verified**'
    );
    const nothing = releaseRun({
      passed: true,
      stoppedAt: 'none',
      deploy: undefined,
      delta: { ref: 'HEAD', changed: [], deleted: [], deletesSent: false }
    });
    expect(renderReleaseMarkdown(nothing)).toContain('**NOTHING TO DEPLOY');
    expect(renderReleaseMarkdown(nothing)).toContain(
      '| Delta | changes since HEAD: 0 file(s) changed, 0 deleted |'
    );
  });

  it('a resumed deploy names where the facts of its start came from', () => {
    expect(
      renderReleaseMarkdown(releaseRun({ resumed: { record: '.phi-guard/deploys/0Af000000000042AAA.json' } }))
    ).toContain(
      '| Followed with deploy resume | yes; the gate, preflight, manifest and bundle hash come from .phi-guard/deploys/0Af000000000042AAA.json'
    );
    expect(renderReleaseMarkdown(releaseRun({ resumed: {} }))).toContain(
      'were rebuilt from the project at resume time'
    );
  });

  it('the pack holds both beside the JSON; the manifest reader tolerates what it cannot read', () => {
    const files = packFiles(releaseRun());
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['release.json', 'release.md', 'release.html', 'package.xml', 'bundle.sha256'])
    );
    expect(JSON.parse(files['release.json']!)).toMatchObject({
      gitCommit: '0123456789abcdef0123456789abcdef01234567'
    });
    expect(manifestTypes(undefined)).toBeUndefined();
    expect(manifestTypes('<Package><types>')).toBeUndefined();
    expect(manifestTypes('<Package><types><members>A</members></types></Package>')).toEqual([
      { name: '?', members: 1 }
    ]);
  });
});
