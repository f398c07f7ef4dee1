import { describe, expect, it } from 'vitest';
import { confusionEntries, denseConfusion, prCurves, reportRows } from './adapters';
import type { MetricsResponse, PrCurvesResponse } from './queries';

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
