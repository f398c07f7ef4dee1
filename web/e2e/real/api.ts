// Reads the real server's API from the tests, typed by the generated schema,
// so that every number on screen is checked against what the server says.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { components } from '../../src/api/schema.gen';

type S = components['schemas'];
export type Metrics = S['MetricsResponse'];
export type Compare = S['CompareResponse'];
export type Examples = S['ExamplesResponse'];
export type Frame = S['FrameDetail'];
export type Curves = S['PrCurvesResponse'];
export type SegmentList = S['SegmentList'];

export interface Where {
  readonly project: string;
  readonly dataset: string;
}

export const VOC: Where = { project: 'voc', dataset: 'val' };
export const INDOOR: Where = { project: 'indoor', dataset: 'all' };
export const COCO: Where = { project: 'coco', dataset: 'val2017-sample' };
export const DIGITS: Where = { project: 'digits', dataset: 'all' };

type Params = Record<string, string | number | boolean | readonly string[] | undefined>;

function query(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  return search.toString();
}

/** GET a dataset's endpoint and its JSON; fails the test with the server's words otherwise. */
export async function get<T>(request: APIRequestContext, where: Where, endpoint: string, params: Params = {}): Promise<T> {
  const url = `/api/projects/${encodeURIComponent(where.project)}/datasets/${encodeURIComponent(where.dataset)}/${endpoint}?${query(params)}`;
  const response = await request.get(url);
  expect(response.ok(), `${url}: ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

/** The app's URL of a view. */
export function viewUrl(where: Where, params: Params): string {
  return `/?${query({ project: where.project, dataset: where.dataset, ...params })}`;
}

/** A metric as the app shows it: three decimals, "—" when undefined. */
export function metric(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

/** A count as the app shows it: 12,345. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The value of the cell (gt, pred) of a dense matrix. */
export function cellOf(response: { labels: string[]; counts?: number[][] | null }, gt: string, pred: string): number {
  const counts = response.counts;
  if (!counts) throw new Error('expected a dense matrix');
  return counts[response.labels.indexOf(gt)]![response.labels.indexOf(pred)]!;
}

/** Tiles on a page of examples. */
export const PAGE = 36;

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  // Charts draw once their library has loaded: wait for their canvases.
  for (const chart of await page.locator('[data-testid=pr-curves], [data-testid=sweep-chart]').all()) {
    await expect(chart.locator('canvas').first()).toBeVisible();
  }
  await page.screenshot({ path: `test-results/screens/real-${name}.png`, fullPage });
}

/** Waits until the Metrics tab shows numbers (and no pending update). */
export async function metricsShown(page: Page): Promise<void> {
  await expect(page.getByTestId('summary-precision')).toBeVisible();
  await expect(page.getByTestId('metrics-updating')).toHaveText('');
}
