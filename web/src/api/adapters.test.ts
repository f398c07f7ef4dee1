import { describe, expect, it } from 'vitest';
import { compareDense, compareEntries, confusionEntries, denseConfusion, prCurves, reportRows, segmentTargets } from './adapters';
import type { CompareResponse, MetricsResponse, PrCurvesResponse } from './queries';

const dense: MetricsResponse['confusion'] = {
  labels: ['cat', 'dog', 'background'],
  layout: 'dense',
  counts: [
    [5, 2, 3],
    [1, 4, 0],
    [2, 1, 0],
  ],
  cells: null,
  total: 18,
};

describe('confusion adapters', () => {
  it('passes a dense matrix through', () => {
    expect(denseConfusion(['cat', 'dog'], dense)).toEqual({ classes: ['cat', 'dog'], counts: dense.counts });
    expect(denseConfusion(['cat', 'dog'], { ...dense, layout: 'sparse', counts: null, cells: [] })).toBeNull();
  });

  it('lists nonzero entries from either layout', () => {
    expect(confusionEntries(dense)).toHaveLength(7);
    expect(confusionEntries(dense)[1]).toEqual({ gt: 'cat', pred: 'dog', count: 2 });
    const sparse = { ...dense, layout: 'sparse' as const, counts: null, cells: [{ gt: 'a', pred: 'b', count: 3 }] };
    expect(confusionEntries(sparse)).toEqual([{ gt: 'a', pred: 'b', count: 3 }]);
  });
});

describe('reportRows', () => {
  it('keeps nulls and the counts behind them', () => {
    const rows = reportRows({
      rows: [
        {
          name: 'lamp',
          precision: null,
          recall: 0,
          f1: 0,
          support: 4,
          true_positives: 0,
          false_positives: 0,
          false_negatives: 4,
        },
      ],
      weighted: { precision: 0, recall: 0, f1: 0 },
      macro: { precision: 0, recall: 0, f1: 0 },
      micro: { precision: 0, recall: 0, f1: 0 },
    });
    expect(rows).toEqual([
      {
        className: 'lamp',
        precision: null,
        recall: 0,
        f1: 0,
        support: 4,
        counts: { truePositives: 0, falsePositives: 0, falseNegatives: 4 },
      },
    ]);
  });
});

describe('prCurves', () => {
  const point = { confidence: 0.5, precision: 0.8, recall: 0.6, f1: 0.69 };
  const response: PrCurvesResponse = {
    inference_set: 'm',
    iou: 0.5,
    segment: null,
    classes: [
      { name: 'cat', support: 3, points: [point] },
      { name: 'dog', support: 2, points: [point] },
    ],
    aggregates: [
      { name: 'weighted', support: 5, points: [point] },
      { name: 'micro', support: 5, points: [point] },
    ],
    thresholds: [],
  };

  it('puts the weighted aggregate first, heavier, then classes in their colours', () => {
    const curves = prCurves(response, ['cat', 'dog'], ['#ff0000', null]);
    expect(curves.map((c) => c.name)).toEqual(['weighted average', 'cat', 'dog']);
    expect(curves[0]!.emphasized).toBe(true);
    expect(curves[1]!.color).toBe('#ff0000');
    expect(curves[2]!.color).toMatch(/^#/);
  });

  it('names and dashes the second model', () => {
    const curves = prCurves(response, ['cat', 'dog'], [], { suffix: 'B', dashed: true, aggregates: ['micro'] });
    expect(curves[0]!.name).toBe('micro average (B)');
    expect(curves.every((c) => c.dashed)).toBe(true);
  });
});

describe('comparison adapters', () => {
  const side = { settings: {} as CompareResponse['first']['settings'], summary: {} as CompareResponse['first']['summary'], report: {} as CompareResponse['first']['report'] };
  const denseCompare: CompareResponse = {
    classes: ['cat'],
    labels: ['cat', 'background'],
    first: side,
    second: side,
    layout: 'dense',
    first_counts: [[3, 1], [0, 0]],
    second_counts: [[4, 0], [2, 0]],
    delta: [[1, -1], [2, 0]],
    cells: null,
  };

  it('splits a dense comparison into the two matrices and their entries', () => {
    expect(compareDense(denseCompare)).toEqual({
      a: { classes: ['cat'], counts: [[3, 1], [0, 0]] },
      b: { classes: ['cat'], counts: [[4, 0], [2, 0]] },
    });
    expect(compareEntries(denseCompare)).toEqual({
      a: [{ gt: 'cat', pred: 'cat', count: 3 }, { gt: 'cat', pred: 'background', count: 1 }],
      b: [{ gt: 'cat', pred: 'cat', count: 4 }, { gt: 'background', pred: 'cat', count: 2 }],
    });
  });

  it('reads both sides of a sparse comparison, leaving out zero counts', () => {
    const sparse: CompareResponse = {
      ...denseCompare,
      layout: 'sparse',
      first_counts: null,
      second_counts: null,
      delta: null,
      cells: [{ gt: 'background', pred: 'cat', first: 0, second: 2, delta: 2 }],
    };
    expect(compareDense(sparse)).toBeNull();
    expect(compareEntries(sparse)).toEqual({ a: [], b: [{ gt: 'background', pred: 'cat', count: 2 }] });
  });
});

describe('segmentTargets', () => {
  const lines: PrCurvesResponse['thresholds'] = [
    { segment: 'night', kind: 'regression_test', precision: 0.8, recall: null, f1: 0.7 },
  ];
  it("takes the selected segment's thresholds; All Frames and unknown segments have none", () => {
    expect(segmentTargets(lines, 'night')).toEqual({ precision: 0.8, recall: null, f1: 0.7 });
    expect(segmentTargets(lines, undefined)).toBeNull();
    expect(segmentTargets(lines, 'day')).toBeNull();
  });
});
