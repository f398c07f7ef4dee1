// Precision, recall and F1 against the confidence threshold: where the slider
// sits, where F1 peaks, and the segment's targets, as a pure ECharts option.

import type { EChartsOption, LineSeriesOption } from 'echarts';
import { formatThreshold } from './format';
import { escapeHtml, THRESHOLD_COLOR, type PrPoint, type Thresholds } from './prCurve';

export interface SweepCurve {
  /** Whose curve: "A" / "B" when two sets are compared, else null. */
  readonly tag: string | null;
  readonly points: readonly PrPoint[];
  readonly dashed: boolean;
  /** The slider's confidence for this set. */
  readonly confidence: number;
}

export const METRIC_COLORS = { precision: '#2563eb', recall: '#d97706', f1: '#0f766e' } as const;
const METRIC_NAMES = { precision: 'Precision', recall: 'Recall', f1: 'F1' } as const;
type Metric = keyof typeof METRIC_COLORS;

/** The confidence with the highest F1 (the lowest such confidence on ties), or null. */
export function bestF1(points: readonly PrPoint[]): { confidence: number; f1: number } | null {
  let best: { confidence: number; f1: number } | null = null;
  for (const p of [...points].sort((a, b) => a.confidence - b.confidence)) {
    if (p.f1 === null) continue;
    if (best === null || p.f1 > best.f1 + 1e-12) best = { confidence: p.confidence, f1: p.f1 };
  }
  return best;
}

/** [confidence, value] pairs of one metric, undefined values left as gaps. */
export function sweepData(points: readonly PrPoint[], metric: Metric): [number, number | null][] {
  return [...points].sort((a, b) => a.confidence - b.confidence).map((p) => [p.confidence, p[metric]]);
}

function targetLines(targets: Thresholds): NonNullable<LineSeriesOption['markLine']>['data'] {
  return (['precision', 'recall', 'f1'] as const)
    .filter((metric) => targets[metric] != null)
    .map((metric) => ({ yAxis: targets[metric]!, name: `${METRIC_NAMES[metric]} target ${formatThreshold(targets[metric]!)}` }));
}

export function sweepSpec(input: { readonly curves: readonly SweepCurve[]; readonly targets?: Thresholds }): EChartsOption {
  const series: LineSeriesOption[] = [];
  const names: string[] = [];
  const comparing = input.curves.length > 1;
  // One slider line when both sets share the threshold, one per set otherwise.
  const apart = input.curves.some((c) => c.confidence !== input.curves[0]!.confidence);
  input.curves.forEach((curve, index) => {
    const suffix = curve.tag ? ` (${curve.tag})` : '';
    const best = bestF1(curve.points);
    const ownSlider = index === 0 || apart;
    const sliderName = apart ? `slider${suffix}` : 'slider';
    (['precision', 'recall', 'f1'] as const).forEach((metric) => {
      const name = METRIC_NAMES[metric] + suffix;
      names.push(name);
      const first = index === 0 && metric === 'f1';
      series.push({
        type: 'line',
        name,
        data: sweepData(curve.points, metric),
        showSymbol: false,
        connectNulls: false,
        color: METRIC_COLORS[metric],
        lineStyle: { width: metric === 'f1' ? 2.5 : 1.5, type: curve.dashed ? 'dashed' : 'solid' },
        emphasis: { focus: 'series' },
        ...(metric === 'f1'
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'solid', color: curve.dashed ? '#c2410c' : '#334155', width: 1 },
                label: { formatter: `${sliderName} ${formatThreshold(curve.confidence)}`, fontSize: 10, color: '#475569' },
                data: [
                  ...(ownSlider ? [{ xAxis: curve.confidence, name: 'slider' }] : []),
                  ...(first ? (targetLines(input.targets ?? {}) ?? []) : []).map((line) => ({
                    ...line,
                    lineStyle: { type: 'dotted' as const, color: THRESHOLD_COLOR, width: 1.5 },
                    label: { formatter: '{b}', position: 'insideEndTop' as const, fontSize: 10, color: THRESHOLD_COLOR },
                  })),
                ],
              },
              ...(best
                ? {
                    markPoint: {
                      symbol: 'circle',
                      symbolSize: 8,
                      itemStyle: { color: METRIC_COLORS.f1, borderColor: '#ffffff', borderWidth: 1.5 },
                      // Two sets' labels would overlap: the panel header names both bests.
                      label: {
                        show: !comparing,
                        position: best.confidence < 0.5 ? 'right' : 'left',
                        formatter: `best F1${suffix} ${best.f1.toFixed(3)} @ ${formatThreshold(best.confidence)}`,
                        fontSize: 10,
                        color: '#0f172a',
                      },
                      data: [{ name: 'best F1', coord: [best.confidence, best.f1] }],
                    },
                  }
                : {}),
            }
          : {}),
      });
    });
  });
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
    grid: { left: 52, right: 24, top: 24, bottom: 72 },
    xAxis: { ...axis, name: 'Confidence threshold' },
    yAxis: { ...axis, name: 'Score', nameGap: 36 },
    legend: { bottom: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 4, textStyle: { fontSize: 11, color: '#374151' }, data: names },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const items = (Array.isArray(params) ? params : [params]) as { seriesName?: string; value?: unknown }[];
        const first = items[0]?.value;
        const confidence = Array.isArray(first) ? Number(first[0]) : null;
        const lines = items
          .filter((item) => Array.isArray(item.value) && item.value[1] !== null)
          .map((item) => `${escapeHtml(item.seriesName ?? '')} ${(item.value as [number, number])[1].toFixed(3)}`);
        return [`confidence ${confidence === null ? '—' : confidence.toFixed(2)}`, ...lines].join('<br/>');
      },
    },
    series,
  };
}
