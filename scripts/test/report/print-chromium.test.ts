import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/browser/chromium';
import { verifySnapshot } from '../../src/engine/verify';
import { renderHtml as accessReviewHtml } from '../../src/ops/access/render';
import { buildReview } from '../../src/ops/access/review';
import { loadProject } from '../../src/posture/source/loader';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { renderHtml } from '../../src/report/evidence-pack';
import { PRINT_MARGIN_MM } from '../../src/report/print-css';
import { renderReleaseHtml } from '../../src/report/release';
import { fixture } from '../helpers/paths';
import { pdfPages, squeeze } from '../helpers/pdf-text';
import { md, NOW, phiField, snapshotOf } from '../helpers/project';
import { releaseRun } from './release-fixture';

/**
 * The auditor's HTML (release record, verify evidence pack, access review) printed on US Letter and
 * A4 in headless Chromium: in print media, at the page's printable width (paper minus the 12 mm
 * margins the reports set), no table cell, heading or paragraph reaches past the right edge, so no
 * column is clipped. Each is also printed to PDF at both sizes, and the PDF itself is read back
 * (test-side reader, helpers/pdf-text.ts): every table cell's text, last columns included, is painted
 * on a page (Chromium leaves what falls off the page out of the PDF).
 */
jest.setTimeout(180_000);

const MM = 96 / 25.4; // CSS px per mm
const PAPER = { Letter: 215.9, A4: 210 } as const; // widths in mm
const printable = (paper: keyof typeof PAPER) => Math.floor((PAPER[paper] - 2 * PRINT_MARGIN_MM) * MM);

const out = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-print-'));
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/** Elements whose box ends past the printable width, in print media. */
async function overflowing(page: Page, width: number) {
  await page.setViewportSize({ width, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  // A string: this file is compiled without the DOM types; the function runs in the page.
  return page.evaluate(`(() => {
    const w = ${width};
    const over = [];
    for (const el of document.querySelectorAll('table, th, td, h1, h2, h3, p, li, pre')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 0.5) over.push(el.tagName + ' ' + Math.round(r.right) + 'px ' + (el.textContent || '').slice(0, 30));
    }
    return { over, scroll: document.documentElement.scrollWidth };
  })()`) as Promise<{ over: string[]; scroll: number }>;
}

/** The text of every table cell shown in print media, as rendered (innerText). */
async function cellTexts(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('th, td')]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => el.innerText)`) as Promise<string[]>;
}

/** Cells whose text is not painted in the PDF. */
function missingFromPdf(pdf: Buffer, cells: string[]): string[] {
  const painted = squeeze(pdfPages(pdf).join(''));
  return cells.filter((c) => !painted.includes(squeeze(c)));
}

async function printsWhole(name: string, html: string): Promise<void> {
  const file = path.join(out, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(`file://${file}`);
    for (const paper of ['Letter', 'A4'] as const) {
      const width = printable(paper);
      const { over, scroll } = await overflowing(page, width);
      expect([name, paper, over]).toEqual([name, paper, []]);
      expect(scroll).toBeLessThanOrEqual(width);
      const pdf = await page.pdf({ format: paper });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5_000);
      const cells = (await cellTexts(page)).filter((c) => squeeze(c) !== '');
      expect(cells.length).toBeGreaterThan(3);
      expect([name, paper, missingFromPdf(pdf, cells)]).toEqual([name, paper, []]);
    }
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  } finally {
    await page.close();
  }
}

describe('reports print on Letter and A4 with every column on the page', () => {
  it('the measure catches a clipped column (the access review used to be 1,820 px wide)', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(
        '<table style="width:1820px"><tr><td>Keep / Revoke</td><td>Notes</td></tr></table>'
      );
      const { over } = await overflowing(page, printable('Letter'));
      expect(over.length).toBeGreaterThan(0);
      // and the PDF reader sees the clipped column missing from the printed page
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'Letter' });
      expect(missingFromPdf(pdf, await cellTexts(page))).toEqual(['Notes']);
    } finally {
      await page.close();
    }
  });

  it('release.html renders and prints whole', async () => {
    const html = renderReleaseHtml(releaseRun());
    await printsWhole('release', html);
    const page = await browser.newPage();
    try {
      await page.goto(`file://${path.join(out, 'release.html')}`);
      expect(await page.locator('p.verdict').textContent()).toBe('FAILED at: post-deploy verify');
      expect(await page.locator('#signoff table.signoff tr').count()).toBe(4);
      expect(await page.locator('#gaps tbody tr').count()).toBe(2);
    } finally {
      await page.close();
    }
  });

  it('the access review prints whole, Decision and Notes columns included', async () => {
    const long = 'Patient_Medication_Administration_Record__c';
    const snap = snapshotOf({
      [`objects/${long}/${long}.object-meta.xml`]: md.object(),
      [`objects/${long}/fields/Diagnosis_Code_Long_Name_For_Layout__c.field-meta.xml`]: phiField(
        'Diagnosis_Code_Long_Name_For_Layout__c'
      ),
      'permissionsets/Clinical_Pharmacist_With_A_Very_Long_Permission_Set_Name.permissionset-meta.xml':
        md.permset(
          [
            md.objectPerm(long, { allowRead: true, allowEdit: true, viewAllRecords: true }),
            md.fieldPerm(`${long}.Diagnosis_Code_Long_Name_For_Layout__c`, true, true),
            md.userPerm('ViewAllData')
          ].join('\n')
        )
    });
    const html = accessReviewHtml(buildReview(snap, 'force-app', NOW));
    expect(html).toContain('Decision (Keep/Revoke)');
    await printsWhole('access-review', html);
  });

  it('the verify evidence pack prints whole', async () => {
    const r = verifySnapshot(loadProject(loadSfdxProject(fixture('posture', 'noncompliant'))), {
      now: NOW,
      failOn: 'high',
      version: 't'
    });
    await printsWhole('evidence-pack', renderHtml(r));
    expect(readFileSync(path.join(out, 'evidence-pack.html'), 'utf8')).toContain('Executive summary');
  });
});
