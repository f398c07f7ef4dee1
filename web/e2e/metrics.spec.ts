// The Metrics tab with a mocked API: the states a demo workspace cannot show
// (failures of single panels, a many-class comparison) and exact formats.
import { expect, test } from '@playwright/test';
import type { components } from '../src/api/schema.gen';
import { compare, json, metrics, mockApi, project, secondCounts } from './fixtures';

type S = components['schemas'];
const shot = (name: string) => `test-results/screens/${name}.png`;
const VIEW = '/?project=reef&dataset=val&inference=yolo-small';

test('the delta matrix of a detection project: signed counts, exact hover text, blue better and red worse', async ({ page }) => {
  await mockApi(page);
  await page.goto(`${VIEW}&compare=yolo-large`);
  // truck/truck: 12 -> 15 found (better, blue); car/background: 14 -> 16 missed (worse, red).
  const truck = page.locator('td[data-gt="truck"][data-pred="truck"]');
  await expect(truck).toHaveText('+3');
  await truck.hover();
  await expect(page.getByRole('tooltip').locator('span').first()).toHaveText('truck - truck +3 (12 -> 15)');
  await expect(truck).toHaveAttribute('data-tone', 'improved');
  const missed = page.locator('td[data-gt="car"][data-pred="background"]');
  await expect(missed).toHaveAttribute('data-hover', 'background - car +2 (14 -> 16)');
  await expect(missed).toHaveAttribute('data-tone', 'regressed');
  // Fewer false buses off the diagonal is better.
  await expect(page.locator('td[data-gt="background"][data-pred="bus"]')).toHaveAttribute('data-tone', 'improved');
  await expect(page.locator('td[data-gt="bus"][data-pred="bus"]')).toHaveText('0');
  await expect(page.getByTestId('coco-card').getByTestId('coco-b')).toContainText('0.412');
  await page.screenshot({ path: shot('metrics-compare-mocked'), fullPage: true });
});

test('a failing panel says so in words and the rest of the tab stays', async ({ page }) => {
  let fail = true;
  await mockApi(page, {
    '/pr-curves': (route) => (fail ? json(route, { detail: 'PR curves need an IoU threshold in [0, 1]' }, 422) : route.fallback()),
    '/examples': (route) => json(route, { detail: 'internal error: the server failed to answer this request; see the server log' }, 500),
  });
  await page.goto(`${VIEW}&filter=fn`);
  await expect(page.getByTestId('summary-precision')).toContainText('0.746');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  const alerts = page.getByRole('alert');
  await expect(alerts.filter({ hasText: 'Could not compute the PR curves of “yolo-small”' }).first()).toContainText('PR curves need an IoU threshold');
  await expect(alerts.filter({ hasText: 'Could not load the examples' })).toContainText('The server failed while answering (500');
  await page.screenshot({ path: shot('metrics-panel-errors'), fullPage: true });
  fail = false;
});

test('an example opens its frame; the frame viewer lists its boxes and outcomes', async ({ page }) => {
  await mockApi(page);
  await page.goto(`${VIEW}&cell=${encodeURIComponent(JSON.stringify(['car', 'truck']))}`);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', '6');
  const tile = page.getByTestId('example-tile').first();
  await expect(tile).toContainText('Confusion');
  await expect(tile).toContainText('conf 0.90 · IoU 0.71');
  await expect(tile).toContainText('no image');
  await tile.click();
  await expect(page).toHaveURL(/frame=f0/);
  await expect(page.getByTestId('frame-viewer')).toContainText('weather');
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/frame=/);
});

const MANY = Array.from({ length: 30 }, (_, i) => `class${String(i).padStart(2, '0')}`);

function manyCompare(): S['CompareResponse'] {
  const base = compare('yolo-small', 'yolo-large');
  return {
    ...base,
    classes: MANY,
    labels: [...MANY, 'background'],
    layout: 'sparse',
    first_counts: null,
    second_counts: null,
    delta: null,
    cells: [
      { gt: 'class00', pred: 'class00', first: 50, second: 52, delta: 2 },
      { gt: 'class01', pred: 'background', first: 4, second: 12, delta: 8 },
      { gt: 'background', pred: 'class02', first: 9, second: 4, delta: -5 },
      { gt: 'class03', pred: 'class04', first: 30, second: 30, delta: 0 },
    ],
    first: { ...base.first, report: { ...base.first.report, rows: MANY.map((name) => ({ ...base.first.report.rows[0]!, name })) } },
    second: { ...base.second, report: { ...base.second.report, rows: MANY.map((name) => ({ ...base.second.report.rows[0]!, name })) } },
  };
}

test('many classes compared: both counts and the delta, sortable by delta', async ({ page }) => {
  const many: S['ProjectPublic'] = { ...project, classes: MANY.map((name) => ({ name })) };
  await mockApi(page, {
    '/api/projects': (route) => json(route, { count: 1, data: [many] }),
    '/metrics/compare': (route) => json(route, manyCompare()),
  });
  await page.goto(`${VIEW}&compare=yolo-large`);
  const rows = page.getByTestId('confusion-row');
  await expect(rows).toHaveCount(4);
  // Largest change first.
  await expect(rows.nth(0)).toHaveAttribute('data-delta', '8');
  await expect(rows.nth(0)).toHaveAttribute('data-tone', 'regressed');
  await expect(rows.nth(1)).toHaveAttribute('data-delta', '-5');
  await expect(rows.nth(1)).toHaveAttribute('data-tone', 'improved');
  await expect(rows.nth(0).locator('td').nth(4)).toHaveAttribute('title', 'background - class01 +8 (4 -> 12)');
  await page.getByTestId('toggle-confusion-sort').getByRole('radio', { name: 'Largest count' }).click();
  await expect(page).toHaveURL(/confusionSort=count/);
  await expect(rows.nth(0)).toHaveAttribute('data-gt', 'class00');
  await expect(rows.nth(1)).toHaveAttribute('data-gt', 'class03');
  await page.screenshot({ path: shot('metrics-many-classes-compare-mocked'), fullPage: true });
});

test('a comparison placeholder from before a swap is never shown under the new names', async ({ page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await mockApi(page, {
    '/metrics/compare': async (route, url) => {
      if (url.searchParams.get('first') === 'yolo-large') await held;
      return json(route, compare(url.searchParams.get('first')!, url.searchParams.get('second')!));
    },
  });
  await page.goto(`${VIEW}&compare=yolo-large`);
  await expect(page.locator('td[data-gt="truck"][data-pred="truck"]')).toHaveText('+3');
  await page.getByTestId('swap-sets').click();
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  release();
  await expect(page.locator('td[data-gt="truck"][data-pred="truck"]')).toHaveText('-3');
  expect(secondCounts[1]![1]).toBe(15);
  expect(metrics().confusion.counts![1]![1]).toBe(12);
});

test('dragging keeps the last numbers on screen and cancels the requests it overtakes', async ({ page }) => {
  const aborted: string[] = [];
  page.on('requestfailed', (request) => {
    if (request.url().includes('/metrics?')) aborted.push(new URL(request.url()).searchParams.get('confidence') ?? '');
  });
  await mockApi(page, {
    '/metrics': async (route, url) => {
      const confidence = Number(url.searchParams.get('confidence') ?? 0.5);
      // Slow answers, so that the next slider step overtakes the previous request.
      if (confidence !== 0.5) await new Promise((resolve) => setTimeout(resolve, 600));
      const body = metrics(confidence);
      await json(route, { ...body, summary: { ...body.summary, precision: confidence } }).catch(() => undefined);
    },
  });
  await page.goto(VIEW);
  const precision = page.getByTestId('summary-precision');
  await expect(precision).toContainText('0.500');
  const slider = page.getByTestId('slider-confidence');
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.5, y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step += 1) {
    await page.mouse.move(box.x + box.width * (0.5 + step * 0.03), y);
    await page.waitForTimeout(90);
    // Never a blank panel or a skeleton while dragging: the last result stays.
    await expect(precision).toHaveCount(1);
    await expect(page.getByTestId('metrics-updating')).toHaveText('Updating…');
  }
  await page.mouse.up();
  const final = new URL(page.url()).searchParams.get('confidence')!;
  await expect(precision).toContainText(Number(final).toFixed(3));
  await expect(page.getByTestId('metrics-updating')).toHaveText('');
  expect(aborted.length).toBeGreaterThan(0);
  expect(aborted).not.toContain(final);
});

test('a link to a page past the last example offers the first page', async ({ page }) => {
  await mockApi(page);
  await page.goto(`${VIEW}&filter=fn&page=9`);
  await expect(page.getByTestId('examples-past-end')).toContainText('past the last of the 25 examples');
  await page.getByRole('button', { name: 'First page' }).click();
  await expect(page).not.toHaveURL(/page=/);
  await expect(page.getByTestId('example-tile')).toHaveCount(25);
});
