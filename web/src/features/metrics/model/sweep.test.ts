import type { LineSeriesOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { bestF1, sweepData, sweepSpec } from './sweep';

const points = [
  { confidence: 0.5, precision: 0.8, recall: 0.6, f1: 0.686 },
  { confidence: 0.1, precision: 0.5, recall: 0.9, f1: 0.643 },
  { confidence: 0.3, precision: 0.7, recall: 0.7, f1: 0.7 },
  { confidence: 0.4, precision: 0.72, recall: 0.68, f1: 0.7 },
  { confidence: 1.0, precision: null, recall: 0, f1: null },
];

describe('bestF1', () => {
  it('takes the highest F1, the lowest confidence on ties', () => {
    expect(bestF1(points)).toEqual({ confidence: 0.3, f1: 0.7 });
    expect(bestF1([{ confidence: 0.2, precision: null, recall: null, f1: null }])).toBeNull();
  });
});

describe('sweepData', () => {
  it('orders by confidence and keeps undefined values as gaps', () => {
    expect(sweepData(points, 'precision')).toEqual([
      [0.1, 0.5],
      [0.3, 0.7],
      [0.4, 0.72],
      [0.5, 0.8],
      [1, null],
    ]);
  });
});

describe('sweepSpec', () => {
  it('draws precision, recall and F1 per set, marks the slider, the best F1 and the targets', () => {
    const spec = sweepSpec({
      curves: [
        { tag: 'A', points, dashed: false, confidence: 0.45 },
        { tag: 'B', points, dashed: true, confidence: 0.2 },
      ],
      targets: { precision: 0.75, recall: null, f1: 0.6 },
    });
    const series = spec.series as LineSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['Precision (A)', 'Recall (A)', 'F1 (A)', 'Precision (B)', 'Recall (B)', 'F1 (B)']);
    const f1a = series[2]!;
    const lines = f1a.markLine!.data as { xAxis?: number; yAxis?: number; name: string }[];
    expect(lines.map((l) => l.xAxis ?? l.yAxis)).toEqual([0.45, 0.75, 0.6]);
    expect(lines[1]!.name).toBe('Precision target 0.75');
    expect(f1a.markPoint!.data).toEqual([{ name: 'best F1', coord: [0.3, 0.7] }]);
    // Targets are drawn once, slider lines per set.
    expect((series[5]!.markLine!.data as unknown[]).length).toBe(1);
    expect(series[5]!.lineStyle!.type).toBe('dashed');
    expect((f1a.markPoint!.label as { show: boolean }).show).toBe(false);
  });

  it('draws one slider line when both sets share the threshold', () => {
    const spec = sweepSpec({
      curves: [
        { tag: 'A', points, dashed: false, confidence: 0.5 },
        { tag: 'B', points, dashed: true, confidence: 0.5 },
      ],
    });
    const series = spec.series as LineSeriesOption[];
    expect((series[2]!.markLine!.data as unknown[]).length).toBe(1);
    expect((series[5]!.markLine!.data as unknown[]).length).toBe(0);
  });
});
