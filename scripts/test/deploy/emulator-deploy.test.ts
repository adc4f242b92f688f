import JSZip from 'jszip';
import { startEmulator, type Emulator } from '../../emulator/server';
import { connect } from '../emulator/helpers';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ profile: 'compliant', now: new Date('2026-11-25T12:00:00Z') });
});
afterAll(() => emu.stop());

/** Starts a deploy of `files` (remote site settings) with a package.xml naming them; does not wait for it. */
async function startDeploy(files: Record<string, string>) {
  const conn = await connect(emu);
  const zip = new JSZip();
  // package.xml names every remote site setting of the zip (the manifest names what a deploy deploys).
  const members = Object.keys(files)
    .map((f) => /^remoteSiteSettings\/(\w+)\.remoteSite$/.exec(f)?.[1])
    .filter(Boolean)
    .map((m) => `<members>${m}</members>`)
    .join('');
  zip.file(
    'package.xml',
    `<Package ${NS}><types>${members}<name>RemoteSiteSetting</name></types><version>63.0</version></Package>`
  );
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  const started = (await conn.metadata.deploy(
    await zip.generateAsync({ type: 'nodebuffer' }),
    {}
  )) as unknown as {
    id: string;
  };
  return { conn, id: started.id };
}

async function deployZip(files: Record<string, string>) {
  const { conn, id } = await startDeploy(files);
  let r = await conn.metadata.checkDeployStatus(id, true);
  while (!r.done) r = await conn.metadata.checkDeployStatus(id, true);
  return r;
}

describe('emulator deploy runs the deployability validation', () => {
  it('an element the Metadata API type does not have fails the component, naming file, line and element', async () => {
    const r = await deployZip({
      'remoteSiteSettings/Lab.remoteSite': `<RemoteSiteSetting ${NS}>\n<isActive>true</isActive>\n<notAField>x</notAField>\n<url>https://lab.example.com</url>\n</RemoteSiteSetting>`
    });
    expect(r.status).toBe('Failed');
    expect([r.details!.componentFailures].flat()[0]).toMatchObject({
      fileName: 'remoteSiteSettings/Lab.remoteSite',
      fullName: 'Lab',
      lineNumber: 3,
      columnNumber: 1,
      problemType: 'Error',
      problem: expect.stringMatching(
        /Element \{[^}]+\}notAField invalid at this location in type RemoteSiteSetting/
      )
    });
    expect(emu.state.md('RemoteSiteSetting').has('Lab')).toBe(false);
  });
  it('a valid component deploys and is applied', async () => {
    const r = await deployZip({
      'remoteSiteSettings/Lab2.remoteSite': `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://lab.example.com</url></RemoteSiteSetting>`
    });
    expect(r.status).toBe('Succeeded');
    expect(emu.state.md('RemoteSiteSetting').has('Lab2')).toBe(true);
  });
});

describe('the emulator deploy switches the deploy tests time with', () => {
  afterEach(() => emu.setFaults([]));

  async function startSlow(polls: number) {
    emu.setFaults([`deploy-slow:${polls}`]);
    return startDeploy({
      'remoteSiteSettings/Lab3.remoteSite': `<RemoteSiteSetting ${NS}><isActive>true</isActive><url>https://lab.example.com</url></RemoteSiteSetting>`
    });
  }

  it('deploy-slow:<polls> holds the deploy InProgress for that many polls after the first, then finishes it', async () => {
    const { conn, id } = await startSlow(8);
    const states: string[] = [];
    for (let i = 0; i < 9; i++) states.push((await conn.metadata.checkDeployStatus(id, false)).status);
    // Pending -> InProgress at the first poll, then 7 more InProgress, and the 8th after it finishes the deploy.
    expect(states).toEqual([...Array<string>(8).fill('InProgress'), 'Succeeded']);
  });

  it('latency:<ms>:<SOAP method> delays that call only; the rest of the org answers at once', async () => {
    const { conn, id } = await startSlow(2);
    emu.setFaults(['latency:500:checkDeployStatus']);
    let started = Date.now();
    await conn.metadata.checkDeployStatus(id, false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    started = Date.now();
    await conn.metadata.list([{ type: 'RemoteSiteSetting' }], '63.0');
    expect(Date.now() - started).toBeLessThan(500);
  });
});
