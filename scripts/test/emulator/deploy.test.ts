import { join } from 'node:path';
import JSZip from 'jszip';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { startEmulator, type Emulator } from '../../emulator/server';
import { connect } from './helpers';

const FORCE_APP = join(__dirname, '../../../force-app/main/default');
let emu: Emulator;
let conn: Connection;
beforeEach(async () => {
  emu = await startEmulator({ profile: 'noncompliant' });
  conn = await connect(emu);
});
afterEach(async () => {
  await emu.stop();
});

async function sessionTimeout(): Promise<string> {
  const [sec] = (await conn.metadata.read('SecuritySettings', ['Security'])) as unknown as {
    sessionSettings: { sessionTimeout: string };
  }[];
  return sec!.sessionSettings.sessionTimeout;
}

async function deploySettings(apiOptions: Record<string, unknown>) {
  const cs = ComponentSet.fromSource(join(FORCE_APP, 'settings'));
  const op = await cs.deploy({ usernameOrConnection: conn, apiOptions });
  return (await op.pollStatus(50, 60)).response;
}

describe('Metadata API deploy through SDR ComponentSet.deploy (SOAP)', () => {
  it('applies the package to the org state, so a later read sees it', async () => {
    expect(await sessionTimeout()).toBe('TwoHours');
    const r = await deploySettings({ testLevel: 'NoTestRun' });
    expect(r).toMatchObject({
      status: 'Succeeded',
      success: true,
      done: true,
      checkOnly: false,
      numberComponentErrors: 0
    });
    expect(r.numberComponentsDeployed).toBe(r.numberComponentsTotal);
    expect(await sessionTimeout()).toBe('FifteenMinutes');
    const log = emu.requests().filter((e) => e.family === 'soap-metadata');
    expect(log.map((e) => e.detail)).toEqual(expect.arrayContaining(['deploy', 'checkDeployStatus']));
    expect(log.find((e) => e.detail === 'deploy')?.write).toBe(true);
  });
  it('checkOnly validates without changing the org', async () => {
    const r = await deploySettings({ checkOnly: true, testLevel: 'NoTestRun' });
    expect(r).toMatchObject({ status: 'Succeeded', checkOnly: true });
    expect(await sessionTimeout()).toBe('TwoHours');
  });
  it('runs the Apex tests with RunLocalTests and reports coverage', async () => {
    const r = await deploySettings({ testLevel: 'RunLocalTests' });
    const tr = r.details.runTestResult!;
    expect(Number(tr.numTestsRun)).toBeGreaterThan(20);
    expect(Number(tr.numFailures)).toBe(0);
    expect(r.numberTestsTotal).toBe(Number(tr.numTestsRun));
    expect([tr.codeCoverage].flat().length).toBeGreaterThan(5);
    expect(tr.codeCoverageWarnings ?? []).toEqual([]);
  });
  it('deploy-component-error: Failed, componentFailures, rolled back', async () => {
    emu.setFaults(['deploy-component-error']);
    const r = await deploySettings({ testLevel: 'NoTestRun' });
    expect(r).toMatchObject({
      status: 'Failed',
      success: false,
      numberComponentErrors: 1,
      numberComponentsDeployed: 0
    });
    const failures = [r.details.componentFailures].flat();
    expect(failures[0]).toMatchObject({
      success: false,
      problemType: 'Error',
      componentType: expect.stringMatching(/Settings$/)
    });
    expect(await sessionTimeout()).toBe('TwoHours');
  });
  it('deploy-test-failure and deploy-low-coverage fail the deploy with the real result shapes', async () => {
    emu.setFaults(['deploy-test-failure']);
    const t = await deploySettings({ testLevel: 'RunLocalTests' });
    expect(t).toMatchObject({ status: 'Failed', numberTestErrors: 1 });
    expect([t.details.runTestResult!.failures].flat()[0]).toMatchObject({
      message: expect.stringContaining('AssertException'),
      methodName: expect.any(String),
      name: expect.stringMatching(/_Test$/)
    });
    expect(await sessionTimeout()).toBe('TwoHours');
    emu.setFaults(['deploy-low-coverage']);
    const c = await deploySettings({ testLevel: 'RunLocalTests' });
    expect(c.status).toBe('Failed');
    expect([c.details.runTestResult!.codeCoverageWarnings].flat()[0]!.message).toMatch(
      /Average test coverage across all Apex Classes and Triggers is \d+%, at least 75% test coverage is required/
    );
  });
  it('deploy-slow keeps the deploy InProgress for several polls; cancelDeploy cancels it', async () => {
    emu.setFaults(['deploy-slow']);
    const zip = new JSZip();
    zip.file(
      'package.xml',
      '<?xml version="1.0"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>Lab</members><name>RemoteSiteSetting</name></types><version>63.0</version></Package>'
    );
    zip.file(
      'remoteSiteSettings/Lab.remoteSite',
      '<?xml version="1.0"?><RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata"><isActive>true</isActive><url>https://lab.example.com</url></RemoteSiteSetting>'
    );
    const buf = await zip.generateAsync({ type: 'nodebuffer' });
    const started = (await conn.metadata.deploy(buf, {})) as unknown as { id: string };
    const states: string[] = [];
    for (let i = 0; i < 4; i++)
      states.push((await conn.metadata.checkDeployStatus(started.id, false)).status);
    expect(states).toEqual(['InProgress', 'InProgress', 'InProgress', 'InProgress']);
    await conn.metadata.cancelDeploy(started.id);
    const after = await conn.metadata.checkDeployStatus(started.id, true);
    expect(after).toMatchObject({ status: 'Canceled', done: true, success: false });
    expect(emu.state.md('RemoteSiteSetting').has('Lab')).toBe(false);
  });
  it('REST deployRequest (SDR apiOptions.rest) deploys the same way', async () => {
    const r = await deploySettings({ rest: true, testLevel: 'NoTestRun' });
    expect(r).toMatchObject({ status: 'Succeeded', success: true });
    expect(await sessionTimeout()).toBe('FifteenMinutes');
    expect(
      emu
        .requests()
        .some(
          (e) => e.path === '/services/data/v63.0/metadata/deployRequest' && e.method === 'POST' && e.write
        )
    ).toBe(true);
  });
  it('a malformed file in the zip is a component failure naming the file and line', async () => {
    const zip = new JSZip();
    zip.file(
      'package.xml',
      '<Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>Bad</members><name>RemoteSiteSetting</name></types><version>63.0</version></Package>'
    );
    zip.file('remoteSiteSettings/Bad.remoteSite', '<RemoteSiteSetting>\n<url>https://x</url>\n');
    const started = (await conn.metadata.deploy(
      await zip.generateAsync({ type: 'nodebuffer' }),
      {}
    )) as unknown as { id: string };
    let r = await conn.metadata.checkDeployStatus(started.id, true);
    while (!r.done) r = await conn.metadata.checkDeployStatus(started.id, true);
    expect(r.status).toBe('Failed');
    expect([r.details!.componentFailures].flat()[0]).toMatchObject({
      fileName: 'remoteSiteSettings/Bad.remoteSite',
      problemType: 'Error'
    });
  });
});
