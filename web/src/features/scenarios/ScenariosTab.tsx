import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { scenariosQuery, type SegmentKind } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import type { ViewSearch } from '../../app/search';
import type { Selection } from '../../app/useSelection';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SelectField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { PanelSkeleton } from '../../components/Skeleton';
import { ThresholdSlider } from '../../components/ThresholdSlider';
import { Toast, type ToastMessage } from '../../components/Toast';
import { formatCount } from '../metrics/model/format';
import { SaveSegmentDialog, type SavedSegment } from '../segments/SaveSegmentDialog';
import { SegmentDetails } from '../segments/SegmentDetails';
import { ScenarioCard } from './ScenarioCard';
import { regressionSentence } from './model';
import styles from './ScenariosTab.module.css';

const ALL_FRAMES = 'All Frames';
const WEIGHTED = '';

const EMPTY_GROUP: Record<SegmentKind, string> = {
  split: 'No splits besides All Frames.',
  regression_test: 'No regression tests yet: frames a model must do well on before it ships, with targets a CI job can check.',
  scenario: 'No scenarios yet: any subset of frames worth watching (a data source, a condition, an embedding cluster).',
};

/**
 * Every segment of the dataset as a card, grouped Splits (All Frames first),
 * Regression Tests and Scenarios, scored for one or two inference sets at
 * shared or independent thresholds.
 */
export function ScenariosTab({ selection }: { readonly selection: Selection }) {
  const update = useUpdateView();
  const { view, ref, project, dataset, thresholds, segments } = selection;
  const [creating, setCreating] = useState<SegmentKind | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const dismissToast = useCallback(() => setToast(null), []);
  const inferences = [view.inference, view.compare].filter((x): x is string => x !== undefined);
  const query = useQuery({
    ...scenariosQuery(ref ?? { project: '', dataset: '' }, {
      inferences,
      thresholds: thresholds?.a ?? { confidence: 0, iou: 0 },
      secondThresholds: thresholds && !thresholds.shared ? thresholds.b : undefined,
      metricClass: view.metricClass,
    }),
    enabled: ref !== null && thresholds !== null && inferences.length > 0,
  });
  if (!ref || !project || !thresholds) return null;
  const detection = project.task === 'detection';
  const openMetrics = (segment: string) =>
    update((v) => {
      const { segment: _s, details: _d, ...rest } = v;
      return { ...rest, ...(segment === ALL_FRAMES ? {} : { segment }), tab: 'metrics', cells: [], page: 0 };
    });
  const openDetails = (segment: string) => update((v) => ({ ...v, details: segment }));
  const closeDetails = () =>
    update((v) => {
      const { details: _d, ...rest } = v;
      return rest;
    });
  const onCreated = ({ segment }: SavedSegment) =>
    setToast({
      text: `Segment “${segment.name}” created with ${formatCount(segment.frame_count)} frames.`,
      action: { label: 'Open details', onClick: () => openDetails(segment.name) },
    });

  const setShared = (shared: boolean) =>
    update((v): ViewSearch => {
      const { confidenceB: _c, iouB: _i, ...rest } = v;
      return shared ? rest : { ...rest, confidenceB: thresholds.a.confidence, iouB: thresholds.a.iou };
    });
  const data = query.data;
  const cards = data?.groups.flatMap((g) => g.cards) ?? [];
  const detailsCard = view.details ? cards.find((c) => c.segment === view.details) : undefined;

  return (
    <div className={styles.tab}>
      <section className={`card ${styles.settings}`} aria-label="Metric settings">
        <div className={styles.settingsMain}>
          {view.compare && (
            <div className={styles.mode}>
              <span className={styles.settingsLabel}>Thresholds</span>
              <Segmented
                label="Thresholds of the two inference sets"
                testId="thresholds-mode"
                value={thresholds.shared ? 'shared' : 'independent'}
                onChange={(mode) => setShared(mode === 'shared')}
                options={[
                  { value: 'shared', label: 'Same for both' },
                  { value: 'independent', label: 'Independent' },
                ]}
              />
            </div>
          )}
          <SliderGroup
            tag={view.compare ? (thresholds.shared ? 'A + B' : 'A') : undefined}
            name={thresholds.shared && view.compare ? 'both inference sets' : (view.inference ?? '')}
            detection={detection}
            values={thresholds.a}
            testIdPrefix="scenarios"
            onConfidence={(confidence) => update((v) => ({ ...v, confidence }), { replace: true })}
            onIou={(iou) => update((v) => ({ ...v, iou }), { replace: true })}
          />
          {view.compare && !thresholds.shared && (
            <SliderGroup
              tag="B"
              name={view.compare}
              detection={detection}
              values={thresholds.b}
              testIdPrefix="scenarios-b"
              onConfidence={(confidenceB) => update((v) => ({ ...v, confidenceB }), { replace: true })}
              onIou={(iouB) => update((v) => ({ ...v, iouB }), { replace: true })}
            />
          )}
          <SelectField
            label="Metric class"
            testId="scenarios-metric-class"
            value={view.metricClass ?? WEIGHTED}
            options={[{ value: WEIGHTED, label: 'Weighted average' }, ...project.classes.map((c) => ({ value: c.name, label: c.name }))]}
            onChange={(metricClass) =>
              update((v) => {
                const { metricClass: _m, ...rest } = v;
                return metricClass === WEIGHTED ? rest : { ...rest, metricClass };
              })
            }
          />
        </div>
        <div className={styles.settingsEnd}>
          {query.isFetching && data && (
            <span className={styles.updating} role="status">
              Updating…
            </span>
          )}
          <button type="button" className="btn btn-primary" onClick={() => setCreating('scenario')} data-testid="new-segment">
            + New segment
          </button>
        </div>
      </section>

      {query.isError && !data ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      ) : !data ? (
        <PanelSkeleton label="Computing the scenario cards" />
      ) : (
        <>
          {query.isError && <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />}
          <section className={styles.regression} aria-label="Regression tests" data-testid="regression-summary">
            {data.regression.map((r, i) => {
              const state = r.total === 0 ? 'none' : r.passed === r.total ? 'pass' : 'fail';
              return (
                <div key={r.inference_set} className={`${styles.verdict} ${styles[`verdict-${state}`] ?? ''}`} data-testid="regression-verdict" data-state={state}>
                  <span className={styles.verdictIcon} aria-hidden="true">
                    {state === 'pass' ? '✓' : state === 'fail' ? '✗' : '–'}
                  </span>
                  <span>
                    {data.regression.length > 1 && <span className={styles.verdictTag}>{i === 0 ? 'A' : 'B'}</span>}
                    <strong>{r.inference_set}</strong>: {regressionSentence(r)}
                  </span>
                </div>
              );
            })}
            <span className={styles.settingsNote}>
              {data.inferences
                .map((inf) => `${inf.inference_set} at confidence ${inf.confidence.toFixed(2)}${inf.iou === null ? '' : `, IoU ${inf.iou.toFixed(2)}`}`)
                .join(' · ')}
              {view.metricClass ? ` · class ${view.metricClass}` : ' · weighted average'}
            </span>
          </section>
          {data.groups.map((group) => (
            <section key={group.kind} aria-labelledby={`group-${group.kind}`} className={styles.group} data-testid={`group-${group.kind}`}>
              <header className={styles.groupHeader}>
                <h2 id={`group-${group.kind}`}>{group.title}</h2>
                <span className={styles.groupCount}>{group.cards.length}</span>
                <button type="button" className="btn btn-quiet" onClick={() => setCreating(group.kind)} aria-label={`Add to ${group.title}`}>
                  + Add
                </button>
              </header>
              {group.cards.length === 0 ? (
                <p className={styles.none}>{EMPTY_GROUP[group.kind]}</p>
              ) : (
                <div className={styles.cards}>
                  {group.cards.map((card) => {
                    const implicit = group.kind === 'split' && card.segment === ALL_FRAMES;
                    return (
                      <ScenarioCard
                        key={card.segment}
                        card={card}
                        inferences={inferences}
                        onOpen={() => openMetrics(implicit ? ALL_FRAMES : card.segment)}
                        onDetails={implicit ? undefined : () => openDetails(card.segment)}
                      />
                    );
                  })}
                </div>
              )}
            </section>
          ))}
        </>
      )}

      {view.details && view.details !== ALL_FRAMES && (
        <SegmentDetails
          dataset={ref}
          name={view.details}
          card={detailsCard}
          inferences={inferences}
          classes={project.classes}
          onClose={closeDetails}
          onOpenMetrics={() => openMetrics(view.details!)}
          onDeleted={(name) => {
            update((v) => {
              const { details: _d, segment, ...rest } = v;
              return segment === name ? rest : { ...rest, ...(segment ? { segment } : {}) };
            });
            setToast({ text: `Segment “${name}” deleted.` });
          }}
        />
      )}
      <SaveSegmentDialog
        open={creating !== null}
        onClose={() => setCreating(null)}
        dataset={ref}
        source={{ kind: 'query' }}
        initialKind={creating ?? 'scenario'}
        segments={segments.data?.data ?? []}
        metadataKeys={dataset?.metadata_keys ?? []}
        frameCount={dataset?.frame_count}
        onSaved={onCreated}
      />
      <Toast message={toast} onDismiss={dismissToast} />
    </div>
  );
}

interface SliderGroupProps {
  readonly tag: string | undefined;
  readonly name: string;
  readonly detection: boolean;
  readonly values: { readonly confidence: number; readonly iou: number };
  readonly testIdPrefix: string;
  readonly onConfidence: (value: number) => void;
  readonly onIou: (value: number) => void;
}

function SliderGroup({ tag, name, detection, values, testIdPrefix, onConfidence, onIou }: SliderGroupProps) {
  return (
    <div className={styles.sliderGroup} role="group" aria-label={`Thresholds of ${name}`}>
      <span className={styles.settingsLabel}>
        {tag && <span className={`${styles.sideTag} ${tag === 'B' ? styles.sideB : styles.sideA}`}>{tag}</span>}
        <span className={styles.groupName} title={name}>
          {name}
        </span>
      </span>
      <div className={styles.sliders}>
        <ThresholdSlider label="Confidence" value={values.confidence} onChange={onConfidence} testId={`${testIdPrefix}-confidence`} />
        {detection && <ThresholdSlider label="IoU" value={values.iou} onChange={onIou} testId={`${testIdPrefix}-iou`} />}
      </div>
    </div>
  );
}
