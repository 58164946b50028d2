/**
 * The whole clinic flow in a real browser (Debian Chromium via playwright-core) against the real server, in
 * English and in Korean: admin adds a thread product with a valid and an expired lot; the doctor signs in,
 * creates a patient, starts a visit, records the intake, uploads the astronaut portrait as the front view,
 * corrects a landmark (metrics recompute), saves the assessment, gets a plan, drags an entry point into a
 * danger zone (a warning appears), edits the thread table (a count and a gauge, a technique switched, reset and
 * switched again; plan-checks.ts), records justifications, saves and signs (the server verifies the edited
 * placements), checks the plan at 1180×820 (face to the jaw and Save/Sign in the first screen, 44 px targets,
 * zone views, legend toggles, labels that never overlap), opens the patient-facing
 * consultation (its text passes the wording lint), records the procedure with lots (the expired lot cannot be
 * chosen; the timeline lists the procedure with product and lot), and compares a follow-up photo with the
 * baseline. Photo analyses come from the server (the demo patient's photo, and the first browser's photo opened
 * in a second browser); the admin pages through the audit log; the Korean face renders "한국어". Screenshots of
 * every step go to test-artifacts/e2e/.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { lintText, hasLintErrors } from '@liftplan/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASTRONAUT,
  artifactsDir,
  ensureWebBuilt,
  fakeCameraClip,
  launchChromium,
  startServer,
  type RunningServer,
} from './harness.js';
import {
  assertPlanFitsFirstScreen,
  assertTouchTargets,
  checkZoneViews,
  editThreadTable,
} from './plan-checks.js';

const DEMO_PASSWORD = 'liftplan-demo-only';
const VIEWPORT = { width: 1366, height: 1024 }; // iPad Pro 12.9" in landscape

let server: RunningServer;
let browser: Browser;
const shots: string[] = [];
/** The English flow's first visit (photos step): opened again in another browser. */
let enVisitPhotos = '';

async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(artifactsDir(), `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

async function login(page: Page, base: string, email: string, lang: 'en' | 'ko'): Promise<void> {
  await page.goto(`${base}/login?lang=${lang}`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page
    .getByTestId('patient-list')
    .or(page.getByText(lang === 'en' ? 'No patients found.' : '환자가 없습니다.'))
    .first()
    .waitFor();
}

async function logout(page: Page, lang: 'en' | 'ko'): Promise<void> {
  await page.getByRole('button', { name: lang === 'en' ? 'Sign out' : '로그아웃', exact: true }).click();
  await page.getByTestId('login-email').waitFor();
}

/** Drags from the centre of one element to a point, in small steps, as a finger or mouse would. */
async function dragTo(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`no box for ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** iPad (10.9", landscape, 2×, touch): the same plan screen, in a context of its own with the session. */
const IPAD = { viewport: { width: 1180, height: 820 }, deviceScaleFactor: 2, hasTouch: true } as const;

async function ipadPlanShot(page: Page, lang: 'en' | 'ko', signed = false): Promise<void> {
  const ctx = await browser.newContext({
    ...IPAD,
    locale: lang === 'ko' ? 'ko-KR' : 'en-GB',
    storageState: await page.context().storageState(),
  });
  try {
    const ipad = await ctx.newPage();
    await ipad.goto(page.url());
    await ipad.getByTestId('plan-canvas').waitFor();
    await ipad.getByTestId('thread-table').waitFor();
    await ipad.getByTestId('rationale').waitFor();
    // Nothing wider than the screen (no sideways scrolling of the page), and the plan's controls in reach.
    const overflow = await ipad.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['plan-save', 'plan-canvas']) {
      const box = await ipad.getByTestId(id).first().boundingBox();
      expect(box, id).not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= IPAD.viewport.width, id).toBe(true);
    }
    await assertPlanFitsFirstScreen(ipad);
    await assertTouchTargets(ipad);
    if (signed) {
      expect(await ipad.getByTestId('plan-sign').count()).toBe(1);
      await shot(ipad, `${lang}-09b-plan-signed-ipad`);
      return;
    }
    await shot(ipad, `${lang}-07b-plan-ipad`);
    await checkZoneViews(ipad, async (name) => shot(ipad, `${lang}-${name}`));
  } finally {
    await ctx.close();
  }
}

async function adminSetsUpCatalogue(page: Page, base: string): Promise<void> {
  await login(page, base, 'admin@demo.liftplan', 'en');
  await page.goto(`${base}/admin/catalogue`);
  await page.getByTestId('product-name').fill('PDO Cog 19G');
  await page.getByTestId('product-manufacturer').fill('Demo Threads Co.');
  await page.getByTestId('product-add').click();
  await page.getByTestId('product').first().waitFor();
  const name = 'PDO Cog 19G';
  for (const [lot, expiry] of [
    ['LOT-OK-2030', '2030-12-31'],
    ['LOT-EXPIRED-2020', '2020-01-31'],
  ] as const) {
    await page.getByTestId(`lot-number-${name}`).fill(lot);
    await page.getByTestId(`lot-expiry-${name}`).fill(expiry);
    await page.getByTestId(`lot-stock-${name}`).fill('100');
    await page.getByTestId(`lot-add-${name}`).click();
    await page.getByText(lot, { exact: false }).first().waitFor();
  }
  await shot(page, 'en-00-admin-catalogue');
  await page.getByTestId('admin-users').click();
  await page.getByText('doctor@demo.liftplan').waitFor();
  await shot(page, 'en-00-admin-users');
  await logout(page, 'en');
}

async function clinicFlow(page: Page, base: string, lang: 'en' | 'ko'): Promise<void> {
  const p = `${lang}-`;
  await login(page, base, 'doctor@demo.liftplan', lang);
  // The language switch's "한국어" is drawn with the bundled Korean face (no Korean system font here).
  // (Expressions as strings: this file is type-checked without the DOM library.)
  expect(await page.evaluate<boolean>("document.fonts.check('600 12px liftplan-ko', '한국어')")).toBe(true);
  const family = await page.evaluate<string>(
    `getComputedStyle(document.querySelector('[data-testid="lang-switch"] label')).fontFamily`,
  );
  expect(family.startsWith('liftplan-ko')).toBe(true);
  await shot(page, `${p}01-patient-list`);

  // The demo patient's photo (uploaded by the server at start-up) shows its analysis, from the server.
  await page.getByText('Demo patient').click();
  await page.getByTestId('patient-title').waitFor();
  await page
    .locator('[data-testid="photo-analysis"][data-status="succeeded"]')
    .first()
    .waitFor({ timeout: 90_000 });
  await shot(page, `${p}01b-demo-patient-analysed`);
  await page.goto(`${base}/`);
  await page.getByTestId('new-patient').waitFor();

  // New patient
  await page.getByTestId('new-patient').click();
  const chart = `E2E-${lang.toUpperCase()}-${Date.now() % 100000}`;
  await page.getByTestId('patient-chart').fill(chart);
  await page.getByTestId('patient-name').fill(lang === 'en' ? 'Test Patient' : '김테스트');
  await page.getByTestId('patient-birth').fill('1978-04-02');
  // Nothing pre-selected: the sex is chosen.
  expect(await page.getByTestId('patient-sex').inputValue()).toBe('');
  await page.getByTestId('patient-sex').selectOption('female');
  await page.getByTestId('patient-create').click();
  await page.getByTestId('patient-title').waitFor();
  await shot(page, `${p}02-new-patient-timeline`);

  // Consultation visit -> intake
  await page.getByTestId('new-visit').click();
  await page.getByTestId('intake-save').waitFor();
  // Nothing chosen for the user: no concern, expectation or photo consent is pre-ticked; saving says what is missing.
  expect(await page.getByTestId('concern-jowl').isChecked()).toBe(false);
  expect(await page.getByTestId('photo-consent-yes').isChecked()).toBe(false);
  await page.getByTestId('intake-save').click();
  await page.getByTestId('missing').waitFor();
  await page.getByTestId('concern-midface').check();
  await page.getByTestId('expectations-realistic').check();
  await page.getByTestId('photo-consent-yes').check();
  await shot(page, `${p}03-intake`);
  await page.getByTestId('intake-save').click();

  // Photos: upload the astronaut as the front view; the server analyses it (real face mesh).
  await page.getByTestId('view-front').waitFor();
  if (lang === 'en') enVisitPhotos = page.url();
  await page.getByTestId('upload-front').setInputFiles(ASTRONAUT);
  await page.getByTestId('analysis-done-front').waitFor({ timeout: 90_000 });
  await shot(page, `${p}04-photos-front-analysed`);
  if (lang === 'en') {
    // A 3-shot burst of the front view replaces the single photo: each shot analysed, the plan on their median.
    await page.getByTestId('upload-burst-front').setInputFiles([ASTRONAUT, ASTRONAUT, ASTRONAUT]);
    await page.locator('[data-testid="burst-front"][data-shots="3"]').waitFor({ timeout: 90_000 });
    await expect
      .poll(() => page.getByTestId('burst-front').innerText(), { timeout: 90_000 })
      .toMatch(/3 shots of this view: (\d passed|none passed)/);
    await shot(page, `${p}04a-photos-front-burst`);
  }

  // Analysis: drag the left mouth corner down; the mouth-corner metrics change at once; save.
  await page.getByTestId('photos-next').click();
  await page.getByTestId('analysis-canvas').waitFor();
  const cell = page.locator('[data-metric="commissure-height"] [data-side="left"]');
  await cell.waitFor();
  const before = await cell.innerText();
  const handle = await centre(page, '[data-testid="lm-mouthCorner-left"]');
  // A small correction: a large one makes an asymmetry beyond what threads correct (candidacy defers).
  await dragTo(page, handle, { x: handle.x + 2, y: handle.y + 5 });
  await expect.poll(() => cell.innerText()).not.toBe(before);
  await page.getByTestId('unsaved').waitFor();
  await shot(page, `${p}05-analysis-landmark-corrected`);
  await page.getByTestId('save-landmarks').click();
  await page.getByTestId('landmarks-saved').waitFor();

  // Assessment -> plan
  await page.getByTestId('analysis-next').click();
  await page.getByTestId('grade-jowl-left').waitFor();
  // Nothing is pre-filled: saving first lists what is missing; then the clinician grades each side.
  await page.getByTestId('assessment-save').click();
  await page.getByTestId('assessment-missing').waitFor();
  const grades = { brow: 1, midface: 2, nasolabial: 2, jowl: 2, marionette: 1, neck: 0 } as const;
  for (const [region, g] of Object.entries(grades)) {
    for (const side of ['left', 'right']) {
      const worse = region === 'jowl' && side === 'left' ? g + 1 : g;
      await page.getByTestId(`grade-${region}-${side}`).getByText(String(worse), { exact: true }).click();
    }
  }
  for (const [key, value] of [
    ['skinThickness', 'normal'],
    ['elasticity', 'fair'],
    ['fat', 'balanced'],
    ['glogau', 'II'],
    ['fitzpatrick', 'III'],
  ] as const) {
    await page.getByTestId(`assess-${key}`).selectOption(value);
  }
  await page.getByTestId('candidacy').waitFor();
  await shot(page, `${p}06-assessment`);
  await page.getByTestId('assessment-save').click();
  await page.getByTestId('plan-canvas').waitFor();
  await page.getByTestId('thread-table').waitFor();
  // The planner's plan on this photo: resolved, or findings a doctor acts on (justified below).
  await page.locator('[data-testid="no-zone-findings"], [data-testid="zone-warning"]').first().waitFor();
  await shot(page, `${p}07-plan`);
  await ipadPlanShot(page, lang);

  // Drag the first entry point into a danger zone (a foramen circle): a warning appears at once.
  const entry = page.locator('[data-testid^="entry-"]').first();
  const entryBox = await entry.boundingBox();
  if (!entryBox) throw new Error('no entry handle');
  const zone = await centre(page, '[data-zone-id^="infraorbital-foramen"] circle');
  await dragTo(page, { x: entryBox.x + entryBox.width / 2, y: entryBox.y + entryBox.height / 2 }, zone);
  const warning = page.locator('[data-testid="zone-warning"][data-level="error"]').first();
  await warning.waitFor();
  await shot(page, `${p}08-plan-danger-zone-warning`);
  await editThreadTable(page, async (name) => shot(page, `${p}${name}`));

  // Record a justification for each unresolved zone finding, then save and sign.
  for (let i = 0; i < 40; i++) {
    const errs = page.locator('[data-testid="zone-warning"][data-level="error"]');
    if ((await errs.count()) === 0) break;
    await errs
      .first()
      .getByTestId('justification-input')
      .fill(
        lang === 'en'
          ? 'Entry placed deliberately; threads run subcutaneously, away from the foramen'
          : '의도적 배치: 피하층으로 진행하여 구멍을 피함',
      );
    await errs.first().getByTestId('justify').click();
  }
  await page.getByTestId('no-zone-findings').waitFor();
  await page.getByTestId('accepted-crossings').click();
  await page.locator('[data-testid="zone-accepted"][data-user-justified="yes"]').first().waitFor();
  await page.getByTestId('plan-save').click();
  await page.getByTestId('plan-status').waitFor();
  // Sign: the chart audit lists each item (threads and findings complete; consent not available yet), then the
  // doctor's password again.
  await page.getByTestId('plan-sign').click();
  await page.getByTestId('sign-item-findings').waitFor();
  expect(await page.getByTestId('sign-item-findings').getAttribute('data-state')).toBe('complete');
  expect(await page.getByTestId('sign-item-consent').getAttribute('data-state')).toBe('after-signing');
  const ack = page.getByTestId('sign-ack-provisional');
  if ((await ack.count()) > 0) await ack.check();
  await shot(page, `${p}09a-sign-dialog`);
  await page.getByTestId('sign-password').fill('not the password');
  await page.getByTestId('sign-confirm').click();
  await page
    .locator('[data-testid="sign-dialog"] [role="alert"], [role="dialog"] [role="alert"]')
    .first()
    .waitFor();
  await page.getByTestId('sign-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-confirm').click();
  await page.getByTestId('to-consult').waitFor();
  await expect.poll(() => page.getByTestId('plan-version').first().innerText()).toContain('(Asia/Seoul)');
  await shot(page, `${p}09-plan-signed`);
  // The server kept the clinician's choices: the signed version lists the edited placements.
  expect(await page.locator('[data-testid^="edited-"]').count()).toBeGreaterThan(0);
  await ipadPlanShot(page, lang, true);

  // Consultation (patient-facing): check the rendered text with the domain's wording lint.
  await page.getByTestId('to-consult').click();
  await page.getByTestId('consultation').waitFor();
  await page.getByTestId('consult-canvas').waitFor();
  const text = await page.getByTestId('consultation').innerText();
  const findings = lintText(text, { locale: lang });
  expect(hasLintErrors(findings), JSON.stringify(findings.filter((f) => f.severity === 'error'))).toBe(false);
  await shot(page, `${p}10-consultation`);

  // The server prints the consultation report from the verified signed record.
  const visitId = /visits\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  // Each download carries the reason the user chose: no link until one is chosen.
  expect(await page.getByTestId('report-pdf').getAttribute('href')).toBeNull();
  await page.getByTestId('visit-documents-reason').selectOption('patient-care');
  const reportHref = (await page.getByTestId('report-pdf').getAttribute('href')) ?? '';
  expect(reportHref).toBe(`/api/visits/${visitId}/report.pdf?lang=${lang}&reason=patient-care`);
  const pdf = await page.request.get(`${base}${reportHref}`);
  expect(pdf.status(), await pdf.text().catch(() => '')).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');

  // Consent (Art. 24-2): the procedure waits for it; the patient reads the form, answers each photo scope
  // and signs on the pad; the signed copy is a PDF.
  await page.getByTestId('to-procedure').click();
  await page.getByTestId('procedure-needs-consent').waitFor();
  await page.getByTestId('procedure-to-consent').click();
  await page.locator('[data-testid^="performer-"]').first().check();
  await page.getByTestId('consent-form').waitFor();
  await page.getByTestId('consent-sideEffects').waitFor();
  for (const scope of ['record', 'marketing', 'research']) {
    expect(await page.getByTestId(`scope-${scope}-yes`).isChecked()).toBe(false);
    expect(await page.getByTestId(`scope-${scope}-no`).isChecked()).toBe(false);
  }
  await page.getByTestId('consent-sign').click();
  await page.getByTestId('missing').waitFor();
  await page.getByTestId('scope-record-yes').check();
  await page.getByTestId('scope-marketing-no').check();
  await page.getByTestId('scope-research-no').check();
  await page.getByTestId('consent-read').check();
  await page.getByTestId('signer-name').fill(lang === 'en' ? 'Test Patient' : '김테스트');
  await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
  const pad = await page.getByTestId('signature-pad').boundingBox();
  if (!pad) throw new Error('no signature pad');
  await page.mouse.move(pad.x + pad.width * 0.1, pad.y + pad.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(
      pad.x + pad.width * (0.1 + i * 0.05),
      pad.y + pad.height * (i % 2 === 0 ? 0.7 : 0.3),
    );
  }
  await page.mouse.up();
  await expect
    .poll(() => page.locator('[data-testid="signature-pad"] path').getAttribute('d'))
    .toMatch(/^M [\d.]+ [\d.]+ L/);
  await shot(page, `${p}10b-consent`);
  await page.getByTestId('consent-sign').click();
  await page.getByTestId('consent-done').waitFor();
  await page.getByTestId('consent-documents-reason').selectOption('patient-care');
  const consentHref = (await page.getByTestId('consent-pdf').getAttribute('href')) ?? '';
  const consentPdf = await page.request.get(`${base}${consentHref}`);
  expect(consentPdf.status()).toBe(200);
  expect(consentPdf.headers()['content-type']).toContain('application/pdf');

  // Procedure: performer and anaesthetic chosen; the valid lot for every thread (the expired lot is listed
  // but cannot be chosen); every difference from the signed plan gets a reason.
  await page.getByTestId('consent-to-procedure').click();
  await page.getByTestId('procedure-table').waitFor();
  await page.getByTestId('performed-by').selectOption({ index: 1 });
  await page.getByTestId('anaesthesia-kind').selectOption('local-infiltration');
  await page.getByTestId('anaesthesia-agent').fill('lidocaine 1 % with epinephrine');
  await page.getByTestId('anaesthesia-dose').fill('6');
  const selects = page.locator('[data-testid^="lot-"] select, select[data-testid^="lot-"]');
  await expect.poll(() => selects.count()).toBeGreaterThan(0);
  const n = await selects.count();
  for (let i = 0; i < n; i++) {
    const sel = selects.nth(i);
    const expired = sel.locator('option', { hasText: 'LOT-EXPIRED-2020' });
    expect(await expired.isDisabled()).toBe(true);
    const ok = await sel.locator('option', { hasText: 'LOT-OK-2030' }).getAttribute('value');
    await sel.selectOption(ok ?? '');
  }
  if (await page.getByTestId('plan-differences').isVisible()) {
    const reasons = page.locator('input[data-testid^="deviation-"]');
    const m = await reasons.count();
    for (let i = 0; i < m; i++) {
      await reasons.nth(i).fill(lang === 'en' ? 'the stocked 19G cog was used' : '보유 중인 19G 코그실 사용');
    }
  }
  await expect.poll(() => page.getByTestId('plan-differences').isVisible()).toBe(false);
  await shot(page, `${p}11-procedure-lots`);
  await page.getByTestId('procedure-save').click();
  await page.getByTestId('procedure-done').waitFor();
  await shot(page, `${p}12-procedure-recorded`);

  // The timeline lists the procedure: date, threads with product and lot.
  await page.getByTestId('back-to-patient').click();
  const procedure = page.getByTestId('timeline-procedure').first();
  await procedure.waitFor();
  await expect.poll(() => procedure.innerText()).toContain('LOT-OK-2030');
  expect(await procedure.innerText()).toContain('PDO Cog 19G');
  await procedure.scrollIntoViewIfNeeded();
  await shot(page, `${p}12b-timeline-procedure`);

  // Follow-up visit: the earlier front photo shows as a ghost; upload the new photo; compare.
  await page.getByTestId('visit-kind').selectOption('follow-up');
  await page.getByTestId('new-visit').click();
  await page.getByTestId('step-photos').click();
  await page.getByTestId('view-front').waitFor();
  await shot(page, `${p}13-follow-up-ghost`);
  await page.getByTestId('upload-front').setInputFiles(ASTRONAUT);
  await page.getByTestId('analysis-done-front').waitFor({ timeout: 90_000 });
  await page.getByTestId('ghost-front').waitFor();
  await page.getByTestId('step-compare').click();
  await page.getByTestId('compare-slider').waitFor();
  // Each half of the slider says what it shows, at face size (the baseline's face crop).
  expect(await page.getByTestId('compare-label-after').textContent()).toContain(
    lang === 'en' ? 'After' : '시술 후',
  );
  expect(await page.getByTestId('compare-label-before').textContent()).toContain(
    lang === 'en' ? 'Before' : '시술 전',
  );
  await page.getByTestId('change-chart').locator('svg').first().waitFor();
  await shot(page, `${p}14-compare-slider`);
  await page
    .getByTestId('compare-mode')
    .getByText(lang === 'en' ? 'Side by side' : '나란히')
    .click();
  await page.getByTestId('compare-side').waitFor();
  await shot(page, `${p}15-compare-side-by-side`);
  await page
    .getByTestId('compare-mode')
    .getByText(lang === 'en' ? 'Ghost' : '겹쳐 보기')
    .click();
  await page.getByTestId('compare-ghost').waitFor();
  await shot(page, `${p}16-compare-ghost`);
  await logout(page, lang);
}

describe('clinic flow in the browser', () => {
  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('admin: catalogue with a valid and an expired lot', async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    const page = await ctx.newPage();
    await adminSetsUpCatalogue(page, server.url);
    await ctx.close();
  }, 120_000);

  for (const lang of ['en', 'ko'] as const) {
    it(`doctor: patient -> photo -> landmarks -> plan -> danger zone -> sign -> lots -> follow-up (${lang})`, async () => {
      const ctx = await browser.newContext({ viewport: VIEWPORT, locale: lang === 'ko' ? 'ko-KR' : 'en-GB' });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await clinicFlow(page, server.url, lang);
      } catch (e) {
        await shot(page, `${lang}-FAILED`);
        throw e;
      } finally {
        await ctx.close();
      }
      expect(errors).toEqual([]);
    }, 300_000);
  }

  it('admin: the audit log, newest first, page by page', async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    const page = await ctx.newPage();
    await login(page, server.url, 'admin@demo.liftplan', 'en');
    await page.goto(`${server.url}/admin/audit`);
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    // The clinic flows above left far more than one page (50) of events.
    await expect.poll(() => rows.count()).toBe(50);
    const newest = Number(await rows.first().getAttribute('data-seq'));
    const lastOnPage = Number(await rows.last().getAttribute('data-seq'));
    expect(newest).toBeGreaterThan(lastOnPage);
    await shot(page, 'en-18-admin-audit');
    await page.getByTestId('audit-older').click();
    await expect
      .poll(async () => Number(await rows.first().getAttribute('data-seq')))
      .toBeLessThan(lastOnPage);
    await shot(page, 'en-19-admin-audit-older');
    await page.getByTestId('audit-newer').click();
    await expect.poll(async () => Number(await rows.first().getAttribute('data-seq'))).toBe(newest);
    await ctx.close();
  }, 120_000);

  it('camera: live checks from the real face model on a (fake) camera, in English and Korean', async () => {
    expect(enVisitPhotos).not.toBe('');
    const clip = await fakeCameraClip();
    const camBrowser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
    ]);
    try {
      for (const lang of ['en', 'ko'] as const) {
        const ctx = await camBrowser.newContext({
          viewport: VIEWPORT,
          locale: lang === 'ko' ? 'ko-KR' : 'en-GB',
          permissions: ['camera'],
        });
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await login(page, server.url, 'doctor@demo.liftplan', lang);
        await page.goto(enVisitPhotos);
        await page.getByTestId('camera-front').click();
        const checks = page.getByTestId('model-checks');
        await checks.waitFor({ timeout: 90_000 });
        // A frame the gate could check: every check is shown (face count, size, pose, roll, sharpness,
        // exposure, expression), one face found, messages in the UI language.
        const faceCount = page.getByTestId('model-check-face-count');
        await expect.poll(() => faceCount.getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
        for (const c of ['face-size', 'pose', 'roll', 'sharpness', 'exposure', 'expression']) {
          await page.getByTestId(`model-check-${c}`).waitFor();
        }
        const text = await checks.innerText();
        expect(/[가-힣]/.test(text)).toBe(lang === 'ko');
        expect(await page.getByTestId('camera-capture').isEnabled()).toBe(true);
        await shot(page, `${lang}-04b-camera-live-checks`);
        await ctx.close();
        expect(errors).toEqual([]);
      }
    } finally {
      await camBrowser.close();
      rmSync(path.dirname(clip), { recursive: true, force: true });
    }
  }, 240_000);

  it('another browser sees the analysis of a photo uploaded in the first (from the server, not local storage)', async () => {
    expect(enVisitPhotos).not.toBe('');
    const ctx = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    const page = await ctx.newPage();
    await login(page, server.url, 'coordinator@demo.liftplan', 'en');
    await page.goto(enVisitPhotos);
    await page.getByTestId('analysis-done-front').waitFor({ timeout: 30_000 });
    await page.getByTestId('photos-next').click();
    await page.getByTestId('analysis-canvas').waitFor();
    await page.locator('[data-testid="lm-mouthCorner-left"]').first().waitFor();
    await shot(page, 'en-17-other-browser-analysis');
    await ctx.close();
  }, 120_000);
});
