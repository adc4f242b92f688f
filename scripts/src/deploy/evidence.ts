import { renderReleaseHtml, renderReleaseMarkdown } from '../report/release';
import type { DeployRun } from './pipeline';

/**
 * The evidence pack's files: the manifest and the bundle's SHA-256, the gate result, the preflight, the tests and
 * coverage, the post-deploy posture, the known gaps, and who ran it and when (release.json), with the same facts
 * for people in release.md and release.html (an auditor's copy with a sign-off block). Only names, ids,
 * counts and statuses: no field value, secret or token is ever part of a DeployRun.
 */
export function packFiles(run: DeployRun): Record<string, string> {
  const json = (v: unknown) => `${JSON.stringify(v ?? null, null, 2)}\n`;
  const files: Record<string, string> = {
    'release.json': json({
      tool: run.tool,
      target: run.target,
      ranBy: run.ranBy,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      options: run.options,
      stoppedAt: run.stoppedAt,
      passed: run.passed,
      deployId: run.deploy?.id,
      bundleSha256: run.bundleSha256,
      forced: run.gate?.forced,
      // Which gate layers were reused from the signed cache (verify never is: it always reruns).
      gateReused: run.gate?.cache.reused ?? [],
      gitCommit: run.gitCommit,
      ...(run.gitDirty ? { gitDirty: true } : {}),
      ...(run.resumed ? { resumed: run.resumed } : {})
    }),
    'release.md': renderReleaseMarkdown(run),
    'release.html': renderReleaseHtml(run),
    'gate.json': json(run.gate),
    'preflight.json': json(run.preflight),
    'known-gaps.json': json(run.knownGaps),
    'tests.json': json(
      run.deploy && {
        id: run.deploy.id,
        status: run.deploy.status,
        components: run.deploy.components,
        componentFailures: run.deploy.componentFailures,
        tests: run.deploy.tests,
        testFailures: run.deploy.testFailures,
        testSuccesses: run.deploy.testSuccesses,
        coverage: run.deploy.coverage
      }
    ),
    'post-deploy.json': json(run.postDeploy)
  };
  if (run.delta) files['delta.json'] = json(run.delta);
  if (run.manifest) files['package.xml'] = run.manifest;
  if (run.destructiveManifest) files['destructiveChangesPost.xml'] = run.destructiveManifest;
  if (run.bundleSha256)
    files['bundle.sha256'] = `${run.bundleSha256}  deployed bundle (source files and manifests)\n`;
  return files;
}
