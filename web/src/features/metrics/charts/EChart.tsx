import type { ECharts, EChartsOption } from 'echarts';
import { useEffect, useRef, useState } from 'react';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { Skeleton } from '../../../components/Skeleton';
import styles from './EChart.module.css';

interface EChartProps {
  readonly option: EChartsOption;
  /** Pixels, or 'fill' to take the height of a flex parent (at least `minHeight`). */
  readonly height: number | 'fill';
  readonly minHeight?: number;
  /** What the chart shows, for screen readers (a canvas says nothing by itself). */
  readonly label: string;
  readonly testId?: string;
}

type LegendSelection = Record<string, boolean>;

/**
 * The series ECharts will actually draw (its merged legend state, not the
 * spec's), written on the host for tests and for the screen-reader label.
 */
function markDrawn(instance: ECharts, element: HTMLElement): void {
  const current = instance.getOption() as { legend?: { selected?: LegendSelection }[]; series?: { name?: string; data?: unknown[] }[] };
  const selected = current.legend?.[0]?.selected ?? {};
  const drawn = (current.series ?? [])
    .filter((s) => s.name !== undefined && selected[s.name] !== false && (s.data?.length ?? 0) > 0)
    .map((s) => s.name!);
  element.dataset.drawn = [...new Set(drawn)].join('|');
  // Where each drawn curve ends (its last data point), so a test can see that none dives to (0, 0).
  const ends = Object.fromEntries(
    (current.series ?? []).filter((s) => s.name !== undefined && drawn.includes(s.name) && Array.isArray(s.data?.at(-1))).map((s) => [s.name!, (s.data!.at(-1) as number[]).slice(0, 2)]),
  );
  element.dataset.ends = JSON.stringify(ends);
}

function specSelection(option: EChartsOption): string {
  const legend = option.legend;
  return !legend || Array.isArray(legend) ? '' : JSON.stringify(legend.selected ?? {});
}

/** The user's legend clicks win over the spec's selection while that selection stays the same. */
function withLegend(option: EChartsOption, clicked: LegendSelection): EChartsOption {
  const legend = option.legend;
  if (!legend || Array.isArray(legend)) return option;
  return { ...option, legend: { ...legend, selected: { ...(legend.selected ?? {}), ...clicked } } };
}

/**
 * An ECharts canvas that follows its container's size. The option is a pure
 * spec; updates replace the series (so removed curves go) and keep what the
 * user switched on or off in the legend.
 */
export function EChart({ option, height, minHeight = 240, label, testId }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clicked = useRef<LegendSelection>({});
  const latest = useRef(option);
  latest.current = option;
  const [failure, setFailure] = useState<unknown>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(() => chart.current?.resize());
    import('./echarts')
      .then(({ init }) => {
        if (disposed) return;
        const instance = init(element, undefined, { renderer: 'canvas' });
        instance.on('legendselectchanged', (event) => {
          const { name, selected } = event as { name: string; selected: LegendSelection };
          clicked.current = { ...clicked.current, [name]: selected[name] ?? true };
        });
        instance.setOption(withLegend(latest.current, clicked.current), { notMerge: true });
        markDrawn(instance, element);
        instance.on('legendselectchanged', () => markDrawn(instance, element));
        chart.current = instance;
        observer.observe(element);
        setReady(true);
      })
      .catch((error: unknown) => setFailure(error));
    return () => {
      disposed = true;
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  // A new default selection (another metric class, other curves) starts the legend afresh.
  const baseline = useRef(specSelection(option));
  useEffect(() => {
    const selection = specSelection(option);
    if (selection !== baseline.current) {
      baseline.current = selection;
      clicked.current = {};
    }
    if (!chart.current || !host.current) return;
    chart.current.setOption(withLegend(option, clicked.current), { replaceMerge: ['series'] });
    markDrawn(chart.current, host.current);
  }, [option]);

  if (failure) return <ErrorPanel error={failure} action="load the chart library" onRetry={() => window.location.reload()} />;
  const size = height === 'fill' ? { flex: 1, minHeight } : { height };
  return (
    <div className={styles.frame} style={size}>
      {!ready && (
        <div className={styles.loading}>
          <Skeleton height="100%" radius={8} />
        </div>
      )}
      <div ref={host} className={styles.canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
