// The Metrics tab on the demo workspace (VOC: 20 classes, images), every
// number checked against the real API.
import { expect, test, type Page } from '@playwright/test';
import { cellOf, count, get, metric, metricsShown, PAGE, shot, viewUrl, VOC, type Examples, type Frame, type Metrics } from './api';

const INFERENCE = 'detector';
const base = { inference: INFERENCE };

async function defaults(page: Page): Promise<{ confidence: number; iou: number }> {
  const response = await page.request.get('/api/projects');
  const body = (await response.json()) as { data: { name: string; confidence_threshold: number; iou_threshold: number }[] };
  const voc = body.data.find((p) => p.name === 'voc')!;
  return { confidence: voc.confidence_threshold, iou: voc.iou_threshold };
}

async function expectSummary(page: Page, m: Metrics): Promise<void> {
  await expect(page.getByTestId('summary-precision')).toContainText(metric(m.summary.precision));
  await expect(page.getByTestId('summary-recall')).toContainText(metric(m.summary.recall));
  await expect(page.getByTestId('summary-f1')).toContainText(metric(m.summary.f1));
  await expect(page.getByTestId('summary-fp')).toContainText(count(m.summary.false_positives));
  await expect(page.getByTestId('summary-fn')).toContainText(count(m.summary.false_negatives));
  await expect(page.getByTestId('summary-confusions')).toContainText(count(m.summary.confusions));
}

test('the sliders recompute every number to what the API returns', async ({ page, request }) => {
  const start = await defaults(page);
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  await expectSummary(page, await get<Metrics>(request, VOC, 'metrics', { ...base, ...start }));

  // Page Up moves a slider by 0.1: no reload, the URL follows, the numbers follow the API.
  const before = await page.evaluate(() => performance.timeOrigin);
  const confidence = Math.round((start.confidence + 0.1) * 100) / 100;
  await page.getByTestId('slider-confidence').focus();
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(new RegExp(`confidence=${confidence}`));
  const moved = await get<Metrics>(request, VOC, 'metrics', { ...base, confidence, iou: start.iou });
  await expectSummary(page, moved);

  const iou = Math.round((start.iou + 0.1) * 100) / 100;
  await page.getByTestId('slider-iou').focus();
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(new RegExp(`iou=${iou}`));
  const both = await get<Metrics>(request, VOC, 'metrics', { ...base, confidence, iou });
  await expectSummary(page, both);
  expect(both.summary.false_negatives).not.toBe((await get<Metrics>(request, VOC, 'metrics', { ...base, ...start })).summary.false_negatives);

  // The report follows too: every row against the API, "—" where a value is undefined.
  for (const row of both.report.rows) {
    const line = page.locator(`[data-testid=report-row][data-class="${row.name}"]`);
    await expect(line.locator('td').nth(0)).toHaveText(metric(row.precision));
    await expect(line.locator('td').nth(2)).toHaveText(metric(row.f1));
  }
  expect(await page.evaluate(() => performance.timeOrigin)).toBe(before);
  await shot(page, 'metrics-voc-thresholds');
});

test('Percentage with Row shows each cell as a share of its row, on the cell and on hover', async ({ page, request }) => {
  const start = await defaults(page);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  await page.getByTestId('toggle-values').getByRole('radio', { name: 'Percentage' }).click();
  await page.getByTestId('toggle-normalize').getByRole('radio', { name: 'Column' }).click();
  await page.getByTestId('toggle-normalize').getByRole('radio', { name: 'Row' }).click();
  await expect(page).toHaveURL(/values=percentage/);
  await expect(page).not.toHaveURL(/normalize=/);

  const row = m.confusion.labels.indexOf('person');
  const rowTotal = m.confusion.counts![row]!.reduce((a, b) => a + b, 0);
  const tp = cellOf(m.confusion, 'person', 'person');
  const share = `${((tp / rowTotal) * 100).toFixed(1)}%`;
  const cell = page.locator('td[data-gt="person"][data-pred="person"]');
  await expect(cell).toHaveText(share);
  // The hover says the count, its denominator and the share.
  await cell.hover();
  await expect(page.getByTestId('matrix-tooltip')).toContainText(`person - person ${tp} / ${rowTotal} (${share} of the person row)`);
  const missed = cellOf(m.confusion, 'person', 'background');
  await expect(page.locator('td[data-gt="person"][data-pred="background"]')).toHaveText(`${((missed / rowTotal) * 100).toFixed(1)}%`);
  await shot(page, 'metrics-voc-percentage-row');
});

test('FN highlights the background column and lists every missed label', async ({ page, request }) => {
  const start = await defaults(page);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  await page.getByTestId('filter-fn').click();
  await expect(page).toHaveURL(/filter=fn/);

  const highlighted = page.locator('td[data-highlighted]');
  await expect(highlighted).toHaveCount(m.classes.length);
  for (const cell of await highlighted.all()) {
    await expect(cell).toHaveAttribute('data-pred', 'background');
    expect(await cell.getAttribute('data-gt')).not.toBe('background');
  }
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(m.summary.false_negatives));
  await expect(page.getByTestId('example-tile').first()).toHaveAttribute('data-outcome', 'fn');
  await expect(page.getByTestId('examples-pager')).toContainText(`1–${PAGE} of ${m.summary.false_negatives}`);
  await shot(page, 'metrics-voc-fn');

  // The next page continues the same list.
  const api = await get<Examples>(request, VOC, 'examples', { ...base, ...start, filter: 'fn', offset: PAGE, limit: PAGE });
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/page=1/);
  await expect(page.getByTestId('example-tile')).toHaveCount(api.data.length);
  await expect(page.getByTestId('example-tile').first()).toHaveAttribute('data-frame', api.data[0]!.frame_id);
});

test('Confused As and Confused From highlight their cells and list their examples', async ({ page, request }) => {
  const start = await defaults(page);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  await page.getByTestId('filter-confused-as').selectOption('person');
  await expect(page).toHaveURL(/filter=confused_as&filterClass=person/);
  const column = m.classes.filter((c) => c !== 'person');
  await expect(page.locator('td[data-highlighted]')).toHaveCount(column.length);
  await expect(page.locator('td[data-highlighted][data-pred="person"]')).toHaveCount(column.length);
  const expected = column.reduce((sum, gt) => sum + cellOf(m.confusion, gt, 'person'), 0);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(expected));

  await page.getByTestId('filter-confused-from').selectOption('motorbike');
  await expect(page.locator('td[data-highlighted][data-gt="motorbike"]')).toHaveCount(m.classes.length - 1);
  const fromMotorbike = m.classes.filter((c) => c !== 'motorbike').reduce((sum, pred) => sum + cellOf(m.confusion, 'motorbike', pred), 0);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(fromMotorbike));
  await shot(page, 'metrics-voc-confused-from');
});

test('a cell click lists as many examples as the cell counts, drawn over their images, in the chosen order', async ({ page, request }) => {
  const start = await defaults(page);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  // The busiest cell of false positives.
  const fpRow = m.confusion.counts![m.classes.length]!;
  const pred = m.classes[fpRow.indexOf(Math.max(...fpRow.slice(0, -1)))]!;
  const cellCount = cellOf(m.confusion, 'background', pred);
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  const cell = page.locator(`td[data-gt="background"][data-pred="${pred}"]`);
  await expect(cell).toHaveAttribute('data-count', String(cellCount));
  await cell.getByRole('button').click();
  await expect(cell).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(cellCount));
  await expect(page.getByTestId('example-tile')).toHaveCount(Math.min(PAGE, cellCount));
  const first = page.getByTestId('example-tile').first();
  await expect(first).toHaveAttribute('data-outcome', 'fp');
  await expect(first.locator('rect[data-kind="prediction"]')).toHaveAttribute('stroke-dasharray', '5 3');
  await expect(first.locator('image')).toHaveAttribute('href', /\/api\/projects\/voc\/datasets\/val\/images\?frame_id=/);

  // Most confident first by default; box size ascending on request, as the API orders it.
  const bySize = await get<Examples>(request, VOC, 'examples', { ...base, ...start, cell: `background|${pred}`, order_by: 'box_size', descending: false, limit: PAGE });
  await page.getByTestId('select-ordering').selectOption('box_size_asc');
  await expect(page).toHaveURL(/ordering=box_size_asc/);
  await expect(page.getByTestId('example-tile').first()).toHaveAttribute('data-frame', bySize.data[0]!.frame_id);
  await shot(page, 'metrics-voc-cell-examples');

  // A tile opens the whole frame with all its labels and predictions and their outcomes.
  const frameId = bySize.data[0]!.frame_id;
  const frame = await get<Frame>(request, VOC, 'frame', { frame_id: frameId, inference: INFERENCE, ...start });
  await page.getByTestId('example-tile').first().click();
  await expect(page).toHaveURL(new RegExp(`frame=${frameId}`));
  const viewer = page.getByTestId('frame-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('heading', { name: new RegExp(`Labels\\s*${frame.labels.length}`) })).toBeVisible();
  await expect(viewer.getByRole('heading', { name: new RegExp(`Predictions\\s*${frame.predictions.length}`) })).toBeVisible();
  await expect(viewer.locator('rect[data-kind="label"]')).toHaveCount(frame.labels.length);
  await shot(page, 'metrics-voc-frame', false);
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(page).not.toHaveURL(/frame=/);
});

test('the quick views list high confidence disagreements and low confidence agreements', async ({ page, request }) => {
  const start = await defaults(page);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  await page.getByTestId('quick-high_confidence_disagreements').click();
  await expect(page).toHaveURL(/filter=disagreements/);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(m.summary.confusions + m.summary.false_positives));
  const top = await get<Examples>(request, VOC, 'examples', { ...base, ...start, filter: 'disagreements', limit: 1 });
  await expect(page.getByTestId('example-tile').first()).toHaveAttribute('data-frame', top.data[0]!.frame_id);
  await expect(page.getByTestId('example-tile').first()).toContainText(`conf ${top.data[0]!.confidence!.toFixed(2)}`);
  await expect(page.getByTestId('quick-high_confidence_disagreements')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('quick-low_confidence_agreements').click();
  await expect(page).toHaveURL(/filter=agreements&.*ordering=confidence_asc/);
  const diagonal = m.classes.reduce((sum, c) => sum + cellOf(m.confusion, c, c), 0);
  await expect(page.getByTestId('examples-total')).toHaveAttribute('data-total', String(diagonal));
  await expect(page.locator('td[data-highlighted]')).toHaveCount(m.classes.length);
  await expect(page.getByTestId('example-tile').first()).toHaveAttribute('data-outcome', 'tp');
  await shot(page, 'metrics-voc-low-confidence-agreements');
});

test('COCO mAP with AR1/10/100, VOC AP, per-class AP and the downloads match the API', async ({ page, request }) => {
  const start = await defaults(page);
  const withCoco = await get<Metrics>(request, VOC, 'metrics', { ...base, coco: true, voc: true });
  const coco = withCoco.coco!;
  const voc = withCoco.voc!;
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);
  const card = page.getByTestId('coco-card');
  for (const key of ['ap', 'ap50', 'ap75', 'ar1', 'ar10', 'ar100'] as const) {
    await expect(card.locator(`[data-metric="${key}"]`)).toContainText(metric(coco[key]));
  }
  // VOC AP beside COCO AP, at the project's IoU threshold, both published forms.
  await expect(card.locator('[data-metric="voc_11point"]')).toContainText(metric(voc.map_11point));
  await expect(card.locator('[data-metric="voc_all_point"]')).toContainText(metric(voc.map_all_point));
  await expect(card.locator('[data-metric="voc_all_point"]')).toContainText(`VOC AP${Math.round(voc.iou * 100)}`);
  await card.screenshot({ path: test.info().outputPath('coco-voc-card.png') });
  const person = page.locator('[data-testid=report-row][data-class="person"]');
  await expect(person.locator('td').last()).toHaveText(metric(coco.per_class_ap['person']));

  const report = await request.get((await page.getByTestId('download-report').getAttribute('href'))!);
  expect(report.headers()['content-type']).toContain('text/csv');
  const reportLines = (await report.text()).trim().split(/\r?\n/);
  // The settings behind the numbers travel in trailing columns of every row.
  expect(reportLines[0]).toBe(
    'class,precision,recall,f1,support,true_positives,false_positives,false_negatives,' +
      'confidence,iou,iou_convention,size,area_min,area_max,segment,dataset_version,inference_set_version',
  );
  expect(reportLines[1]).toContain(',continuous,all,');
  expect(reportLines).toHaveLength(1 + withCoco.classes.length + 3);
  const confusion = await request.get((await page.getByTestId('download-confusion').getAttribute('href'))!);
  const rows = (await confusion.text()).trim().split(/\r?\n/);
  expect(rows).toHaveLength(withCoco.classes.length + 2);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  expect(rows.at(-1)!.startsWith(['background', ...m.confusion.counts!.at(-1)!].join(',') + ',')).toBe(true);
});

test("a segment's targets colour the summary and are drawn on the PR curves", async ({ page, request }) => {
  const segments = await get<{ data: { name: string; precision: number | null; recall: number | null; f1: number | null }[] }>(request, VOC, 'segments');
  const segment = segments.data.find((s) => s.precision !== null && s.recall !== null)!;
  await page.goto(viewUrl(VOC, { ...base, segment: segment.name }));
  await metricsShown(page);
  await expect(page.getByTestId('pr-curves')).toHaveAttribute(
    'data-targets',
    `precision ${segment.precision!.toFixed(2)} · recall ${segment.recall!.toFixed(2)}`,
  );
  const start = await defaults(page);
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start, segment: segment.name });
  await expect(page.getByTestId('summary-frames')).toContainText(String(m.summary.frame_count));
  await expect(page.getByTestId('summary-precision')).toContainText(`target ${segment.precision!.toFixed(2)}`);
  await expect(page.getByTestId('sweep-chart')).toBeVisible();
  await shot(page, 'metrics-voc-segment-targets');
});

test('a shared link reproduces the whole view', async ({ page, browser, request }) => {
  const url = viewUrl(VOC, {
    ...base,
    confidence: 0.55,
    iou: 0.6,
    metricClass: 'person',
    values: 'percentage',
    normalize: 'column',
    cell: JSON.stringify(['person', 'background']),
    ordering: 'iou_asc',
  });
  const m = await get<Metrics>(request, VOC, 'metrics', { ...base, confidence: 0.55, iou: 0.6, class: 'person' });
  const examples = await get<Examples>(request, VOC, 'examples', { ...base, confidence: 0.55, iou: 0.6, cell: 'person|background', order_by: 'iou', descending: false });
  // A fresh browser context: nothing but the link.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await context.newPage();
  await other.goto(url);
  await metricsShown(other);
  await expect(other.getByTestId('summary-precision')).toContainText(metric(m.summary.precision));
  await expect(other.getByTestId('summary-precision')).toContainText('person');
  await expect(other.getByTestId('select-metric-class')).toHaveValue('person');
  await expect(other.locator('output').first()).toHaveText('0.55');
  await expect(other.locator('output').nth(1)).toHaveText('0.60');
  await expect(other.getByTestId('toggle-values').getByRole('radio', { name: 'Percentage' })).toHaveAttribute('aria-checked', 'true');
  await expect(other.getByTestId('toggle-normalize').getByRole('radio', { name: 'Column' })).toHaveAttribute('aria-checked', 'true');
  await expect(other.locator('td[data-gt="person"][data-pred="background"]')).toHaveAttribute('data-selected', 'true');
  await expect(other.getByTestId('select-ordering')).toHaveValue('iou_asc');
  await expect(other.getByTestId('examples-total')).toHaveAttribute('data-total', String(examples.total));
  await expect(other.locator('[data-testid=report-row][data-class="person"]')).toHaveClass(/metricClass/);
  await shot(other, 'metrics-voc-shared-link');
  await context.close();
  // The link survives a reload unchanged.
  await page.goto(url);
  await metricsShown(page);
  await page.reload();
  await metricsShown(page);
  expect(new URL(page.url()).search).toBe(new URL(url, 'http://x').search);
});

test('is readable on a large screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(viewUrl(VOC, { ...base, filter: 'fn' }));
  await metricsShown(page);
  await expect(page.getByTestId('example-tile').first()).toBeVisible();
  await shot(page, 'metrics-voc-1920');
  await shot(page, 'metrics-voc-1920-viewport', false);
});

test('errors are shown in words with a way out', async ({ page }) => {
  await page.goto(viewUrl(VOC, { ...base, segment: 'no such segment' }));
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('Could not compute the metrics of “detector”');
  await expect(alert).toContainText(/no such segment/i);
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  await shot(page, 'metrics-error-unknown-segment', false);
});
