// The object-size filter of the Metrics tab on the demo workspace, with the sliders, against the real API.
import { expect, test } from '@playwright/test';
import { count, get, metric, metricsShown, viewUrl, VOC, type Metrics } from './api';

const base = { inference: 'detector' };

test('the size filter restricts every number and keeps working with the sliders', async ({ page, request }) => {
  const projects = (await (await page.request.get('/api/projects')).json()) as {
    data: { name: string; confidence_threshold: number; iou_threshold: number }[];
  };
  const voc = projects.data.find((p) => p.name === 'voc')!;
  const start = { confidence: voc.confidence_threshold, iou: voc.iou_threshold };
  await page.goto(viewUrl(VOC, base));
  await metricsShown(page);

  await page.getByTestId('size-filter').getByRole('radio', { name: 'Large' }).click();
  await expect(page).toHaveURL(/size=large/);
  const large = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start, size: 'large' });
  const all = await get<Metrics>(request, VOC, 'metrics', { ...base, ...start });
  expect(large.summary.false_negatives).toBeLessThan(all.summary.false_negatives);
  await expect(page.getByTestId('summary-fn')).toContainText(count(large.summary.false_negatives));
  await expect(page.getByTestId('summary-f1')).toContainText(metric(large.summary.f1));
  const person = page.locator('[data-testid=report-row][data-class="person"]');
  const row = large.report.rows.find((r) => r.name === 'person')!;
  await expect(person.locator('td').nth(2)).toHaveText(metric(row.f1));

  // A slider move keeps the size: the numbers follow the API at the new threshold, small objects only.
  await page.getByTestId('size-filter').getByRole('radio', { name: 'Small' }).click();
  const confidence = Math.round((start.confidence + 0.1) * 100) / 100;
  await page.getByTestId('slider-confidence').focus();
  await page.keyboard.press('PageUp');
  await expect(page).toHaveURL(new RegExp(`confidence=${confidence}`));
  await expect(page).toHaveURL(/size=small/);
  const small = await get<Metrics>(request, VOC, 'metrics', { ...base, confidence, iou: start.iou, size: 'small' });
  expect(small.settings.size).toBe('small');
  await expect(page.getByTestId('summary-fn')).toContainText(count(small.summary.false_negatives));
  await expect(page.getByTestId('summary-fp')).toContainText(count(small.summary.false_positives));
  await expect(page.getByTestId('summary-f1')).toContainText(metric(small.summary.f1));

  // The CSV download names the size it was computed for.
  const href = (await page.getByTestId('download-report').getAttribute('href'))!;
  expect(href).toContain('size=small');
  const csv = await (await request.get(href)).text();
  expect(csv.split(/\r?\n/)[1]).toContain(',small,');
  await page.getByTestId('metrics-toolbar').screenshot({ path: test.info().outputPath('size-toolbar.png') });

  await page.getByTestId('size-filter').getByRole('radio', { name: 'All sizes' }).click();
  await expect(page).not.toHaveURL(/size=/);
});
