// The Grid view against the real server: every filter and sort is checked
// against GET .../frames with the same parameters.
import { expect, test, type Page } from '@playwright/test';
import type { components } from '../../src/api/schema.gen';
import { count, get, shot, VOC, viewUrl } from './api';

type S = components['schemas'];

const base = { inference: 'detector', tab: 'grid' };
const api = { inference: 'detector', limit: 48 };

async function shownIds(page: Page): Promise<string[]> {
  return page.getByTestId('grid-frame').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-frame-id') ?? ''));
}

async function sameFrames(page: Page, expected: S['FrameList']): Promise<void> {
  await expect(page.getByTestId('grid-count')).toContainText(count(expected.count));
  await expect(page.getByTestId('grid-frame')).toHaveCount(Math.min(48, expected.data.length));
  await expect.poll(() => shownIds(page)).toEqual(expected.data.map((f) => f.frame_id));
}

test('frames with labels solid and predictions dashed, as the API lists them', async ({ page, request }) => {
  const expected = await get<S['FrameList']>(request, VOC, 'frames', { ...api, boxes: true });
  await page.goto(viewUrl(VOC, base));
  await sameFrames(page, expected);
  const first = expected.data[0]!;
  const card = page.locator(`[data-testid="grid-frame"][data-frame-id="${first.frame_id}"]`);
  const kept = first.predictions!.filter((p) => p.outcome !== 'below_confidence').length;
  await expect(card.locator('rect[data-kind="label"]')).toHaveCount(first.labels!.length);
  await expect(card.locator('rect[data-kind="prediction"]')).toHaveCount(kept);
  await expect(card.locator('rect[data-kind="label"]').first()).not.toHaveAttribute('stroke-dasharray');
  if (kept > 0) await expect(card.locator('rect[data-kind="prediction"]').first()).toHaveAttribute('stroke-dasharray', '6 4');
  await shot(page, 'grid-voc', false);

  // Open a frame full size.
  await card.getByRole('button', { name: `Open frame ${first.frame_id} full size` }).click();
  const viewer = page.getByTestId('frame-viewer');
  await expect(viewer).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`frame=${first.frame_id}`));
  await expect(viewer.locator('rect[data-kind="label"]')).toHaveCount(first.labels!.length);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(new RegExp(`frame=${expected.data[1]!.frame_id}`));
  await shot(page, 'grid-frame-viewer', false);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
});

test('filter by outcome, by confusions of one class, and by metadata', async ({ page, request }) => {
  await page.goto(viewUrl(VOC, base));
  await expect(page.getByTestId('grid-frame').first()).toBeVisible();

  await page.getByTestId('grid-outcome').selectOption('fn');
  await expect(page).toHaveURL(/gridOutcome=fn/);
  await sameFrames(page, await get<S['FrameList']>(request, VOC, 'frames', { ...api, outcome: 'fn' }));

  // Confusions of a class that has some.
  const confused = await get<S['FrameList']>(request, VOC, 'frames', { ...api, outcome: 'confusion', boxes: true });
  expect(confused.count).toBeGreaterThan(0);
  const className = confused.data[0]!.labels!.find((l) => l.outcome === 'confusion')!.class_name;
  await page.getByTestId('grid-outcome').selectOption('confusion');
  await page.getByTestId('grid-class').selectOption(className);
  await expect(page).toHaveURL(new RegExp(`gridOutcome=confusion.*gridClass=${className}`));
  const ofClass = await get<S['FrameList']>(request, VOC, 'frames', { ...api, outcome: 'confusion', filter_class: className });
  await sameFrames(page, ofClass);
  await expect(page.getByTestId('grid-count')).toContainText(`frames with confusions of ${className}`);

  // Metadata, with a mistake first.
  await page.getByTestId('grid-outcome').selectOption('');
  await page.getByTestId('grid-class').selectOption('');
  await page.getByTestId('grid-query').fill("orientation = 'portrait'");
  await page.getByTestId('grid-query').press('Enter');
  await expect(page.getByTestId('grid-query-error')).toContainText("cannot parse query \"orientation = 'portrait'\"");
  await page.getByTestId('grid-query').fill("orientation == 'portrait' and people > 0");
  await page.getByTestId('grid-query').press('Enter');
  await expect(page.getByTestId('grid-query-error')).toHaveCount(0);
  await sameFrames(page, await get<S['FrameList']>(request, VOC, 'frames', { ...api, where: "orientation == 'portrait' and people > 0" }));
  await shot(page, 'grid-voc-filtered', false);
});

test('sort by per-frame F1, worst first, across pages', async ({ page, request }) => {
  const worst = await get<S['FrameList']>(request, VOC, 'frames', { ...api, sort: 'f1', descending: false });
  await page.goto(viewUrl(VOC, base));
  await page.getByTestId('grid-sort').selectOption('f1_asc');
  await expect(page).toHaveURL(/gridSort=f1_asc/);
  await sameFrames(page, worst);
  const f1s = await page.getByTestId('grid-frame').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-f1') ?? ''));
  const defined = f1s.filter((v) => v !== '').map(Number);
  expect(defined).toEqual([...defined].sort((a, b) => a - b));
  await expect(page.getByTestId('frame-f1').first()).toHaveText(`F1 ${worst.data[0]!.f1!.toFixed(3)}`);

  await page.getByRole('button', { name: 'Next page' }).first().click();
  await expect(page).toHaveURL(/gridPage=1/);
  await sameFrames(page, await get<S['FrameList']>(request, VOC, 'frames', { ...api, sort: 'f1', descending: false, offset: 48 }));

  await page.getByTestId('grid-sort').selectOption('f1_desc');
  await expect(page).not.toHaveURL(/gridPage=/);
  await sameFrames(page, await get<S['FrameList']>(request, VOC, 'frames', { ...api, sort: 'f1', descending: true }));
});

test('frames selected in the grid are saved as a segment', async ({ page, request }) => {
  const name = `e2e grid ${Date.now().toString(36)}`;
  const expected = await get<S['FrameList']>(request, VOC, 'frames', { ...api, outcome: 'fp' });
  try {
    await page.goto(viewUrl(VOC, { ...base, gridOutcome: 'fp' }));
    await sameFrames(page, expected);
    const ids = expected.data.slice(0, 4).map((f) => f.frame_id);
    await page.getByLabel(`Select frame ${ids[0]}`).click();
    await page.getByLabel(`Select frame ${ids[3]}`).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('grid-selection')).toContainText('4 frames selected');
    await page.getByTestId('grid-save-segment').click();
    const dialog = page.getByTestId('save-segment-dialog');
    await dialog.getByTestId('segment-name').fill(name);
    await dialog.getByTestId('save-segment-submit').click();
    await expect(page.getByTestId('toast')).toContainText(`Segment “${name}” created with 4 frames.`);
    const saved = await get<S['SegmentDetail']>(request, VOC, `segments/${encodeURIComponent(name)}`);
    expect([...saved.frame_ids].sort()).toEqual([...ids].sort());
  } finally {
    await request.delete(`/api/projects/voc/datasets/val/segments/${encodeURIComponent(name)}`);
  }
});
