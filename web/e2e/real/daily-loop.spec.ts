// The drill-down loop users repeat all day, against a real server: the page
// keeps its place, the PR chart follows the metric class, bad links fall back
// with a notice, curves end where predictions end, and the error counts
// follow the metric class.
import { expect, test, type Page } from '@playwright/test';
import { cellOf, count, DIGITS, get, metricsShown, shot, viewUrl, VOC, type Curves, type Metrics } from './api';

test.use({ viewport: { width: 1600, height: 1000 } });

// The e2e type check has no DOM library: reach the page's window through globalThis.
type Scrolling = { scrollY: number; scrollBy: (x: number, y: number) => void };
const scrollY = (page: Page) => page.evaluate(() => Math.round((globalThis as unknown as Scrolling).scrollY));
const scrollBy = (page: Page, y: number) => page.evaluate((dy) => (globalThis as unknown as Scrolling).scrollBy(0, dy), y);

/** Does `action` leave the page where it was (not back at the top)? */
async function keepsPlace(page: Page, what: string, action: () => Promise<void>, inView: string | null = 'confusion-panel'): Promise<void> {
  const before = await scrollY(page);
  expect(before, `scrolled down before ${what}`).toBeGreaterThan(300);
  const url = page.url();
  await action();
  await expect.poll(() => page.url(), { message: `${what} changes the URL` }).not.toBe(url);
  await metricsShown(page);
  // Give a late scroll reset (the router's, after navigation) time to happen.
  await page.waitForTimeout(300);
  const after = await scrollY(page);
  // Never back at the top; the matrix or the examples stay in view (a shorter list of
  // examples may pull the page up a little).
  expect(after, `${what}: scroll ${before} -> ${after}`).toBeGreaterThan(300);
  if (inView !== null) await expect(page.getByTestId(inView)).toBeInViewport();
}

test('drilling down keeps the scroll position', async ({ page }) => {
  await page.goto(viewUrl(VOC, { inference: 'detector' }));
  await metricsShown(page);
  const cell = page.locator('td[data-gt="person"][data-pred="background"]');
  await cell.scrollIntoViewIfNeeded();
  await scrollBy(page, 200);
  await keepsPlace(page, 'a confusion cell', () => cell.click());
  await keepsPlace(page, 'FN', () => page.getByTestId('filter-fn').click());
  await keepsPlace(page, 'FP', () => page.getByTestId('filter-fp').click());
  await keepsPlace(page, 'Percentage', () => page.getByTestId('toggle-values').getByRole('radio', { name: 'Percentage' }).click());
  await keepsPlace(page, 'Column', () => page.getByTestId('toggle-normalize').getByRole('radio', { name: 'Column' }).click());
  await keepsPlace(page, 'Absolute', () => page.getByTestId('toggle-values').getByRole('radio', { name: 'Absolute' }).click());
  await keepsPlace(page, 'the example ordering', async () => void (await page.getByTestId('select-ordering').selectOption('iou_asc')), null);
  await keepsPlace(page, 'Next ›', () => page.getByTestId('examples-pager').getByRole('button', { name: /Next/ }).first().click(), null);
  // The report's sort sits higher up: scroll to it, sort, stay.
  const header = page.getByTestId('report-table').getByRole('button', { name: /F1/ }).first();
  await header.scrollIntoViewIfNeeded();
  await scrollBy(page, 350);
  await keepsPlace(page, 'sorting the report', () => header.click(), null);
  await shot(page, 'daily-loop-scroll-kept', false);
  // Changing tab is a new page: that one starts at the top.
  await page.getByRole('tab', { name: 'Grid' }).click();
  await expect.poll(() => scrollY(page)).toBe(0);
});

async function drawn(page: Page): Promise<string[]> {
  return ((await page.locator('[data-testid=pr-curves] [role=img]').getAttribute('data-drawn')) ?? '').split('|').filter(Boolean);
}

test('the PR chart follows the metric class and back', async ({ page }) => {
  await page.goto(viewUrl(VOC, { inference: 'detector' }));
  await metricsShown(page);
  await expect.poll(() => drawn(page)).toEqual(['weighted average', 'micro average']);
  await page.getByTestId('select-metric-class').selectOption('person');
  await expect.poll(() => drawn(page)).toEqual(['person']);
  await page.getByTestId('pr-curves').scrollIntoViewIfNeeded();
  await shot(page, 'daily-loop-pr-person', false);
  await page.getByTestId('select-metric-class').selectOption('bottle');
  await expect.poll(() => drawn(page)).toEqual(['bottle']);
  await page.getByTestId('select-metric-class').selectOption({ label: 'Weighted average' });
  await expect.poll(() => drawn(page)).toEqual(['weighted average', 'micro average']);
});

test('the PR chart follows the metric class in a comparison', async ({ page }) => {
  await page.goto(viewUrl(DIGITS, { inference: 'logistic', compare: 'mlp' }));
  await metricsShown(page);
  await expect.poll(() => drawn(page)).toEqual(['weighted average (A)', 'weighted average (B)']);
  await page.getByTestId('select-metric-class').selectOption('3');
  await expect.poll(() => drawn(page)).toEqual(['3 (A)', '3 (B)']);
  await page.getByTestId('select-metric-class').selectOption({ label: 'Weighted average' });
  await expect.poll(() => drawn(page)).toEqual(['weighted average (A)', 'weighted average (B)']);
});

for (const [key, value] of [
  ['confidence', '1.5'],
  ['confidence', ''],
  ['confidence', '-1'],
  ['iou', '2'],
  ['iou', 'nan'],
  ['confidenceB', '9'],
  ['tab', 'wat'],
] as const) {
  test(`a link with ${key}=${value} falls back to the default with a notice`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${viewUrl(VOC, { inference: 'detector' })}&${key}=${encodeURIComponent(value)}`);
    await metricsShown(page);
    await expect(page.getByText('Something went wrong')).toHaveCount(0);
    const notice = page.getByTestId('url-notice');
    await expect(notice).toHaveCount(1);
    await expect(notice).toHaveAttribute('data-key', key);
    await expect(notice).toContainText(key);
    // The defaults are in force: the sliders show the project's thresholds.
    await expect(page.locator('output').first()).toHaveText('0.40');
    await expect(page.locator('output').nth(1)).toHaveText('0.50');
    if (key === 'confidence' && value === '1.5') await shot(page, 'daily-loop-url-notice', false);
    // Dismissed, it goes.
    await page.getByTestId('url-notices').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('url-notices')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

async function ends(page: Page): Promise<Record<string, [number, number]>> {
  return JSON.parse((await page.locator('[data-testid=pr-curves] [role=img]').getAttribute('data-ends')) ?? '{}') as Record<string, [number, number]>;
}

test('PR curves end at the last confidence that keeps a prediction, never at the origin', async ({ page, request }) => {
  for (const [where, inference] of [
    [VOC, 'detector'],
    [DIGITS, 'mlp'],
  ] as const) {
    const curves = await get<Curves>(request, where, 'pr-curves', { inference, ...(where === VOC ? { iou: 0.5 } : {}) });
    const weighted = curves.aggregates.find((c) => c.name === 'weighted')!.points;
    // The server: nothing is kept at 1.00, so precision there is undefined, not 0.
    expect(weighted.at(-1)!.precision).toBeNull();
    const last = weighted.filter((p) => p.precision !== null).at(-1)!;
    expect(last.confidence).toBeLessThan(1);
    await page.goto(viewUrl(where, { inference }));
    await metricsShown(page);
    await expect.poll(async () => Object.keys(await ends(page))).toContain('weighted average');
    const end = (await ends(page))['weighted average']!;
    expect(end[0]).toBeCloseTo(last.recall!, 9);
    expect(end[1]).toBeCloseTo(last.precision!, 9);
    for (const [name, [recall, precision]] of Object.entries(await ends(page))) {
      expect(recall === 0 && precision === 0, `${name} ends at the origin`).toBe(false);
    }
    await expect(page.getByTestId('pr-undefined-note')).toContainText('undefined');
  }
  await page.getByTestId('pr-curves').scrollIntoViewIfNeeded();
  await shot(page, 'daily-loop-pr-digits-mlp', false);
});

test('with a metric class the error counts are that class’s own', async ({ page, request }) => {
  const params = { inference: 'detector', confidence: 0.4, iou: 0.5 };
  const m = await get<Metrics>(request, VOC, 'metrics', params);
  const classes = m.confusion.labels.filter((l) => l !== 'background');
  const fp = cellOf(m.confusion, 'background', 'person');
  const fn = cellOf(m.confusion, 'person', 'background');
  const confusions = classes.filter((c) => c !== 'person').reduce((sum, c) => sum + cellOf(m.confusion, 'person', c) + cellOf(m.confusion, c, 'person'), 0);
  expect(fp).not.toBe(m.summary.false_positives);
  await page.goto(viewUrl(VOC, { inference: 'detector', metricClass: 'person' }));
  await metricsShown(page);
  await expect(page.getByTestId('summary-fp')).toContainText(count(fp));
  await expect(page.getByTestId('summary-fp')).toContainText('person');
  await expect(page.getByTestId('summary-fn')).toContainText(count(fn));
  await expect(page.getByTestId('summary-confusions')).toContainText(count(confusions));
  await shot(page, 'daily-loop-class-scoped-counts', false);
  // Back on the weighted average the counts are all-class again.
  await page.getByTestId('select-metric-class').selectOption({ label: 'Weighted average' });
  await expect(page.getByTestId('summary-fp')).toContainText(count(m.summary.false_positives));
  await expect(page.getByTestId('summary-fp')).not.toContainText('person');
});
