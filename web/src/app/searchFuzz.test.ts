// Fuzzes the URL state codec with hand-edited and garbage parameters: it must
// never throw, every field must come out of its own domain, the router's
// object must not leak a raw value, and each ignored value gets a notice.
import { describe, expect, it } from 'vitest';
import {
  CONFUSION_SORTS,
  CROP_SOURCES,
  decodeSearch,
  EMBEDDING_KINDS,
  encodeSearch,
  FRAME_COLORINGS,
  GRID_OUTCOMES,
  GRID_SORTS,
  ORDERINGS,
  OUTCOMES,
  parseSearchString,
  REPORT_SORTS,
  stringifySearch,
  TABS,
  validatedSearch,
  type ViewSearch,
} from './search';
import { searchNotices } from './searchNotices';

/** mulberry32: a small seeded generator, so a failure reproduces. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'project', 'dataset', 'inference', 'compare', 'segment', 'tab', 'confidence', 'iou', 'confidenceB', 'iouB',
  'metricClass', 'values', 'normalize', 'filter', 'filterClass', 'cell', 'reportClass', 'reportQuery', 'confusionQuery',
  'reportSort', 'confusionSort', 'examplesOf', 'ordering', 'page', 'frame', 'embedding', 'colorBy', 'hide', 'gridQuery',
  'cropSource', 'gridOutcome', 'gridClass', 'gridSort', 'gridPage', 'details', 'utm_source', '__proto__', 'constructor',
];
const NASTY = [
  '', ' ', '1.5', '-1', '2', 'nan', 'NaN', 'Infinity', '-Infinity', '1e309', '0x1', '0.5', '1', '0', '1.0000001', '-0',
  'null', 'undefined', 'true', '[]', '{}', '["a"]', '["a","b"]', '["a","b","c"]', '[1,2]', '{"gt":"a"}', 'wat', 'metrics',
  'grid', 'fn', 'confused_as', 'tp,fp', 'tp,,wat', ',', '%', '%E0%A4%A', '<script>', '😀', 'a'.repeat(500), '3.7', '12',
  'f1_asc', 'box_size_asc', 'b', 'B', 'percentage', 'column',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomRaw(random: () => number): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  const n = Math.floor(random() * 8);
  for (let i = 0; i < n; i += 1) {
    const key = pick(random, KEYS);
    raw[key] = random() < 0.15 ? [pick(random, NASTY), pick(random, NASTY)] : pick(random, NASTY);
  }
  return raw;
}

function expectInDomain(view: ViewSearch): void {
  for (const key of ['confidence', 'iou', 'confidenceB', 'iouB'] as const) {
    const value = view[key];
    if (value !== undefined) {
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  }
  expect(TABS).toContain(view.tab);
  expect(['absolute', 'percentage']).toContain(view.values);
  expect(['row', 'column', 'value']).toContain(view.normalize);
  expect(ORDERINGS).toContain(view.ordering);
  expect(EMBEDDING_KINDS).toContain(view.embedding);
  expect(FRAME_COLORINGS).toContain(view.colorBy);
  expect(CROP_SOURCES).toContain(view.cropSource);
  expect(GRID_SORTS).toContain(view.gridSort);
  if (view.reportSort !== undefined) expect(REPORT_SORTS).toContain(view.reportSort);
  if (view.confusionSort !== undefined) expect(CONFUSION_SORTS).toContain(view.confusionSort);
  if (view.gridOutcome !== undefined) expect(GRID_OUTCOMES).toContain(view.gridOutcome);
  for (const outcome of view.hiddenOutcomes) expect(OUTCOMES).toContain(outcome);
  for (const p of [view.page, view.gridPage]) expect(Number.isInteger(p) && p >= 0).toBe(true);
  for (const c of view.cells) expect(typeof c.gt === 'string' && typeof c.pred === 'string').toBe(true);
  for (const key of ['project', 'dataset', 'inference', 'compare', 'segment', 'metricClass', 'frame'] as const) {
    if (view[key] !== undefined) expect(typeof view[key]).toBe('string');
  }
}

describe('URL state codec under fuzzing', () => {
  it('never throws, keeps every field in its domain and round-trips', () => {
    const random = generator(20261207);
    for (let run = 0; run < 3000; run += 1) {
      const raw = randomRaw(random);
      const view = decodeSearch(raw);
      expectInDomain(view);
      // What the app writes back reads the same.
      expect(decodeSearch(parseSearchString(stringifySearch(view as never)))).toEqual(view);
      expect(() => searchNotices(raw)).not.toThrow();
    }
  });

  it('lets no raw value through the router object', () => {
    const random = generator(7);
    for (let run = 0; run < 2000; run += 1) {
      const raw = randomRaw(random);
      const routed = validatedSearch(raw) as unknown as Record<string, unknown>;
      const view = decodeSearch(raw) as unknown as Record<string, unknown>;
      // The router spreads the validated object over the raw one: nothing raw may remain.
      const merged = { ...raw, ...routed };
      for (const key of Object.keys(merged)) expect(merged[key]).toEqual(Object.hasOwn(view, key) ? view[key] : undefined);
    }
  });

  it.each([
    ['confidence', '1.5'],
    ['confidence', ''],
    ['confidence', '-1'],
    ['iou', '2'],
    ['iou', 'nan'],
    ['confidenceB', '9'],
    ['iouB', 'Infinity'],
    ['tab', 'wat'],
    ['ordering', 'sideways'],
    ['page', '-3'],
    ['filter', 'confused_as'],
    ['cell', '["only one"]'],
  ])('%s=%s falls back to the default with a notice naming it', (key, value) => {
    const raw = parseSearchString(new URLSearchParams({ project: 'voc', [key]: value }).toString());
    const view = decodeSearch(raw);
    expect(encodeSearch(view).find(([k]) => k === key)).toBeUndefined();
    const notices = searchNotices(raw);
    expect(notices.map((n) => n.key)).toEqual([key]);
    expect(notices[0]!.message).toContain(key);
    expect(notices[0]!.message).toContain(value === '' ? 'is empty' : 'not valid');
  });

  it('gives no notice for valid values, defaults spelled out, or foreign parameters', () => {
    const raw = parseSearchString('project=voc&confidence=0.40&iou=1&tab=metrics&ordering=iou_asc&page=2&hide=tp,fp&cell=["a","b"]&utm_source=mail');
    expect(searchNotices(raw)).toEqual([]);
  });

  it('names only the bad parts of a hidden-outcome list', () => {
    const notices = searchNotices(parseSearchString('hide=tp,wat'));
    expect(notices.map((n) => n.value)).toEqual(['wat']);
  });
});
