// The embedding map against the real server: WebGL points, legend toggles,
// lasso and box selection driven with the mouse, and saving a selection.
import { expect, test, type Page } from '@playwright/test';
import type { components } from '../../src/api/schema.gen';
import { get, shot, VOC, viewUrl } from './api';

type S = components['schemas'];

/** Drags the mouse through points given as fractions of the map's canvas. */
async function drag(page: Page, path: readonly (readonly [number, number])[]): Promise<void> {
  const box = (await page.getByTestId('embedding-canvas').boundingBox())!;
  const at = ([fx, fy]: readonly [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  const [x0, y0] = at(path[0]!);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (const point of path.slice(1)) {
    const [x, y] = at(point);
    await page.mouse.move(x, y, { steps: 6 });
  }
  await page.mouse.up();
}

async function mapReady(page: Page, points: number): Promise<void> {
  await expect(page.getByTestId('embedding-map')).toHaveAttribute('data-count', String(points));
  await expect(page.getByTestId('embedding-canvas')).toBeVisible();
  // Give the WebGL plot a frame to draw the points.
  await page.waitForTimeout(300);
}

test('frames coloured by per-frame F1; a lasso selection is saved as a segment', async ({ page, request }) => {
  const name = `e2e lasso ${Date.now().toString(36)}`;
  const columns = await get<S['EmbeddingColumnsResponse']>(request, VOC, 'embeddings/projection/columns', {
    kind: 'frame',
    inference: 'detector',
    color_by: 'f1',
  });
  try {
    await page.goto(viewUrl(VOC, { inference: 'detector', tab: 'embeddings' }));
    await mapReady(page, columns.count);
    await expect(page.getByTestId('legend')).toContainText('F1 per frame');
    await page.getByTestId('plot-mode').getByRole('radio', { name: 'Lasso' }).click();
    // A lasso around the middle of the map (the legend sits in the top-left corner).
    await drag(page, [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.75],
      [0.3, 0.75],
      [0.3, 0.31],
    ]);
    const title = page.getByTestId('selection-count');
    await expect(title).toHaveText(/^\d+ frames? selected$/);
    const selected = Number((await title.textContent())!.split(' ')[0]);
    expect(selected).toBeGreaterThan(0);
    expect(selected).toBeLessThan(columns.count);
    await expect(page.getByTestId('selection-thumbs').locator('li')).toHaveCount(Math.min(24, selected));
    await expect(page.getByTestId('selection-thumbs').getByTestId('frame-image').first()).toBeVisible();
    await shot(page, 'embeddings-lasso', false);

    await page.getByTestId('selection-save').click();
    const dialog = page.getByTestId('save-segment-dialog');
    await expect(dialog).toContainText(`Save ${selected} frames as a segment`);
    await dialog.getByTestId('segment-name').fill(name);
    await dialog.getByTestId('save-segment-submit').click();
    await expect(page.getByTestId('toast')).toContainText(`Segment “${name}” created with ${selected} frames.`);
    const saved = await get<S['SegmentDetail']>(request, VOC, `segments/${encodeURIComponent(name)}`);
    expect(saved.frame_count).toBe(selected);
    expect(saved.frame_ids.every((id) => columns.frame_ids.includes(id))).toBe(true);

    // Box selection replaces the selection.
    await page.getByTestId('plot-mode').getByRole('radio', { name: 'Box' }).click();
    await drag(page, [
      [0.35, 0.35],
      [0.5, 0.5],
      [0.65, 0.7],
    ]);
    await expect(title).toHaveText(/^\d+ frames? selected$/);
  } finally {
    await request.delete(`/api/projects/voc/datasets/val/segments/${encodeURIComponent(name)}`);
  }
});

test('crops coloured by outcome; legend entries hide and show outcomes', async ({ page, request }) => {
  const columns = await get<S['EmbeddingColumnsResponse']>(request, VOC, 'embeddings/projection/columns', {
    kind: 'crop',
    owner: 'detector',
    confidence: 0.4,
    iou: 0.5,
  });
  const fp = columns.outcomes!.filter((o) => o === 'fp').length;
  expect(fp).toBeGreaterThan(0);
  await page.goto(viewUrl(VOC, { inference: 'detector', tab: 'embeddings', embedding: 'crop', cropSource: 'predictions' }));
  await mapReady(page, columns.count);
  const legendFp = page.getByTestId('legend-fp');
  await expect(legendFp).toContainText(`False positive${fp}`);
  await page.getByTestId('legend-tp').click();
  await expect(page).toHaveURL(/hide=tp/);
  await expect(page.getByTestId('legend-tp')).toHaveAttribute('aria-pressed', 'false');
  await shot(page, 'embeddings-crops-fp', false);

  // Only false positives and confusions are left: a box over everything selects no true positive.
  await page.getByTestId('plot-mode').getByRole('radio', { name: 'Box' }).click();
  await drag(page, [
    [0.3, 0.05],
    [0.6, 0.5],
    [0.99, 0.97],
  ]);
  const panel = page.getByTestId('selection-panel');
  await expect(page.getByTestId('selection-count')).toHaveText(/crops? in \d+ frames?/);
  await expect(panel).not.toContainText('True positive');

  // Every crop the legend shows, in one click.
  const shown = columns.outcomes!.filter((o) => o !== 'tp').length;
  await page.getByTestId('select-all-shown').click();
  await expect(page.getByTestId('selection-count')).toHaveText(new RegExp(`^${shown} crops in \\d+ frames$`));
  await page.getByTestId('legend-tp').click();
  await expect(page).not.toHaveURL(/hide=/);
});
