// More than 25 classes: the report table beside the confusion table (indoor,
// 38 classes), and the COCO sample without images.
import { expect, test } from '@playwright/test';
import { COCO, count, get, INDOOR, metric, metricsShown, PAGE, shot, viewUrl, type Examples, type Metrics } from './api';

const base = { inference: 'detector' };

async function thresholds(request: import('@playwright/test').APIRequestContext, project: string) {
  const response = await request.get('/api/projects');
  const body = (await response.json()) as { data: { name: string; confidence_threshold: number; iou_threshold: number }[] };
  const p = body.data.find((x) => x.name === project)!;
  return { confidence: p.confidence_threshold, iou: p.iou_threshold };
}

test('more than 25 classes shows the two tables; a report row filters the confusion table', async ({ page, request }) => {
  const t = await thresholds(request, 'indoor');
  const m = await get<Metrics>(request, INDOOR, 'metrics', { ...base, ...t });
  expect(m.classes.length).toBeGreaterThan(25);
  expect(m.confusion.layout).toBe('sparse');
  await page.goto(viewUrl(INDOOR, base));
  await metricsShown(page);
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  await expect(page.getByTestId('report-row')).toHaveCount(m.classes.length);
  const cells = m.confusion.cells!;
  const rows = page.getByTestId('confusion-row');
  await expect(rows).toHaveCount(Math.min(400, cells.length));
  // Sorted by count, largest first, as the API's cells.
  await expect(rows.first().getByTestId('confusion-count')).toHaveText(count(cells[0]!.count));

  // Selecting a report row keeps only the rows where gt or prediction is that class.
  const chosen = 'chair';
  await page.locator(`[data-testid=report-row][data-class="${chosen}"]`).click();
  await expect(page).toHaveURL(new RegExp(`reportClass=${chosen}`));
  const involving = cells.filter((c) => c.gt === chosen || c.pred === chosen);
  await expect(rows).toHaveCount(involving.length);
  for (const row of await rows.all()) {
    const gt = await row.getAttribute('data-gt');
    const pred = await row.getAttribute('data-pred');
    expect(gt === chosen || pred === chosen, `${gt} / ${pred}`).toBe(true);
  }
  await expect(page.getByTestId('report-class-scope')).toContainText(chosen);
  await shot(page, 'many-classes-report-row');

  // Selecting a confusion row lists its examples.
  const busiest = involving.find((c) => c.gt !== c.pred)!;
  const row = page.locator(`[data-testid=confusion-row][data-gt="${busiest.gt}"][data-pred="${busiest.pred}"]`);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(busiest.count));
  await expect(page.getByTestId('example-tile')).toHaveCount(Math.min(PAGE, busiest.count));
  await shot(page, 'many-classes-confusion-row');

  // Both tables filter by text; the report row can be let go.
  await page.getByTestId('report-filter').fill('ch');
  await expect(page.getByTestId('report-row')).toHaveCount(m.classes.filter((c) => c.includes('ch')).length);
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.getByTestId('confusion-filter').fill('door');
  await expect(rows).toHaveCount(cells.filter((c) => c.gt.includes('door') || c.pred.includes('door')).length);
  await page.getByTestId('filter-fp').click();
  await expect(rows).toHaveCount(cells.filter((c) => c.gt === 'background' && c.pred.includes('door')).length);
});

test('the many-class layout on a large screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(viewUrl(INDOOR, { ...base, reportClass: 'bed', reportSort: 'f1_desc' }));
  await metricsShown(page);
  await expect(page.getByTestId('confusion-row').first()).toBeVisible();
  await shot(page, 'many-classes-1920');
});

test('the report sorts by a column with undefined values last', async ({ page, request }) => {
  const t = await thresholds(request, 'coco');
  const m = await get<Metrics>(request, COCO, 'metrics', { ...base, ...t });
  await page.goto(viewUrl(COCO, base));
  await metricsShown(page);
  await page.getByTestId('report-table').getByRole('button', { name: /^Recall/ }).click();
  await expect(page).toHaveURL(/reportSort=recall_desc/);
  const defined = m.report.rows.filter((r) => r.recall !== null).sort((a, b) => b.recall! - a.recall!);
  const first = page.getByTestId('report-row').first();
  await expect(first.locator('td').nth(1)).toHaveText(metric(defined[0]!.recall));
  await expect(page.getByTestId('report-row').last().locator('td').nth(1)).toHaveText('—');
  await expect(page.getByTestId('report-row').last().locator('td').nth(1)).toHaveAttribute('title', /Recall is undefined: there are no labels/);
});

test('examples without images still show their boxes on a blank canvas of the frame size', async ({ page, request }) => {
  const t = await thresholds(request, 'coco');
  const examples = await get<Examples>(request, COCO, 'examples', { ...base, ...t, filter: 'fn', limit: PAGE });
  expect(examples.data[0]!.image_url).toBeNull();
  await page.goto(viewUrl(COCO, { ...base, filter: 'fn' }));
  await metricsShown(page);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(examples.total));
  const tile = page.getByTestId('example-tile').first();
  await expect(tile).toContainText('no image');
  await expect(tile.locator('image')).toHaveCount(0);
  const item = examples.data[0]!;
  await expect(tile.locator('svg rect').first()).toHaveAttribute('width', String(item.width));
  await expect(tile.locator('rect[data-kind="label"]')).toHaveAttribute('x', String(item.label_box![0]));
  await shot(page, 'coco-examples-without-images');
});
