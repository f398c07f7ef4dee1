// Two inference sets compared cell by cell (digits: classification, two
// trained classifiers), checked against GET .../metrics/compare.
import { expect, test, type Locator } from '@playwright/test';
import { DIGITS, get, metric, metricsShown, shot, viewUrl, type Compare, type Metrics } from './api';

const A = 'logistic';
const B = 'mlp';

/** The cell's fill as [r, g, b], from its inline style. */
async function fill(cell: Locator): Promise<[number, number, number]> {
  const style = (await cell.getAttribute('style')) ?? '';
  const match = /background:\s*rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(style);
  if (!match) throw new Error(`no background colour in ${style}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function signed(n: number): string {
  return `${n < 0 ? '-' : '+'}${Math.abs(n)}`;
}

test('the delta matrix: numbers, hover text and colours as the API and DESIGN 4.6 say', async ({ page, request }) => {
  const c = await get<Compare>(request, DIGITS, 'metrics/compare', { first: A, second: B });
  await page.goto(viewUrl(DIGITS, { inference: A, compare: B }));
  await metricsShown(page);
  await expect(page.getByTestId('compare-caption')).toHaveText(new RegExp(`Δ =\\s*B\\s*${B}\\s*−\\s*A\\s*${A}`));
  // Classification: no IoU slider, for either set.
  await expect(page.getByTestId('slider-iou')).toHaveCount(0);

  const labels = c.labels;
  const at = (gt: string, pred: string) => page.locator(`td[data-gt="${gt}"][data-pred="${pred}"]`);
  let diagonal = 0;
  let offDiagonal = 0;
  for (const [i, gt] of labels.entries()) {
    for (const [j, pred] of labels.entries()) {
      const delta = c.delta![i]![j]!;
      if (delta === 0 || (gt === 'background' && pred === 'background')) continue;
      const a = c.first_counts![i]![j]!;
      const b = c.second_counts![i]![j]!;
      const cell = at(gt, pred);
      await expect(cell).toHaveText(signed(delta));
      await expect(cell).toHaveAttribute('data-hover', `${pred} - ${gt} ${signed(delta)} (${a} -> ${b})`);
      const [red, , blue] = await fill(cell);
      // On the diagonal more is better (blue); off it every cell is an error, so more is worse (red).
      const better = i === j ? delta > 0 : delta < 0;
      if (better) expect(blue, `${gt}/${pred} ${delta} should be blue`).toBeGreaterThan(red);
      else expect(red, `${gt}/${pred} ${delta} should be red`).toBeGreaterThan(blue);
      if (i === j) diagonal += 1;
      else offDiagonal += 1;
    }
  }
  expect(diagonal).toBeGreaterThan(0);
  expect(offDiagonal).toBeGreaterThan(0);

  // Summaries side by side, with the change.
  const precision = page.getByTestId('summary-precision');
  await expect(precision.locator('[data-side="a"]')).toContainText(metric(c.first.summary.precision));
  await expect(precision.locator('[data-side="b"]')).toContainText(metric(c.second.summary.precision));
  await expect(page.getByTestId('summary-fn').locator('[data-side="b"]')).toContainText(String(c.second.summary.false_negatives));
  // PR curves overlaid: both sets' weighted averages.
  await expect(page.getByTestId('pr-curves')).toHaveAttribute('data-visible-curves', 'weighted average (A)|weighted average (B)');
  await shot(page, 'compare-digits');
});

test('which set is first is visible and swappable', async ({ page, request }) => {
  const c = await get<Compare>(request, DIGITS, 'metrics/compare', { first: A, second: B });
  await page.goto(viewUrl(DIGITS, { inference: A, compare: B }));
  await metricsShown(page);
  const i = c.labels.indexOf('8');
  const cell = page.locator('td[data-gt="8"][data-pred="8"]');
  await expect(cell).toHaveText(signed(c.delta![i]![i]!));
  await page.getByTestId('swap-sets').click();
  await expect(page).toHaveURL(new RegExp(`inference=${B}&compare=${A}`));
  await expect(page.getByTestId('compare-caption')).toHaveText(new RegExp(`Δ =\\s*B\\s*${A}\\s*−\\s*A\\s*${B}`));
  await expect(cell).toHaveText(signed(-c.delta![i]![i]!));
  await cell.hover();
  await expect(page.getByTestId('matrix-tooltip').locator('span').first()).toHaveText(
    `8 - 8 ${signed(-c.delta![i]![i]!)} (${c.second_counts![i]![i]} -> ${c.first_counts![i]![i]})`,
  );
});

test('each set can have its own confidence', async ({ page, request }) => {
  await page.goto(viewUrl(DIGITS, { inference: A, compare: B }));
  await metricsShown(page);
  await page.getByTestId('thresholds-shared').uncheck();
  await expect(page.getByTestId('slider-confidence-b')).toBeVisible();
  await page.getByTestId('slider-confidence-b').focus();
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(/confidenceB=0.6/);
  const c = await get<Compare>(request, DIGITS, 'metrics/compare', { first: A, second: B, first_confidence: 0.5, second_confidence: 0.6 });
  await expect(page.getByTestId('summary-recall').locator('[data-side="b"]')).toContainText(metric(c.second.summary.recall));
  await expect(page.getByTestId('summary-recall').locator('[data-side="a"]')).toContainText(metric(c.first.summary.recall));
  // The delta follows B's own threshold.
  const i = c.labels.indexOf('3');
  await expect(page.locator('td[data-gt="3"][data-pred="background"]')).toHaveText(signed(c.delta![i]![c.labels.length - 1]!));
  await shot(page, 'compare-digits-independent-thresholds');
});

test("a delta cell lists the examples of either set", async ({ page, request }) => {
  const mlp = await get<Metrics>(request, DIGITS, 'metrics', { inference: B, confidence: 0.5 });
  const logistic = await get<Metrics>(request, DIGITS, 'metrics', { inference: A, confidence: 0.5 });
  const index = logistic.confusion.labels.indexOf('8');
  const missed = (m: Metrics) => m.confusion.counts![index]![m.confusion.labels.length - 1]!;
  await page.goto(viewUrl(DIGITS, { inference: A, compare: B }));
  await metricsShown(page);
  await page.locator('td[data-gt="8"][data-pred="background"]').getByRole('button').click();
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(missed(logistic)));
  await page.getByTestId('toggle-examples-of').getByRole('radio', { name: `B · ${B}` }).click();
  await expect(page).toHaveURL(/examplesOf=b/);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(missed(mlp)));
  await shot(page, 'compare-digits-examples');
});

test('the comparison on a large screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(viewUrl(DIGITS, { inference: A, compare: B, values: 'percentage', cell: JSON.stringify(['3', 'background']) }));
  await metricsShown(page);
  await expect(page.getByTestId('example-tile').first()).toBeVisible();
  await shot(page, 'compare-digits-1920');
});
