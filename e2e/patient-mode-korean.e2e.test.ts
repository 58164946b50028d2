/**
 * Patient mode and Korean as a first language, in a real browser (Debian Chromium) against the real server:
 * the admin records the clinic's phone, address and the doctor's licence; the doctor takes a Korean patient
 * through photo → assessment → plan → signature; patient mode then holds the screen (back, reload, a typed
 * address, a new tab all lead back to it) and is left only with the signed-in user's password (a wrong one is
 * refused). Then every screen is walked in Korean at 1366×1024 and 1180×820: any Latin-letter word outside the
 * explicit allow-list fails, and a screenshot of each screen goes to the test artefacts.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASTRONAUT,
  artifactsDir,
  ensureWebBuilt,
  launchChromium,
  startServer,
  type RunningServer,
} from './harness.js';

const DEMO_PASSWORD = 'liftplan-demo-only';
const VIEWPORTS = [
  { width: 1366, height: 1024 },
  { width: 1180, height: 820 },
] as const;

/**
 * Latin-letter words a Korean screen may show: units, file formats, product and standard names, the app's
 * name. Anything else in Latin letters is English left in the Korean UI.
 */
const ALLOWED_WORDS = new Set([
  'liftplan',
  // The language switch names English in English.
  'English',
  // Classifications and anatomical eponyms used as such in Korean clinics.
  'Glogau',
  'Fitzpatrick',
  'Pitanguy',
  'Seckel',
  'RF',
  'IPL',
  'mm',
  'ml',
  'PDF',
  'JPEG',
  'PNG',
  'WebP',
  'HEIC',
  'SMAS',
  'GAIS',
  'MDC',
  'SEM',
  'GS1',
  // HL7 FHIR, the record-exchange standard (the export card names it).
  'FHIR',
  'GTIN',
  'HIFU',
  'PDO',
  'PLLA',
  'PCL',
  'USP',
  // U자 (U-shaped) is how Korean clinics name the U-suspension thread.
  'U',
  'G',
]);

/** Data the test itself entered or the demo seeded (names, product, lot, e-mails): not UI text. */
const DATA = [
  /\S+@\S+/g,
  /liftplan-demo-only/g,
  /Demo (patient|clinic|doctor|admin|coordinator)/g,
  /DEMO-0001/g,
  /PDO Cog 19G|LOT-OK-2030/g,
  /Asia\/Seoul/g,
];

let server: RunningServer;
let browser: Browser;
let doctor: BrowserContext;
let page: Page;
const ids = { patient: '', visit: '' };

async function login(p: Page, email: string): Promise<void> {
  await p.goto(`${server.url}/login?lang=ko`);
  await p.getByTestId('login-email').fill(email);
  await p.getByTestId('login-password').fill(DEMO_PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.getByRole('button', { name: '로그아웃', exact: true }).waitFor();
}

/**
 * Screens for the clinician only, where identifiers (rule ids, the rule set, the detector: kebab-case tokens
 * such as `grade-zero-no-threads`) are the technical trace the clinician view keeps. Nowhere else.
 */
const CLINICIAN_SCREENS = new Set(['analysis', 'plan']);
const IDENTIFIER = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/**
 * Visible text outside `translate="no"` (names, chart numbers, ids: data, not UI) and outside the
 * server-filled consent form (`data-server-document`: the versioned legal document, checked by
 * packages/report/src/consent.test.ts), plus placeholders.
 */
async function visibleText(p: Page): Promise<string> {
  return p.evaluate<string>(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"], [data-server-document], script, style, svg title')) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      out.push(n.textContent || '');
    }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (!el.closest('[translate="no"]')) out.push(el.getAttribute('placeholder') || '');
    }
    return out.join(' ');
  })()`);
}

function latinWords(text: string): string[] {
  let t = text;
  for (const re of DATA) t = t.replace(re, ' ');
  return [...new Set([...t.matchAll(/[A-Za-z][A-Za-z0-9-]*/g)].map((m) => m[0]))].filter(
    // Roman numerals are grades (Glogau II, Fitzpatrick III); a letter before digits is a code (G19, V2).
    (w) => !ALLOWED_WORDS.has(w) && !/^[A-Z]?\d/.test(w) && !/^[IVX]+$/.test(w),
  );
}

async function checkScreen(p: Page, name: string, size: (typeof VIEWPORTS)[number]): Promise<string[]> {
  await p.waitForLoadState('networkidle');
  await p.screenshot({
    path: path.join(artifactsDir(), `ko-walk-${size.width}-${name}.png`),
    fullPage: true,
  });
  return latinWords(await visibleText(p))
    .filter((w) => !(CLINICIAN_SCREENS.has(name) && IDENTIFIER.test(w)))
    .map((w) => `${name} @${size.width}: ${w}`);
}

describe('patient mode and the Korean screens', () => {
  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchChromium();

    // Admin: the clinic's phone and address and the doctor's licence, where patients need them.
    const admin = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'ko-KR' });
    const a = await admin.newPage();
    await login(a, 'admin@demo.liftplan');
    await a.goto(`${server.url}/admin/clinic`);
    await a.getByTestId('org-phone').fill('02-555-0123');
    await a.getByTestId('org-address').fill('서울특별시 강남구 테헤란로 1');
    await a.getByTestId('org-save').click();
    await a.getByTestId('org-saved').waitFor();
    const row = a.getByTestId('licence-row').first();
    await row.locator('input').fill('제 12345 호');
    const saved = a.waitForResponse(
      (r) => r.url().includes('/api/users/') && r.request().method() === 'PATCH',
    );
    await row.getByRole('button').click();
    if (!(await saved).ok()) throw new Error('the licence number was not saved');
    await admin.close();

    // Doctor: a Korean patient through to a signed plan.
    doctor = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'ko-KR' });
    page = await doctor.newPage();
    await login(page, 'doctor@demo.liftplan');
    await page.getByTestId('new-patient').click();
    await page.getByTestId('patient-chart').fill(`2026-${Date.now() % 10000}`);
    await page.getByTestId('patient-name').fill('김환자');
    await page.getByTestId('patient-birth').fill('1978-04-02');
    await page.getByTestId('patient-sex').selectOption('female');
    await page.getByTestId('patient-create').click();
    await page.getByTestId('patient-title').waitFor();
    await page.getByTestId('new-visit').click();
    await page.getByTestId('intake-save').waitFor();
    await page.getByTestId('concern-jowl').check();
    await page.getByTestId('expectations-realistic').check();
    await page.getByTestId('photo-consent-yes').check();
    await page.getByTestId('intake-save').click();
    await page.getByTestId('view-front').waitFor();
    await page.getByTestId('upload-front').setInputFiles(ASTRONAUT);
    await page.getByTestId('analysis-done-front').waitFor({ timeout: 90_000 });
    const m = /patients\/([0-9a-f-]{36})\/visits\/([0-9a-f-]{36})/.exec(page.url());
    ids.patient = m?.[1] ?? '';
    ids.visit = m?.[2] ?? '';
    await page.getByTestId('photos-next').click();
    await page.getByTestId('analysis-canvas').waitFor();
    await page.getByTestId('analysis-next').click();
    await page.getByTestId('grade-jowl-left').waitFor();
    const grades = { brow: 1, midface: 2, nasolabial: 2, jowl: 2, marionette: 1, neck: 0 } as const;
    for (const [region, g] of Object.entries(grades)) {
      for (const side of ['left', 'right']) {
        await page.getByTestId(`grade-${region}-${side}`).getByText(String(g), { exact: true }).click();
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
    await page.getByTestId('assessment-save').click();
    await page.getByTestId('plan-canvas').waitFor();
    await page.getByTestId('thread-table').waitFor();
    // Each unresolved zone finding gets the clinician's reason (signing waits for it).
    for (let i = 0; i < 10; i++) {
      const errs = page.locator('[data-testid="zone-warning"][data-level="error"]');
      if ((await errs.count()) === 0) break;
      await errs
        .first()
        .getByTestId('justification-input')
        .fill('의도적 배치: 피하층으로 진행하여 혈관을 피함');
      await errs.first().getByTestId('justify').click();
    }
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-status').waitFor();
    await page.getByTestId('plan-sign').click();
    await page.getByTestId('sign-item-findings').waitFor();
    const ack = page.getByTestId('sign-ack-provisional');
    if ((await ack.count()) > 0) await ack.check();
    if (!(await page.getByTestId('sign-password').isEnabled())) {
      throw new Error(`signing is blocked: ${await page.getByRole('dialog').innerText()}`);
    }
    await page.getByTestId('sign-password').fill(DEMO_PASSWORD);
    await page.getByTestId('sign-confirm').click();
    await page.getByTestId('to-consult').waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('patient mode holds the screen and is left only with the signed-in user’s password', async () => {
    const base = `${server.url}/patients/${ids.patient}/visits/${ids.visit}`;
    await page.goto(`${base}/consult`);
    await page.getByTestId('consultation').waitFor();
    await page.getByTestId('enter-patient-mode').click();
    const mode = page.getByTestId('patient-mode');
    await mode.waitFor();
    // No staff chrome: no header, tabs, staff name or sign-out.
    expect(await page.locator('.lp-header').count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.getByText('Demo doctor').count()).toBe(0);
    // Steps: findings → plan (on the face crop) → risks in words → aftercare with the clinic phone and notice.
    await page.getByTestId('pm-findings').waitFor();
    await page.getByTestId('pm-next').click();
    await page.getByTestId('pm-canvas').waitFor();
    await page.getByTestId('pm-next').click();
    await page.getByTestId('pm-risk').first().waitFor();
    const risks = await page.getByTestId('pm-risks').innerText();
    expect(risks).toMatch(/100명 중/);
    expect(risks).not.toMatch(/\b(MA|pts|et al|[A-Z][a-z]+ 20\d\d)\b/);
    await page.getByTestId('pm-next').click();
    await page.getByTestId('pm-legal-notice').waitFor();
    expect(await page.getByTestId('clinic-phone').innerText()).toBe('02-555-0123');
    expect(await page.getByTestId('doctor-licence').innerText()).toContain('제 12345 호');
    await page.screenshot({
      path: path.join(artifactsDir(), 'ko-patient-mode-aftercare.png'),
      fullPage: true,
    });

    // Back, a typed address, a reload and a new tab all lead back to patient mode.
    await page.goBack();
    await mode.waitFor();
    for (const url of [`${server.url}/`, `${base}/plan`, `${server.url}/admin`]) {
      await page.goto(url);
      await mode.waitFor();
      expect(new URL(page.url()).pathname).toBe(`/patients/${ids.patient}/visits/${ids.visit}/patient-mode`);
    }
    await page.reload();
    await mode.waitFor();
    const tab = await doctor.newPage();
    await tab.goto(`${server.url}/`);
    await tab.getByTestId('patient-mode').waitFor();
    await tab.close();

    // A wrong password is refused (in Korean, from its code); the right one leaves.
    await page.getByTestId('patient-mode-exit').click();
    await page.getByTestId('unlock-password').fill('not the password');
    await page.getByTestId('unlock-confirm').click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('비밀번호가 틀렸습니다');
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/`);
    await mode.waitFor();
    await page.getByTestId('patient-mode-exit').click();
    await page.getByTestId('unlock-password').fill(DEMO_PASSWORD);
    await page.getByTestId('unlock-confirm').click();
    await page.getByTestId('consultation').waitFor();
    expect(await mode.count()).toBe(0);
    await page.goto(`${server.url}/`);
    await page.getByTestId('new-patient').waitFor();
  }, 120_000);

  it('a booked follow-up is on the due-this-week list and opens its follow-up visit from the timeline', async () => {
    const csrf = await page.evaluate<string>(
      "fetch('/api/auth/me').then((r) => r.json()).then((b) => b.csrfToken)",
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const booked = await page.request.post(`${server.url}/api/patients/${ids.patient}/follow-ups`, {
      headers: { 'x-csrf-token': csrf },
      data: { procedureId: null, dueDate: today },
    });
    expect(booked.status()).toBe(201);
    await page.goto(`${server.url}/follow-ups`);
    const row = page.getByTestId('due-row').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('김환자');
    await row.getByRole('link').click();
    const item = page.getByTestId('timeline-followup').first();
    await item.waitFor();
    await item.getByTestId('followup-start').click();
    await page.getByTestId('view-front').waitFor();
    await page.goto(`${server.url}/patients/${ids.patient}`);
    await page.getByTestId('followup-open').click();
    await page.getByTestId('view-front').waitFor();
    expect(page.url()).toMatch(/\/visits\/[0-9a-f-]{36}\/photos$/);
  }, 60_000);

  it('every screen in Korean has no English word outside the allow-list, at both tablet sizes', async () => {
    const base = `/patients/${ids.patient}/visits/${ids.visit}`;
    const screens: [string, string, string][] = [
      ['patient-list', '/', 'new-patient'],
      ['new-patient', '/patients/new', 'patient-chart'],
      ['timeline', `/patients/${ids.patient}`, 'patient-title'],
      ['intake', `${base}/intake`, 'intake-save'],
      ['photos', `${base}/photos`, 'analysis-done-front'],
      ['analysis', `${base}/analysis`, 'analysis-canvas'],
      ['assessment', `${base}/assessment`, 'grade-jowl-left'],
      ['plan', `${base}/plan`, 'thread-table'],
      ['consult', `${base}/consult`, 'consult-canvas'],
      ['consent', `${base}/consent`, 'step-consent'],
      ['procedure', `${base}/procedure`, 'step-procedure'],
      ['compare', `/patients/${ids.patient}/compare`, 'compare-empty'],
      ['due-this-week', '/follow-ups', 'due-this-week'],
    ];
    const adminScreens: [string, string, string][] = [
      ['admin-catalogue', '/admin/catalogue', 'admin-catalogue'],
      ['admin-users', '/admin/users', 'admin-users'],
      ['admin-audit', '/admin/audit', 'audit-table'],
      ['admin-clinic', '/admin/clinic', 'clinic-panel'],
    ];
    const found: string[] = [];
    for (const size of VIEWPORTS) {
      const ctx = await browser.newContext({
        viewport: size,
        locale: 'ko-KR',
        storageState: await doctor.storageState(),
      });
      const p = await ctx.newPage();
      await p.goto(`${server.url}/?lang=ko`);
      for (const [name, url, testId] of screens) {
        await p.goto(`${server.url}${url}`);
        await p
          .getByTestId(testId)
          .first()
          .waitFor({ timeout: 60_000 })
          .catch(() => undefined);
        found.push(...(await checkScreen(p, name, size)));
      }
      // Patient mode, each step.
      await p.goto(`${server.url}${base}/consult`);
      await p.getByTestId('enter-patient-mode').click();
      for (const s of ['findings', 'plan', 'risks', 'aftercare']) {
        await p.getByTestId(`pm-step-${s}`).click();
        found.push(...(await checkScreen(p, `patient-mode-${s}`, size)));
      }
      await p.getByTestId('patient-mode-exit').click();
      await p.getByTestId('unlock-password').fill(DEMO_PASSWORD);
      await p.getByTestId('unlock-confirm').click();
      await p.getByTestId('consultation').waitFor();
      await ctx.close();

      const actx = await browser.newContext({ viewport: size, locale: 'ko-KR' });
      const ap = await actx.newPage();
      await login(ap, 'admin@demo.liftplan');
      for (const [name, url, testId] of adminScreens) {
        await ap.goto(`${server.url}${url}`);
        await ap
          .getByTestId(testId)
          .first()
          .waitFor({ timeout: 30_000 })
          .catch(() => undefined);
        found.push(...(await checkScreen(ap, name, size)));
      }
      await ap.goto(`${server.url}/login?lang=ko`);
      await actx.close();
      const lctx = await browser.newContext({ viewport: size, locale: 'ko-KR' });
      const lp = await lctx.newPage();
      await lp.goto(`${server.url}/login?lang=ko`);
      await lp.getByTestId('login-email').waitFor();
      found.push(...(await checkScreen(lp, 'login', size)));
      await lctx.close();
    }
    expect(found).toEqual([]);
  }, 600_000);
});
