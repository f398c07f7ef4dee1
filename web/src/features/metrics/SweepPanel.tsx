import { useMemo } from 'react';
import type { DatasetRef } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Skeleton } from '../../components/Skeleton';
import { EChart } from './charts/EChart';
import { bestF1, sweepSpec, type SweepCurve } from './model/sweep';
import { usePrCurves } from './usePrCurves';
import type { MetricsData } from './useMetricsData';
import styles from './Panel.module.css';

interface SweepPanelProps {
  readonly datasetRef: DatasetRef;
  readonly data: MetricsData;
  readonly segment: string | undefined;
  readonly height: number | 'fill';
  readonly minHeight?: number;
}

type Sweep = NonNullable<ReturnType<typeof usePrCurves>['responseA']>;

/** The curve of the headline: the metric class's, else the weighted average. */
function headline(response: Sweep, metricClass: string | null) {
  const curve = metricClass ? response.classes.find((c) => c.name === metricClass) : response.aggregates.find((c) => c.name === 'weighted');
  return curve?.points ?? [];
}

/** Precision, recall and F1 against the confidence threshold: where the slider is and where F1 peaks. */
export function SweepPanel({ datasetRef, data, segment, height, minHeight = 260 }: SweepPanelProps) {
  const { a, b, metricClass } = data;
  const { responseA, responseB, failed, ready, targets } = usePrCurves(datasetRef, data, segment);
  const curves = useMemo((): SweepCurve[] | null => {
    if (!ready || !responseA) return null;
    const list: SweepCurve[] = [{ tag: b ? 'A' : null, points: headline(responseA, metricClass), dashed: false, confidence: a.thresholds.confidence }];
    if (b && responseB) list.push({ tag: 'B', points: headline(responseB, metricClass), dashed: true, confidence: b.thresholds.confidence });
    return list;
  }, [ready, responseA, responseB, a.thresholds.confidence, b, metricClass]);
  const option = useMemo(() => (curves ? sweepSpec({ curves, targets: targets ?? {} }) : null), [curves, targets]);
  const bests = (curves ?? []).map((curve) => ({ tag: curve.tag, best: bestF1(curve.points) }));

  return (
    <section className={`card ${styles.panel} ${height === 'fill' ? styles.fill : ''}`} aria-labelledby="sweep-title">
      <header className={styles.header}>
        <h2 id="sweep-title">Scores by confidence</h2>
        <span className={styles.subtle}>{metricClass ?? 'weighted average'}</span>
        {bests.some((x) => x.best) && (
          <span className={styles.subtle} data-testid="best-f1">
            · best F1{' '}
            {bests
              .filter((x) => x.best)
              .map((x) => `${x.tag ? `${x.tag} ` : ''}${x.best!.f1.toFixed(3)} at ${x.best!.confidence.toFixed(2)}`)
              .join(', ')}
          </span>
        )}
      </header>
      {failed ? (
        <ErrorPanel error={failed.error} onRetry={() => void failed.refetch()} />
      ) : option ? (
        <div className={styles.chart} data-testid="sweep-chart">
          <EChart option={option} height={height} minHeight={minHeight} label="Precision, recall and F1 against the confidence threshold" />
        </div>
      ) : (
        <div className={styles.chart} role="status" aria-label="Computing the scores by confidence">
          <Skeleton height={height === 'fill' ? 260 : height} radius={8} />
        </div>
      )}
    </section>
  );
}
