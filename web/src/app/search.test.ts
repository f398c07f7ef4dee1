import { describe, expect, it } from 'vitest';
import {
  decodeSearch,
  DEFAULT_SEARCH,
  effectiveThresholds,
  encodeSearch,
  parseSearchString,
  resetSelection,
  stringifySearch,
  swapInferenceSets,
  type ViewSearch,
} from './search';

const roundTrip = (search: Partial<ViewSearch>) => decodeSearch(parseSearchString(stringifySearch(search)));

describe('URL search codec', () => {
  it('writes nothing for the default view', () => {
    expect(stringifySearch({})).toBe('');
    expect(stringifySearch(DEFAULT_SEARCH as never)).toBe('');
  });

  it('writes flat, readable parameters', () => {
    expect(
      stringifySearch({ project: 'reef', dataset: 'val', inference: 'yolo v8', confidence: 0.5, tab: 'scenarios' }),
    ).toBe('?project=reef&dataset=val&inference=yolo+v8&tab=scenarios&confidence=0.5');
  });

  it('round-trips every part of the view', () => {
    const view: ViewSearch = {
      ...DEFAULT_SEARCH,
      project: 'reef',
      dataset: 'val',
      inference: 'a',
      compare: 'b',
      segment: 'night, rain & fog',
      tab: 'metrics',
      confidence: 0.35,
      iou: 0.6,
      confidenceB: 0.4,
      iouB: 0.5,
      metricClass: 'car',
      values: 'percentage',
      normalize: 'column',
      filter: { kind: 'confused_as', className: 'truck' },
      cells: [
        { gt: 'car', pred: 'background' },
        { gt: 'a,b', pred: '"q"' },
      ],
      reportClass: 'bus',
      reportQuery: 'bu',
      confusionQuery: 'tr',
      ordering: 'iou_asc',
      page: 3,
      frame: 'frame/001.jpg',
      embedding: 'crop',
      colorBy: 'recall',
      hiddenOutcomes: ['tp', 'fn'],
      gridQuery: 'weather = rain',
    };
    expect(roundTrip(view)).toEqual(view);
  });

  it('drops invalid values instead of failing', () => {
    const s = decodeSearch(
      parseSearchString(
        '?tab=nope&confidence=1.5&iou=abc&values=x&page=-2&cell=%5Bbroken&cell=%5B%22a%22%2C%22b%22%5D&hide=tp,zz&filter=confused_as',
      ),
    );
    expect(s.tab).toBe('metrics');
    expect(s.confidence).toBeUndefined();
    expect(s.iou).toBeUndefined();
    expect(s.values).toBe('absolute');
    expect(s.page).toBe(0);
    expect(s.cells).toEqual([{ gt: 'a', pred: 'b' }]);
    expect(s.hiddenOutcomes).toEqual(['tp']);
    expect(s.filter).toBeUndefined(); // confused_as needs a class
  });

  it('round-trips the Metrics tab quick views, report and table sorting and the examples side', () => {
    const metricsView: ViewSearch = {
      ...DEFAULT_SEARCH,
      filter: { kind: 'disagreements' },
      reportSort: 'f1_desc',
      confusionSort: 'count',
      examplesOf: 'b',
    };
    expect(roundTrip(metricsView)).toEqual(metricsView);
    expect(roundTrip({ filter: { kind: 'agreements' } }).filter).toEqual({ kind: 'agreements' });
    const bad = decodeSearch(parseSearchString('?reportSort=f1&confusionSort=x&examplesOf=a&filter=everything'));
    expect([bad.reportSort, bad.confusionSort, bad.examplesOf, bad.filter]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('keeps class names that look like numbers as text', () => {
    expect(decodeSearch(parseSearchString('?metricClass=7&project=1')).metricClass).toBe('7');
  });

  it('accepts typed values as the router passes them after navigate()', () => {
    const s = decodeSearch({ confidence: 0.25, filter: { kind: 'fp' }, cells: [{ gt: 'x', pred: 'y' }], page: 2 });
    expect(s.confidence).toBe(0.25);
    expect(s.filter).toEqual({ kind: 'fp' });
    expect(s.cells).toEqual([{ gt: 'x', pred: 'y' }]);
    expect(s.page).toBe(2);
  });

  it('keeps a threshold of exactly 0 (not dropped as falsy)', () => {
    expect(stringifySearch({ confidence: 0 })).toBe('?confidence=0');
    expect(roundTrip({ confidence: 0 }).confidence).toBe(0);
  });

  it('orders parameters stably whatever the object order', () => {
    const one = encodeSearch({ iou: 0.5, project: 'p' });
    const two = encodeSearch({ project: 'p', iou: 0.5 });
    expect(one).toEqual(two);
  });
});

describe('effectiveThresholds', () => {
  const defaults = { confidence: 0.5, iou: 0.5 };

  it('uses the project defaults and shares them with B', () => {
    expect(effectiveThresholds({}, defaults)).toEqual({ a: defaults, b: defaults, shared: true });
  });

  it('lets B have its own thresholds', () => {
    const t = effectiveThresholds({ confidence: 0.3, confidenceB: 0.7 }, defaults);
    expect(t.shared).toBe(false);
    expect(t.a).toEqual({ confidence: 0.3, iou: 0.5 });
    expect(t.b).toEqual({ confidence: 0.7, iou: 0.5 });
  });
});

describe('swapInferenceSets', () => {
  it('swaps the sets and their own thresholds', () => {
    const s = swapInferenceSets({
      ...DEFAULT_SEARCH,
      inference: 'a',
      compare: 'b',
      confidence: 0.3,
      iou: 0.5,
      confidenceB: 0.7,
      iouB: 0.6,
    });
    expect(s).toMatchObject({ inference: 'b', compare: 'a', confidence: 0.7, iou: 0.6, confidenceB: 0.3, iouB: 0.5 });
  });

  it('keeps shared thresholds shared', () => {
    const s = swapInferenceSets({ ...DEFAULT_SEARCH, inference: 'a', compare: 'b', confidence: 0.3 });
    expect(s).toMatchObject({ inference: 'b', compare: 'a', confidence: 0.3 });
    expect(s.confidenceB).toBeUndefined();
  });

  it('does nothing with one set', () => {
    const s = { ...DEFAULT_SEARCH, inference: 'a' };
    expect(swapInferenceSets(s)).toBe(s);
  });
});

describe('resetSelection', () => {
  const full: ViewSearch = {
    ...DEFAULT_SEARCH,
    project: 'p',
    dataset: 'd',
    inference: 'a',
    compare: 'b',
    segment: 's',
    confidence: 0.2,
    metricClass: 'car',
    cells: [{ gt: 'car', pred: 'bus' }],
    filter: { kind: 'fn' },
    frame: 'f1',
    page: 4,
    tab: 'grid',
  };

  it('keeps the tab and thresholds when the inference set changes', () => {
    const s = resetSelection(full, 'inference');
    expect(s).toMatchObject({ project: 'p', dataset: 'd', inference: 'a', segment: 's', tab: 'grid', confidence: 0.2 });
    expect(s.cells).toEqual([]);
    expect(s.filter).toBeUndefined();
    expect(s.frame).toBeUndefined();
    expect(s.page).toBe(0);
  });

  it('drops inference sets and segment with the dataset, and classes with the project', () => {
    const d = resetSelection(full, 'dataset');
    expect(d.inference).toBeUndefined();
    expect(d.segment).toBeUndefined();
    expect(d.metricClass).toBe('car');
    const p = resetSelection(full, 'project');
    expect(p.dataset).toBeUndefined();
    expect(p.metricClass).toBeUndefined();
    expect(p.confidence).toBeUndefined();
    expect(p.tab).toBe('grid');
  });
});
