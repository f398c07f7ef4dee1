import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import { curveData, escapeHtml, isoF1Points, operatingPoint, prCurveSpec, type PrPoint } from './prCurve';

const points: PrPoint[] = [
  { confidence: 0.9, precision: 1, recall: 0.2, f1: 0.333 },
  { confidence: 0.1, precision: 0.5, recall: 0.9, f1: 0.643 },
  { confidence: 0.5, precision: 0.8, recall: 0.6, f1: 0.686 },
  { confidence: 1.0, precision: null, recall: 0, f1: null },
];

const seriesOf = (spec: ReturnType<typeof prCurveSpec>) => spec.series as LineSeriesOption[];

describe('curveData', () => {
  it('orders by confidence and drops undefined precision', () => {
    expect(curveData(points)).toEqual([
      [0.9, 0.5, 0.1, 0.643],
      [0.6, 0.8, 0.5, 0.686],
      [0.2, 1, 0.9, 0.333],
    ]);
  });
});

describe('isoF1Points', () => {
  it('lies on the F1 curve inside the unit square', () => {
    const curve = isoF1Points(0.6, 10);
    expect(curve).toHaveLength(11);
    expect(curve[0]![0]).toBeCloseTo(0.6 / 1.4);
    expect(curve[0]![1]).toBeCloseTo(1);
    expect(curve.at(-1)![0]).toBe(1);
    for (const [recall, precision] of curve) {
      expect((2 * precision * recall) / (precision + recall)).toBeCloseTo(0.6, 10);
      expect(precision).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('is empty for values outside (0, 1]', () => {
    expect(isoF1Points(0)).toEqual([]);
    expect(isoF1Points(1.2)).toEqual([]);
  });
});

describe('operatingPoint', () => {
  it('takes the defined point nearest to the confidence', () => {
    expect(operatingPoint(points, 0.45)).toEqual([0.6, 0.8]);
    expect(operatingPoint(points, 1)).toEqual([0.2, 1]);
  });
});

describe('prCurveSpec', () => {
  const curves = [
    { name: 'weighted average', points, color: '#111827', emphasized: true },
    { name: 'cat', points, color: '#4c78a8' },
  ];

  it('draws one line per curve with recall on x and precision on y', () => {
    const spec = prCurveSpec({ curves });
    const series = seriesOf(spec);
    expect(series.map((s) => s.name)).toEqual(['weighted average', 'cat']);
    expect(series[0]!.lineStyle!.width).toBeGreaterThan(series[1]!.lineStyle!.width as number);
    expect(spec.xAxis).toMatchObject({ name: 'Recall', min: 0, max: 1 });
    expect(spec.yAxis).toMatchObject({ name: 'Precision', min: 0, max: 1 });
  });

  it('draws set thresholds as dotted lines, F1 as its iso-curve', () => {
    const series = seriesOf(prCurveSpec({ curves, thresholds: { precision: 0.8, recall: 0.7, f1: 0.75 } }));
    const [lines, f1] = series;
    expect(lines!.markLine!.lineStyle!.type).toBe('dotted');
    expect(lines!.markLine!.data).toEqual([
      { yAxis: 0.8, name: 'precision 0.80', label: { position: 'insideStartTop' } },
      { xAxis: 0.7, name: 'recall 0.70' },
    ]);
    expect(f1!.lineStyle!.type).toBe('dotted');
    expect((f1!.data as number[][]).length).toBeGreaterThan(10);
    expect(series.slice(2).map((s) => s.name)).toEqual(['weighted average', 'cat']);
  });

  it('draws no threshold lines when none are set', () => {
    const series = seriesOf(prCurveSpec({ curves, thresholds: { precision: null, recall: null, f1: null } }));
    expect(series).toHaveLength(2);
  });

  it('marks the operating point at the slider confidence', () => {
    const [first] = seriesOf(prCurveSpec({ curves, operatingConfidence: 0.5 }));
    expect(first!.markPoint!.data).toEqual([{ name: 'operating point', coord: [0.6, 0.8] }]);
  });

  it('lists hidden curves in the legend, switched off', () => {
    const spec = prCurveSpec({ curves: [...curves, { name: 'dog', points, color: '#000', hidden: true }] });
    expect(spec.legend).toMatchObject({ data: ['weighted average', 'cat', 'dog'], selected: { dog: false } });
  });

  it('dashes the second model', () => {
    const [curve] = seriesOf(prCurveSpec({ curves: [{ name: 'cat (B)', points, color: '#000', dashed: true }] }));
    expect(curve!.lineStyle!.type).toBe('dashed');
  });

  it('escapes class names in the tooltip', () => {
    const spec = prCurveSpec({ curves: [{ name: '<b>x</b>', points, color: '#000' }] });
    const tooltip = spec.tooltip as { formatter: (p: unknown) => string };
    const text = tooltip.formatter({ seriesName: '<b>x</b>', value: [0.6, 0.8, 0.5, 0.686] });
    expect(text).not.toContain('<b>');
    expect(text).toContain('confidence 0.50');
    expect(escapeHtml('a&b')).toBe('a&#38;b');
  });
});
