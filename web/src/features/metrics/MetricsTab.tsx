import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { confusionEntries, denseConfusion } from '../../api/adapters';
import { metricsQuery, type MetricsResponse } from '../../api/queries';
import { useUpdateView } from '../../app/router';
import type { Selection } from '../../app/useSelection';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SelectField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { PanelSkeleton } from '../../components/Skeleton';
import { StatCard } from '../../components/StatCard';
import { ThresholdSlider } from '../../components/ThresholdSlider';
import { ConfusionMatrix } from './ConfusionMatrix';
import { buildMatrix } from './model/confusion';
import { formatCount, formatMetric, formatPercent } from './model/format';
import { confusionTable } from './model/manyClass';
import type { Normalization, ValueMode } from './model/types';
import styles from './MetricsTab.module.css';

const WEIGHTED = '';

function Summary({ data, label }: { readonly data: MetricsResponse; readonly label: string }) {
  const s = data.summary;
  const metricClass = data.settings.metric_class;
  const scope = metricClass ?? 'weighted';
  const metric = (name: 'precision' | 'recall' | 'f1', title: string) => {
    const f = formatMetric(s[name], name, metricClass);
    return <StatCard label={title} sub={scope} value={f.text} title={f.reason} testId={`summary-${name}`} />;
  };
  return (
    <section aria-label={`Summary of ${label}`} className={styles.summary}>
      {metric('precision', 'Precision')}
      {metric('recall', 'Recall')}
      {metric('f1', 'F1')}
      <StatCard label="False positives" value={formatCount(s.false_positives)} testId="summary-fp" />
      <StatCard label="False negatives" value={formatCount(s.false_negatives)} testId="summary-fn" />
      <StatCard label="Confusions" value={formatCount(s.confusions)} testId="summary-confusions" />
      <StatCard label="Frames" value={formatCount(s.frame_count)} testId="summary-frames" />
    </section>
  );
}

function Matrix({ data, values, normalize }: { readonly data: MetricsResponse; readonly values: ValueMode; readonly normalize: Normalization }) {
  const dense = denseConfusion(data.classes, data.confusion);
  const model = useMemo(() => (dense ? buildMatrix(dense, { values, normalize }) : null), [dense, values, normalize]);
  const rows = useMemo(
    () => (dense ? [] : confusionTable(confusionEntries(data.confusion), data.classes, { normalize })),
    [dense, data, normalize],
  );
  if (!model) {
    return (
      <table className={styles.table} data-testid="confusion-table">
        <caption className={styles.note}>
          {data.classes.length} classes: the nonzero cells, largest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Ground truth</th>
            <th scope="col">Prediction</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className="num">
              Share of {normalize === 'value' ? 'all' : normalize}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-kind={row.kind}>
              <td>{row.gt}</td>
              <td>{row.pred}</td>
              <td className="num">{formatCount(row.count)}</td>
              <td className="num">{formatPercent(row.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <ConfusionMatrix model={model} />;
}

export function MetricsTab({ selection }: { readonly selection: Selection }) {
  const update = useUpdateView();
  const { view, ref, project, thresholds } = selection;
  const inference = view.inference;
  const query = useQuery({
    ...metricsQuery(ref!, {
      inference: inference ?? '',
      confidence: thresholds?.a.confidence ?? 0,
      iou: thresholds?.a.iou ?? 0,
      segment: view.segment,
      metricClass: view.metricClass,
    }),
    enabled: ref !== null && inference !== undefined && thresholds !== null,
  });
  if (!project || !thresholds || !inference) return null;
  const detection = project.task === 'detection';
  const classOptions = [
    { value: WEIGHTED, label: 'Weighted average' },
    ...project.classes.map((c) => ({ value: c.name, label: c.name })),
  ];

  return (
    <div className={styles.tab}>
      <div className={`card ${styles.toolbar}`} role="group" aria-label="Metric settings">
        <ThresholdSlider
          label="Confidence"
          value={thresholds.a.confidence}
          testId="slider-confidence"
          onChange={(confidence) => update((v) => ({ ...v, confidence, page: 0 }), { replace: true })}
        />
        {detection && (
          <ThresholdSlider
            label="IoU"
            value={thresholds.a.iou}
            testId="slider-iou"
            onChange={(iou) => update((v) => ({ ...v, iou, page: 0 }), { replace: true })}
          />
        )}
        <SelectField
          label="Metric class"
          size="m"
          testId="select-metric-class"
          value={view.metricClass ?? WEIGHTED}
          options={classOptions}
          onChange={(metricClass) =>
            update((v) => {
              const { metricClass: _m, ...rest } = v;
              return metricClass === WEIGHTED ? rest : { ...rest, metricClass };
            })
          }
        />
        {query.isFetching && (
          <span className={styles.updating} role="status">
            Updating…
          </span>
        )}
      </div>
      {query.isError && !query.data && (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      )}
      {query.isPending && <PanelSkeleton label="Computing metrics" />}
      {query.data && (
        <>
          {query.isError && (
            <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
          )}
          <Summary data={query.data} label={inference} />
          <section className={`card ${styles.panel}`} aria-labelledby="matrix-title">
            <header className={styles.panelHeader}>
              <h2 id="matrix-title">Confusion matrix</h2>
              <Segmented
                label="Cell values"
                testId="toggle-values"
                value={view.values}
                options={[
                  { value: 'absolute', label: 'Absolute' },
                  { value: 'percentage', label: 'Percentage' },
                ]}
                onChange={(values) => update((v) => ({ ...v, values }))}
              />
              <Segmented
                label="Denominator"
                testId="toggle-normalize"
                value={view.normalize}
                options={[
                  { value: 'row', label: 'Row' },
                  { value: 'column', label: 'Column' },
                  { value: 'value', label: 'Value' },
                ]}
                onChange={(normalize) => update((v) => ({ ...v, normalize }))}
              />
            </header>
            <Matrix data={query.data} values={view.values} normalize={view.normalize} />
          </section>
        </>
      )}
    </div>
  );
}
