// The PR-curve chart as a pure function of its data: an ECharts option object
// (recall on x, precision on y) with the segment's target thresholds drawn as
// dotted lines: precision and recall as straight lines, F1 as its iso-curve.

import type { EChartsOption, LineSeriesOption } from 'echarts';
import { formatThreshold } from './format';

export interface PrPoint {
  readonly confidence: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

export interface PrCurve {
  /** Legend name: a class, "weighted average", or "<class> (model B)". */
  readonly name: string;
  readonly points: readonly PrPoint[];
  readonly color: string;
  /** Drawn heavier: the aggregate curve. */
  readonly emphasized?: boolean;
  /** Drawn dashed: the second inference set when two are overlaid. */
  readonly dashed?: boolean;
  /** Listed in the legend but switched off until clicked (per-class curves of many classes). */
  readonly hidden?: boolean;
  /** This curve's own operating confidence (each compared set has its own slider). */
  readonly operatingConfidence?: number | null;
}

export interface Thresholds {
  readonly precision?: number | null;
  readonly recall?: number | null;
  readonly f1?: number | null;
}

export interface PrChartInput {
  readonly curves: readonly PrCurve[];
  readonly thresholds?: Thresholds;
  /** The confidence the sliders are at: marked on each curve. */
  readonly operatingConfidence?: number | null;
}

export const THRESHOLD_COLOR = '#6b7280';
const THRESHOLD_SERIES = 'Target thresholds';

/** [recall, precision, confidence, f1] data of a curve, points with 0/0 dropped. */
export function curveData(points: readonly PrPoint[]): [number, number, number, number | null][] {
  return points
    .filter((p): p is PrPoint & { precision: number; recall: number } => p.precision !== null && p.recall !== null)
    .slice()
    .sort((a, b) => a.confidence - b.confidence)
    .map((p) => [p.recall, p.precision, p.confidence, p.f1]);
}

/**
 * Points of the iso-F1 curve p = f r / (2 r - f) inside the unit square: r runs
 * from f / (2 - f) (where p = 1) to 1 (where p = f / (2 - f)).
 */
export function isoF1Points(f1: number, steps = 60): [number, number][] {
  if (!(f1 > 0 && f1 <= 1)) return [];
  const start = f1 / (2 - f1);
  const points: [number, number][] = [];
  for (let i = 0; i <= steps; i += 1) {
    const recall = start + ((1 - start) * i) / steps;
    points.push([recall, (f1 * recall) / (2 * recall - f1)]);
  }
  return points;
}

/** The point of a curve nearest to a confidence, or null. */
export function operatingPoint(points: readonly PrPoint[], confidence: number): [number, number] | null {
  let best: [number, number] | null = null;
  let bestDistance = Infinity;
  for (const p of points) {
    if (p.precision === null || p.recall === null) continue;
    const distance = Math.abs(p.confidence - confidence);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = [p.recall, p.precision];
    }
  }
  return best;
}

function thresholdSeries(thresholds: Thresholds): LineSeriesOption[] {
  const dotted = { type: 'dotted' as const, color: THRESHOLD_COLOR, width: 1.5 };
  const markData: NonNullable<NonNullable<LineSeriesOption['markLine']>['data']> = [];
  if (thresholds.precision != null) {
    markData.push({
      yAxis: thresholds.precision,
      name: `precision ${formatThreshold(thresholds.precision)}`,
      label: { position: 'insideStartTop' },
    });
  }
  if (thresholds.recall != null) {
    markData.push({ xAxis: thresholds.recall, name: `recall ${formatThreshold(thresholds.recall)}` });
  }
  const series: LineSeriesOption[] = [];
  if (markData.length > 0) {
    series.push({
      type: 'line',
      name: THRESHOLD_SERIES,
      data: [],
      silent: true,
      markLine: {
        symbol: 'none',
        silent: true,
        lineStyle: dotted,
        label: { formatter: '{b}', color: THRESHOLD_COLOR, fontSize: 11 },
        data: markData,
      },
    });
  }
  if (thresholds.f1 != null && thresholds.f1 > 0) {
    series.push({
      type: 'line',
      name: THRESHOLD_SERIES,
      data: isoF1Points(thresholds.f1),
      showSymbol: false,
      silent: true,
      lineStyle: dotted,
      endLabel: { show: true, formatter: `F1 ${formatThreshold(thresholds.f1)}`, color: THRESHOLD_COLOR, fontSize: 11 },
      z: 1,
    });
  }
  return series;
}

function curveSeries(curve: PrCurve, operatingConfidence: number | null | undefined): LineSeriesOption {
  const confidence = curve.operatingConfidence !== undefined ? curve.operatingConfidence : operatingConfidence;
  const mark = confidence == null ? null : operatingPoint(curve.points, confidence);
  return {
    type: 'line',
    name: curve.name,
    data: curveData(curve.points),
    showSymbol: false,
    symbolSize: 6,
    color: curve.color,
    lineStyle: { width: curve.emphasized ? 2.5 : 1.5, type: curve.dashed ? 'dashed' : 'solid', color: curve.color },
    emphasis: { focus: 'series' },
    z: curve.emphasized ? 3 : 2,
    ...(mark === null
      ? {}
      : {
          markPoint: {
            symbol: 'circle',
            symbolSize: 8,
            silent: true,
            label: { show: false },
            itemStyle: { color: curve.color, borderColor: '#ffffff', borderWidth: 1.5 },
            data: [{ name: 'operating point', coord: mark }],
          },
        }),
  };
}

function tooltipText(seriesName: string, value: unknown): string {
  if (!Array.isArray(value)) return seriesName;
  const [recall, precision, confidence, f1] = value as [number, number, number, number | null];
  const f1Text = f1 == null ? '—' : f1.toFixed(3);
  return `${seriesName}<br/>confidence ${confidence.toFixed(2)}<br/>precision ${precision.toFixed(3)} · recall ${recall.toFixed(3)} · F1 ${f1Text}`;
}

/** Escapes text that ECharts puts into its HTML tooltip. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The full chart option. */
export function prCurveSpec(input: PrChartInput): EChartsOption {
  const curves = input.curves.map((c) => curveSeries(c, input.operatingConfidence));
  const thresholds = thresholdSeries(input.thresholds ?? {});
  const axis = {
    type: 'value' as const,
    min: 0,
    max: 1,
    interval: 0.2,
    nameLocation: 'middle' as const,
    nameGap: 28,
    axisLine: { lineStyle: { color: '#9ca3af' } },
    splitLine: { lineStyle: { color: '#eef0f3' } },
    axisLabel: { color: '#6b7280', fontSize: 11 },
    nameTextStyle: { color: '#374151', fontSize: 12 },
  };
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    grid: { left: 52, right: 24, top: 16, bottom: 72 },
    xAxis: { ...axis, name: 'Recall' },
    yAxis: { ...axis, name: 'Precision', nameGap: 36 },
    legend: {
      type: 'scroll',
      bottom: 0,
      icon: 'roundRect',
      itemWidth: 12,
      itemHeight: 4,
      textStyle: { fontSize: 11, color: '#374151' },
      data: input.curves.map((c) => c.name),
      // Every curve named, on or off: ECharts merges legend state across updates, so a
      // curve left out would keep whatever an earlier spec said (a metric class switched off).
      selected: Object.fromEntries(input.curves.map((c) => [c.name, !c.hidden])),
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as { seriesName?: string; value?: unknown };
        return tooltipText(escapeHtml(p.seriesName ?? ''), p.value);
      },
    },
    series: [...thresholds, ...curves],
  };
}
