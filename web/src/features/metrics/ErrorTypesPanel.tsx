import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorExamplesQuery, errorsQuery, type DatasetRef, type ErrorTypeName } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PanelSkeleton } from '../../components/Skeleton';
import type { Side } from './useMetricsData';
import styles from './Panel.module.css';
import local from './ErrorTypesPanel.module.css';

const LISTED = 24;

const HINTS: Record<ErrorTypeName, string> = {
  classification: 'Right place, wrong class',
  localization: 'Right class, IoU between 0.1 and the IoU threshold',
  both: 'Wrong class and poorly placed',
  duplicate: 'Right class and place, but its label went to a better prediction',
  background: 'Overlaps no label (IoU ≤ 0.1)',
  missed: 'A label no prediction reaches',
};

function gain(value: number | null): string {
  return value === null ? '—' : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

function score(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

/**
 * Errors by type (TIDE-style), each bar with the F1 that fixing every error
 * of that type would add; a bar lists the examples of its type.
 */
export function ErrorTypesPanel({ datasetRef, side, segment }: { readonly datasetRef: DatasetRef; readonly side: Side; readonly segment?: string | undefined }) {
  const params = { inference: side.name, confidence: side.thresholds.confidence, iou: side.thresholds.iou, segment };
  const query = useQuery(errorsQuery(datasetRef, params));
  const [selected, setSelected] = useState<ErrorTypeName | null>(null);
  const examples = useQuery({
    ...errorExamplesQuery(datasetRef, { ...params, errorType: selected ?? 'missed', limit: LISTED }),
    enabled: selected !== null,
  });
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <PanelSkeleton label="Attributing errors" />;
  const types = query.data.types;
  const largest = Math.max(1, ...types.map((t) => t.count));
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="errors-title" data-testid="error-types">
      <header className={styles.header}>
        <h2 id="errors-title">Errors by type</h2>
        <span className={styles.subtle}>bar: count · right: F1 gain if fixed · click a bar for its examples</span>
      </header>
      <div className={local.bars}>
        {types.map((t) => (
          <button
            key={t.error_type}
            type="button"
            className={`${local.row} ${selected === t.error_type ? local.active : ''}`}
            data-testid="error-bar"
            data-type={t.error_type}
            aria-pressed={selected === t.error_type}
            title={HINTS[t.error_type]}
            onClick={() => setSelected(selected === t.error_type ? null : t.error_type)}
          >
            <span className={local.name}>{t.error_type}</span>
            <span className={local.track}>
              <span className={local.bar} style={{ width: `${(100 * t.count) / largest}%` }} />
            </span>
            <span className={`num ${local.count}`} data-testid="error-count">{t.count}</span>
            <span className={`num ${local.gain}`} data-testid="error-gain">{gain(t.f1_gain)}</span>
          </button>
        ))}
      </div>
      {selected !== null && (
        <div className={local.examples} data-testid="error-examples" data-type={selected}>
          {examples.isError && <ErrorPanel compact error={examples.error} onRetry={() => void examples.refetch()} />}
          {examples.data && (
            <>
              <div className={styles.subtle} data-testid="error-examples-total">
                {examples.data.total} {selected} errors{examples.data.total > LISTED ? `, the ${LISTED} most confident` : ''}
              </div>
              <table className={local.table}>
                <thead>
                  <tr>
                    <th>frame</th>
                    <th>label</th>
                    <th>prediction</th>
                    <th>confidence</th>
                    <th>IoU</th>
                  </tr>
                </thead>
                <tbody>
                  {examples.data.data.map((item) => (
                    <tr key={`${item.label_id ?? ''}|${item.prediction_id ?? ''}`} data-testid="error-example">
                      <td>{item.frame_id}</td>
                      <td>{item.label_id === null ? '—' : item.gt_class === 'background' ? 'nearby label' : item.gt_class}</td>
                      <td>{item.prediction_id === null ? '—' : item.predicted_class}</td>
                      <td className="num">{score(item.confidence)}</td>
                      <td className="num">{score(item.iou)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
