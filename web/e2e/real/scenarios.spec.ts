// The Scenarios tab and segment details against the real server: targets
// recolour cards, segments are created from metadata queries and deleted.
// Tests make their own segments (and remove them) so that other tests see the
// demo's segments unchanged.
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { components } from '../../src/api/schema.gen';
import { DIGITS, get, metric, shot, VOC, viewUrl, type Where } from './api';

type S = components['schemas'];

const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

function segmentsUrl(where: Where, name?: string): string {
  const base = `/api/projects/${where.project}/datasets/${encodeURIComponent(where.dataset)}/segments`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

type NewSegment = Pick<S['SegmentCreate'], 'name' | 'kind'> & Partial<Pick<S['SegmentCreate'], 'where' | 'frame_ids' | 'f1'>>;

async function createSegment(request: APIRequestContext, where: Where, body: NewSegment): Promise<S['SegmentPublic']> {
  const response = await request.post(segmentsUrl(where), { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as S['SegmentPublic'];
}

async function removeSegment(request: APIRequestContext, where: Where, name: string): Promise<void> {
  await request.delete(segmentsUrl(where, name));
}

test('a target set in segment details turns its card from red to green, and deleting removes it', async ({ page, request }) => {
  const name = unique('e2e light ink');
  // F1 of the logistic model on light-ink digits is about 0.86: a 0.99 target is missed.
  await createSegment(request, DIGITS, { name, kind: 'regression_test', where: "ink == 'light'", f1: 0.99 });
  try {
    const before = await get<S['ScenariosResponse']>(request, DIGITS, 'scenarios', { inference: 'logistic' });
    const card = before.groups.flatMap((g) => g.cards).find((c) => c.segment === name)!;
    const f1 = card.scores[0]!.checks.find((c) => c.metric === 'f1')!.score!;
    expect(f1).toBeLessThan(0.99);
    const passedBefore = before.regression[0]!.passed;

    await page.goto(viewUrl(DIGITS, { inference: 'logistic', tab: 'scenarios' }));
    const shown = page.locator(`[data-testid="scenario-card"][data-segment="${name}"]`);
    await expect(shown).toHaveAttribute('data-verdict', 'fail');
    await expect(shown.getByTestId('card-f1')).toHaveText(new RegExp(`^${metric(f1)}`));
    await expect(shown.getByTestId('card-f1')).toHaveAttribute('data-state', 'missed');
    await expect(shown.getByTestId('card-target-f1')).toHaveText('≥ 0.99');
    // Red: the value is drawn in the "bad" colour.
    await expect(shown.getByTestId('card-f1')).toHaveCSS('color', 'rgb(180, 35, 24)');

    await shown.getByTestId('card-details').click();
    await expect(page).toHaveURL(/details=/);
    const drawer = page.getByTestId('segment-details');
    await expect(drawer).toBeVisible();
    await expect(drawer.getByTestId('details-f1')).toContainText(metric(f1));

    // Validation in words; nothing is sent.
    const input = drawer.getByTestId('details-threshold-f1');
    await input.fill('1.5');
    await expect(drawer.getByRole('alert').first()).toContainText('above 1');
    await expect(drawer.getByTestId('save-thresholds')).toBeDisabled();

    const target = Math.floor(f1 * 100 - 5) / 100;
    await input.fill(String(target));
    await input.press('Enter');
    await expect(shown).toHaveAttribute('data-verdict', 'pass');
    await expect(shown.getByTestId('card-f1')).toHaveAttribute('data-state', 'met');
    await expect(shown.getByTestId('card-target-f1')).toHaveText(`≥ ${target.toFixed(2)}`);
    await expect(shown.getByTestId('card-f1')).toHaveCSS('color', 'rgb(31, 122, 77)');
    await expect(page.getByTestId('regression-summary')).toContainText(`${passedBefore + 1} of ${before.regression[0]!.total} regression tests pass`);
    const saved = await get<S['SegmentList']>(request, DIGITS, 'segments');
    expect(saved.data.find((s) => s.name === name)!.f1).toBeCloseTo(target, 6);
    await shot(page, 'scenarios-details-target-met', false);

    // Clearing the box unsets the target.
    await input.fill('');
    await drawer.getByTestId('save-thresholds').click();
    await expect(shown).toHaveAttribute('data-verdict', 'none');
    await expect(shown.getByTestId('card-target-f1')).toHaveText('—');

    // Delete, with confirmation.
    await drawer.getByTestId('delete-segment').click();
    await page.getByTestId('confirm-delete-button').click();
    await expect(page.getByTestId('segment-details')).toHaveCount(0);
    await expect(shown).toHaveCount(0);
    await expect(page).not.toHaveURL(/details=/);
    const after = await get<S['SegmentList']>(request, DIGITS, 'segments');
    expect(after.data.map((s) => s.name)).not.toContain(name);
  } finally {
    await removeSegment(request, DIGITS, name);
  }
});

test('segment details list the frames, add and remove them, and save the description', async ({ page, request }) => {
  const name = unique('e2e frames');
  const first = await get<S['FrameList']>(request, VOC, 'frames', { limit: 6 });
  const ids = first.data.map((f) => f.frame_id);
  await createSegment(request, VOC, { name, kind: 'scenario', frame_ids: ids.slice(0, 4) });
  try {
    await page.goto(viewUrl(VOC, { inference: 'detector', tab: 'scenarios', details: name }));
    const drawer = page.getByTestId('segment-details');
    const thumbs = drawer.getByTestId('details-frames').locator('li');
    await expect(thumbs).toHaveCount(4);
    await expect(drawer.getByTestId('details-frames').getByTestId('frame-image').first()).toBeVisible();

    await drawer.getByTestId('add-frames-input').fill(`${ids[4]}, ${ids[5]}\nnot-a-frame`);
    await drawer.getByTestId('add-frames').click();
    await expect(drawer.getByRole('alert')).toContainText("the dataset has no frame 'not-a-frame'");
    await drawer.getByTestId('add-frames-input').fill(`${ids[4]}, ${ids[5]}`);
    await drawer.getByTestId('add-frames').click();
    await expect(thumbs).toHaveCount(6);

    await drawer.getByLabel(`Select frame ${ids[0]} to remove it`).check();
    await drawer.getByTestId('remove-frames').click();
    await expect(thumbs).toHaveCount(5);
    const card = page.locator(`[data-testid="scenario-card"][data-segment="${name}"]`);
    await expect(card).toContainText('5 frames');

    await drawer.getByTestId('details-description').fill('Frames picked by hand');
    await drawer.getByTestId('save-about').click();
    await expect(card).toContainText('Frames picked by hand');
    const detail = await get<S['SegmentDetail']>(request, VOC, `segments/${encodeURIComponent(name)}`);
    expect(detail.frame_ids).toEqual([...ids.slice(1, 6)]);
    expect(detail.description).toBe('Frames picked by hand');
  } finally {
    await removeSegment(request, VOC, name);
  }
});

test('a segment created from a metadata query: the query error in words, then the card', async ({ page, request }) => {
  const name = unique('e2e crowded');
  const expected = await get<S['FrameList']>(request, VOC, 'frames', { where: 'people >= 2', limit: 1 });
  try {
    await page.goto(viewUrl(VOC, { inference: 'detector', tab: 'scenarios' }));
    await page.getByTestId('new-segment').click();
    const dialog = page.getByTestId('save-segment-dialog');
    await dialog.getByTestId('segment-name').fill(name);
    await dialog.getByTestId('segment-where').fill('peple >= 2');
    await expect(dialog.getByTestId('segment-where-error')).toContainText("unknown metadata field 'peple'");
    await expect(dialog.getByTestId('segment-where-error')).toContainText('known: brightness, objects, orientation, people, smallest_box');
    // Submitting anyway: the server's answer, in words.
    await dialog.getByTestId('save-segment-submit').click();
    await expect(dialog.getByTestId('save-segment-error')).toContainText("unknown metadata field 'peple'");

    await dialog.getByTestId('segment-where').fill('people >= 2');
    await expect(dialog.getByTestId('segment-where-count')).toHaveText(`Matches ${expected.count} of 100 frames.`);
    await dialog.getByTestId('segment-kind').getByRole('radio', { name: 'Regression test' }).click();
    await dialog.getByTestId('new-threshold-recall').fill('0.5');
    await shot(page, 'scenarios-new-segment-from-query', false);
    await dialog.getByTestId('save-segment-submit').click();
    await expect(dialog).toHaveCount(0);

    const card = page.getByTestId('group-regression_test').locator(`[data-testid="scenario-card"][data-segment="${name}"]`);
    await expect(card).toContainText(`${expected.count} frames`);
    await expect(card.getByTestId('card-target-recall')).toHaveText('≥ 0.50');
    const created = await get<S['SegmentDetail']>(request, VOC, `segments/${encodeURIComponent(name)}`);
    expect(created.kind).toBe('regression_test');
    expect(created.frame_count).toBe(expected.count);

    // The card opens the Metrics tab on the segment.
    await card.getByRole('button', { name: `Open the metrics of ${name}` }).click();
    await expect(page.getByRole('tab', { name: 'Metrics' })).toHaveAttribute('aria-selected', 'true');
    await expect(page).toHaveURL(new RegExp(`segment=${encodeURIComponent(name).replace(/%20/g, '\\+')}`));
    await expect(page.getByTestId('select-segment')).toHaveValue(name);
  } finally {
    await removeSegment(request, VOC, name);
  }
});

test('two inference sets with independent thresholds', async ({ page, request }) => {
  await page.goto(viewUrl(DIGITS, { inference: 'logistic', compare: 'mlp', tab: 'scenarios' }));
  const allFrames = page.locator('[data-testid="scenario-card"][data-segment="All Frames"]');
  await expect(allFrames.getByTestId('card-row')).toHaveCount(2);
  await page.getByTestId('thresholds-mode').getByRole('radio', { name: 'Independent' }).click();
  await expect(page).toHaveURL(/confidenceB=0\.5/);
  const slider = page.getByTestId('scenarios-b-confidence');
  await slider.focus();
  for (let i = 0; i < 20; i++) await slider.press('ArrowLeft');
  await expect(page).toHaveURL(/confidenceB=0\.3(&|$)/);
  const s = await get<S['ScenariosResponse']>(request, DIGITS, 'scenarios', {
    inference: ['logistic', 'mlp'],
    confidence: 0.5,
    second_confidence: 0.3,
  });
  const card = s.groups[0]!.cards[0]!;
  const recallB = card.scores[1]!.checks.find((c) => c.metric === 'recall')!.score;
  await expect(allFrames.getByTestId('card-row').nth(1).getByTestId('card-recall')).toHaveText(new RegExp(`^${metric(recallB)}`));
  await expect(page.getByTestId('regression-verdict')).toHaveCount(2);
  await shot(page, 'scenarios-two-sets-independent', false);
});
