// The error-type chart of the Metrics tab on the demo's VOC set: counts and
// F1 gains against the API, and each bar listing the examples of its type.
import { expect, test } from '@playwright/test';
import { get, metricsShown, shot, viewUrl, VOC } from './api';

interface ErrorType {
  error_type: string;
  count: number;
  f1_gain: number | null;
}
interface Errors {
  types: ErrorType[];
}
interface ExamplePage {
  total: number;
  data: { frame_id: string }[];
}

const params = { inference: 'detector', confidence: 0.4, iou: 0.5 };

test('the error-type bars show the API counts and each lists its own examples', async ({ page, request }) => {
  const errors = await get<Errors>(request, VOC, 'errors', params);
  await page.goto(viewUrl(VOC, params));
  await metricsShown(page);
  const panel = page.getByTestId('error-types');
  await expect(panel).toBeVisible();
  for (const t of errors.types) {
    const bar = panel.locator(`[data-testid=error-bar][data-type="${t.error_type}"]`);
    await expect(bar.getByTestId('error-count')).toHaveText(String(t.count));
    const gain = t.f1_gain === null ? '—' : `${t.f1_gain >= 0 ? '+' : '−'}${Math.abs(t.f1_gain).toFixed(3)}`;
    await expect(bar.getByTestId('error-gain')).toHaveText(gain);
  }
  // Two bars with examples, one after the other: the list follows the bar.
  const withErrors = errors.types.filter((t) => t.count > 0).slice(0, 2);
  expect(withErrors.length).toBeGreaterThan(1);
  for (const t of withErrors) {
    await panel.locator(`[data-testid=error-bar][data-type="${t.error_type}"]`).click();
    const listed = await get<ExamplePage>(request, VOC, 'errors/examples', { ...params, error_type: t.error_type, limit: 24 });
    const examples = panel.getByTestId('error-examples');
    await expect(examples).toHaveAttribute('data-type', t.error_type);
    await expect(panel.getByTestId('error-examples-total')).toContainText(`${t.count} ${t.error_type} errors`);
    await expect(examples.getByTestId('error-example')).toHaveCount(listed.data.length);
    await expect(examples.getByTestId('error-example').first().locator('td').first()).toHaveText(listed.data[0]!.frame_id);
  }
  await panel.scrollIntoViewIfNeeded();
  await shot(page, 'metrics-voc-error-types');
});
