import { useMemo } from 'react';
import type { DatasetRef } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Skeleton } from '../../components/Skeleton';
import { EChart } from './charts/EChart';
import { curveSet, type CurveSide } from './model/curveSet';
import { formatThreshold } from './model/format';
import { prCurveSpec } from './model/prCurve';
import { SET_COLORS } from './SetBadge';
import { usePrCurves } from './usePrCurves';
import type { MetricsData } from './useMetricsData';
import styles from './Panel.module.css';

interface PrCurvesPanelProps {
  readonly datasetRef: DatasetRef;
  readonly data: MetricsData;
  readonly segment: string | undefined;
  readonly detection: boolean;
  readonly classColor: (className: string) => string;
  /** Chart height in pixels, or 'fill' to grow with the panel (which then needs a height). */
  readonly height?: number | 'fill';
  readonly minHeight?: number;
}

const TARGET_WORDS = { precision: 'precision', recall: 'recall', f1: 'F1' } as const;
const UNDEFINED_NOTE = 'Where a confidence keeps no prediction, precision is undefined and not drawn: each curve ends at the last confidence that keeps one.';

/** PR curves per class and aggregated, the segment's targets dotted; two sets overlaid (B dashed). */
export function PrCurvesPanel({ datasetRef, data, segment, detection, classColor, height = 330, minHeight = 300 }: PrCurvesPanelProps) {
  const { a, b } = data;
  const { responseA, responseB, failed, targets } = usePrCurves(datasetRef, data, segment);

  const option = useMemo(() => {
    if (!responseA || (b && !responseB)) return null;
    const sides: CurveSide[] = [
      { source: responseA, tag: b ? 'A' : null, color: b ? SET_COLORS.a : '#1f2937', dashed: false, operatingConfidence: a.thresholds.confidence },
    ];
    if (b && responseB) {
      sides.push({ source: responseB, tag: 'B', color: SET_COLORS.b, dashed: true, operatingConfidence: b.thresholds.confidence });
    }
    const curves = curveSet(sides, { classColor, metricClass: data.metricClass, visibleClassLimit: 10 });
    return { spec: prCurveSpec({ curves, thresholds: targets ?? {} }), visible: curves.filter((c) => !c.hidden).map((c) => c.name) };
  }, [responseA, responseB, b, a.thresholds.confidence, classColor, data.metricClass, targets]);

  const targetText = targets
    ? (['precision', 'recall', 'f1'] as const)
        .filter((k) => targets[k] !== null)
        .map((k) => `${TARGET_WORDS[k]} ${formatThreshold(targets[k]!)}`)
        .join(' · ')
    : '';
  const iouText = detection ? (b && b.thresholds.iou !== a.thresholds.iou ? `IoU ${formatThreshold(a.thresholds.iou)} (A), ${formatThreshold(b.thresholds.iou)} (B)` : `IoU ${formatThreshold(a.thresholds.iou)}`) : null;

  return (
    <section className={`card ${styles.panel} ${height === 'fill' ? styles.fill : ''}`} aria-labelledby="pr-title">
      <header className={styles.header}>
        <h2 id="pr-title">Precision–recall curves</h2>
        <span className={styles.subtle}>
          {[iouText, 'dots mark the slider confidence'].filter(Boolean).join(' · ')}
        </span>
      </header>
      {targetText && (
        <p className={styles.targets} data-testid="pr-targets">
          <span className={styles.dotted} aria-hidden="true" />
          Targets of “{segment}”: {targetText}
        </p>
      )}
      {failed ? (
        <ErrorPanel error={failed.error} onRetry={() => void failed.refetch()} />
      ) : option ? (
        <div className={styles.chart} data-testid="pr-curves" data-visible-curves={option.visible.join('|')} data-targets={targetText}>
          <EChart option={option.spec} height={height} minHeight={minHeight} label={`Precision–recall curves: ${option.visible.join(', ')}. ${UNDEFINED_NOTE}`} />
          <p className={styles.footnote} data-testid="pr-undefined-note">
            {UNDEFINED_NOTE}
          </p>
        </div>
      ) : (
        <div className={styles.chart} role="status" aria-label="Computing the PR curves">
          <Skeleton height={height === 'fill' ? 300 : height} radius={8} />
        </div>
      )}
    </section>
  );
}
