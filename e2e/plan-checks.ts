/**
 * Plan-screen checks shared by the clinic flow (issue 11 §5, issue 12 §4): the face down to the jaw and the
 * actions in the first screen, finger-sized targets, the zone views and legend, non-overlapping labels, and the
 * thread-table edits. Playwright API only (this code is type-checked without the DOM library).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

type Shot = (name: string) => Promise<void>;

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function boxes(loc: Locator): Promise<Rect[]> {
  const out: Rect[] = [];
  for (const el of await loc.all()) {
    const b = await el.boundingBox();
    if (b) out.push(b);
  }
  return out;
}

/** Minimum target size in CSS px (the touch norm), with half a pixel for rounding. */
const MIN_TARGET = 43.5;

/** At scroll 0: the whole face down to the jaw zones, and Save (and Sign when shown), inside the window. */
export async function assertPlanFitsFirstScreen(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  const vh = page.viewportSize()?.height ?? 0;
  const canvas = await page.getByTestId('plan-canvas').boundingBox();
  expect(canvas, 'plan canvas').not.toBeNull();
  expect((canvas?.y ?? 0) + (canvas?.height ?? Infinity), 'plan canvas bottom').toBeLessThanOrEqual(vh);
  const jaw = await boxes(page.locator('[data-zone-kind="marginal-mandibular"]'));
  expect(jaw.length, 'jaw zones drawn').toBeGreaterThan(0);
  for (const b of jaw) expect(b.y + b.height, 'jaw zone bottom').toBeLessThanOrEqual(vh);
  for (const id of ['plan-save', 'plan-sign']) {
    const b = page.getByTestId(id);
    if ((await b.count()) === 0) continue;
    const box = await b.boundingBox();
    expect(box, id).not.toBeNull();
    const inside = (box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? Infinity) <= vh;
    expect(inside, `${id} in the first screen`).toBe(true);
  }
}

/** Every visible interactive target on the plan screen is at least 44 × 44 CSS px. */
export async function assertTouchTargets(page: Page): Promise<void> {
  const root = page.getByTestId('plan-step');
  const sel =
    'button, a[href], select, textarea, input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"]), ' +
    'label:has(> input[type="radio"]), label:has(> input[type="checkbox"]), [role="slider"]';
  const small: string[] = [];
  for (const el of await root.locator(sel).all()) {
    if (!(await el.isVisible())) continue;
    const b = await el.boundingBox();
    if (!b || b.width === 0 || b.height === 0) continue;
    if (b.width < MIN_TARGET || b.height < MIN_TARGET) {
      const name = (await el.getAttribute('data-testid')) ?? (await el.innerText()).slice(0, 24);
      small.push(`${name} ${Math.round(b.width)}×${Math.round(b.height)}`);
    }
  }
  expect(small).toEqual([]);
}

/** Zones only where the threads cross, off, all; a legend row hides and shows its kind; labels never overlap. */
export async function checkZoneViews(page: Page, shot: Shot): Promise<void> {
  await page.getByTestId('zone-mode-crossed').click();
  await expect.poll(() => page.getByTestId('zone-mode-crossed').getAttribute('aria-pressed')).toBe('true');
  await shot('07c-plan-ipad-zones-crossed');
  await page.getByTestId('zone-mode-off').click();
  await expect.poll(() => page.locator('[data-zone-id]').count()).toBe(0);
  await page.getByTestId('zone-mode-all').click();
  await expect.poll(() => page.locator('[data-zone-id]').count()).toBeGreaterThan(0);
  const kind = page.locator('[data-testid^="zone-kind-"]').first();
  const kindName = ((await kind.getAttribute('data-testid')) ?? '').replace('zone-kind-', '');
  await kind.click();
  await expect.poll(() => page.locator(`[data-zone-kind="${kindName}"]`).count()).toBe(0);
  await kind.click();
  await expect.poll(() => page.locator(`[data-zone-kind="${kindName}"]`).count()).toBeGreaterThan(0);
  // Labels are drawn on the picture (not hover-only) and none overlaps another.
  const labels = await boxes(page.locator('[data-testid="zone-label"] rect'));
  expect(labels.length).toBeGreaterThan(3);
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      const hit =
        a.x + 0.5 < b.x + b.width &&
        b.x + 0.5 < a.x + a.width &&
        a.y + 0.5 < b.y + b.height &&
        b.y + 0.5 < a.y + a.height;
      expect(hit, `labels overlap: ${JSON.stringify([a, b])}`).toBe(false);
    }
  }
}

/**
 * Thread-table edits as a clinician makes them: one placement's count and gauge changed, another placement's
 * technique switched, reset and switched again (each change re-checked at once, nothing left in red).
 */
export async function editThreadTable(page: Page, shot: Shot): Promise<void> {
  const ids: string[] = [];
  for (const row of await page.locator('tr[data-placement]').all()) {
    ids.push((await row.getAttribute('data-placement')) ?? '');
  }
  expect(ids.length).toBeGreaterThan(1);
  const problemsOf = (id: string) =>
    page.locator(
      `tr[data-placement-detail="${id}"] [data-testid="placement-problem"][data-severity="error"]`,
    );
  const countOf = (id: string) => page.getByTestId(`count-${id}`);
  // Count: one more, else one fewer, on the first placement where that stays inside the published range.
  let countId = '';
  for (const id of ids) {
    const before = Number(await countOf(id).innerText());
    await page.getByTestId(`count-inc-${id}`).click();
    await expect
      .poll(() => countOf(id).innerText())
      .toBe(String(before + 1))
      .catch(async (e: unknown) => {
        await shot('plan-count-not-applied');
        throw e;
      });
    if ((await problemsOf(id).count()) === 0) {
      countId = id;
      break;
    }
    expect(await problemsOf(id).first().getAttribute('data-code')).toBe('count-out-of-range');
    await page.getByTestId(`count-dec-${id}`).click();
    await expect.poll(() => countOf(id).innerText()).toBe(String(before));
    if (before <= 1) continue;
    await page.getByTestId(`count-dec-${id}`).click();
    await expect.poll(() => countOf(id).innerText()).toBe(String(before - 1));
    if ((await problemsOf(id).count()) === 0) {
      countId = id;
      break;
    }
    await page.getByTestId(`count-inc-${id}`).click();
  }
  expect(countId, 'a placement whose count can change inside its range').not.toBe('');
  await page.getByTestId(`edited-${countId}`).waitFor();
  const gauge = page.getByTestId(`gauge-${countId}`);
  const current = await gauge.inputValue();
  let other: string | undefined;
  for (const o of await gauge.locator('option').all()) {
    const v = (await o.getAttribute('value')) ?? '';
    if (v !== current) {
      other = v;
      break;
    }
  }
  if (other) {
    await gauge.selectOption(other);
    await expect.poll(() => gauge.inputValue()).toBe(other);
  }
  expect(await problemsOf(countId).count()).toBe(0);
  await shot('08b-plan-count-gauge');

  // Technique: a fitting alternative when there is one, else one the planner passed over (its findings show).
  const others = `[data-testid^="technique-"][aria-pressed="false"]:not([data-testid^="technique-${countId}-"])`;
  const fitting = page.locator(`${others}[data-available="yes"]`);
  const alt = (await fitting.count()) > 0 ? fitting.first() : page.locator(others).first();
  const altId = (await alt.getAttribute('data-testid')) ?? '';
  const placementId = ids.find((id) => altId.startsWith(`technique-${id}-`)) ?? '';
  expect(placementId, `placement of ${altId}`).not.toBe('');
  const button = page.getByTestId(altId);
  await button.click();
  await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
  await page.getByTestId(`edited-${placementId}`).waitFor();
  await page.getByTestId(`reset-${placementId}`).click();
  await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
  await expect.poll(() => page.getByTestId(`edited-${placementId}`).count()).toBe(0);
  await button.click();
  await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
  expect(await page.locator('[data-testid="placement-problem"][data-severity="error"]').count()).toBe(0);
  await shot('08c-plan-technique-switched');
}
