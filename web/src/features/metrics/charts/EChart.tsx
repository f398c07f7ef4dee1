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

/** The user's legend clicks win over the spec's initial selection across updates. */
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
          const { selected } = event as { selected: LegendSelection };
          clicked.current = { ...selected };
        });
        instance.setOption(withLegend(latest.current, clicked.current), { notMerge: true });
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

  useEffect(() => {
    chart.current?.setOption(withLegend(option, clicked.current), { replaceMerge: ['series'] });
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
