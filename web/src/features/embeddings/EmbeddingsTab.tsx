import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { embeddingsQuery, projectionQuery, type ProjectionParams } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import type { Outcome } from '../../app/search';
import type { Selection } from '../../app/useSelection';
import { EmptyNote } from '../../components/EmptyNote';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Segmented } from '../../components/Segmented';
import { ThresholdSlider } from '../../components/ThresholdSlider';
import { Toast, type ToastMessage } from '../../components/Toast';
import { classColorLookup } from '../grid/colors';
import { FrameViewer } from '../grid/FrameViewer';
import { formatCount } from '../metrics/model/format';
import { SaveSegmentDialog, type SavedSegment } from '../segments/SaveSegmentDialog';
import { Legend } from './Legend';
import {
  mapPoints,
  OUTCOME_CATEGORIES,
  outcomeCategories,
  outcomePalette,
  summarise,
  valueCategories,
  valuePalette,
  visibleIndices,
} from './model';
import { ProjectionProgress } from './ProjectionProgress';
import { ScatterPlot, type PlotMode, type ScatterPlotHandle } from './ScatterPlot';
import { SelectionPanel } from './SelectionPanel';
import styles from './EmbeddingsTab.module.css';

const METRIC_NAMES = { f1: 'F1', precision: 'Precision', recall: 'Recall' } as const;

/**
 * The embedding map: frames coloured by per-frame precision, recall or F1
 * of the selected inference set, or crops coloured by outcome with a legend
 * that toggles outcomes; lasso or box selection lists the frames and saves
 * them as a segment.
 */
export function EmbeddingsTab({ selection }: { readonly selection: Selection }) {
  const update = useUpdateView();
  const { view, ref, project, thresholds, segments, dataset } = selection;
  const inference = selection.inference ? view.inference : undefined;
  const [mode, setMode] = useState<PlotMode>('pan');
  const [selected, setSelected] = useState<number[]>([]);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const dismissToast = useCallback(() => setToast(null), []);
  const plotRef = useRef<ScatterPlotHandle>(null);

  const list = useQuery({ ...embeddingsQuery(ref ?? { project: '', dataset: '' }), enabled: ref !== null });
  const available = {
    frame: list.data?.find((e) => e.kind === 'frame' && e.inference_set === null),
    labels: list.data?.find((e) => e.kind === 'crop' && e.inference_set === null),
    predictions: list.data?.find((e) => e.kind === 'crop' && e.inference_set === inference),
  };
  const hasCrops = available.labels !== undefined || available.predictions !== undefined;
  const kind = view.embedding === 'crop' && hasCrops ? 'crop' : available.frame ? 'frame' : hasCrops ? 'crop' : 'frame';
  const source = kind === 'crop' ? (view.cropSource === 'predictions' && available.predictions ? 'predictions' : available.labels ? 'labels' : 'predictions') : null;
  const info = kind === 'frame' ? available.frame : source === 'predictions' ? available.predictions : available.labels;

  const params: ProjectionParams =
    kind === 'frame'
      ? { kind: 'frame', inference, colorBy: view.colorBy, thresholds: inference && thresholds ? thresholds.a : undefined }
      : source === 'predictions'
        ? { kind: 'crop', owner: inference, thresholds: thresholds?.a }
        : { kind: 'crop', inference, thresholds: inference && thresholds ? thresholds.a : undefined };
  const projection = useQuery({
    ...projectionQuery(ref ?? { project: '', dataset: '' }, params),
    enabled: ref !== null && thresholds !== null && info !== undefined,
  });
  // A placeholder from the other map (frames vs crops, labels vs predictions) is not shown.
  const mapKey = `${kind}|${source ?? ''}|${inference ?? ''}`;
  const [shownKey, setShownKey] = useState(mapKey);
  const current = projection.data && (!projection.isPlaceholderData || shownKey === mapKey) ? projection.data : undefined;
  useEffect(() => {
    if (projection.data && !projection.isPlaceholderData) setShownKey(mapKey);
  }, [projection.data, projection.isPlaceholderData, mapKey]);
  useEffect(() => {
    setSelected([]);
    setHover(null);
  }, [mapKey, view.project, view.dataset]);

  const points = useMemo(() => (current ? mapPoints(current) : null), [current]);
  const coloured = current !== undefined && current.color_by !== null;
  const { categories, palette } = useMemo(() => {
    if (!points) return { categories: new Float32Array(0), palette: valuePalette() };
    if (points.kind === 'crop') return { categories: outcomeCategories(points.outcomes), palette: outcomePalette() };
    return { categories: valueCategories(points.values), palette: valuePalette() };
  }, [points]);
  const visible = useMemo(
    () => (points && points.kind === 'crop' ? visibleIndices(points.outcomes, view.hiddenOutcomes) : null),
    [points, view.hiddenOutcomes],
  );
  const summary = useMemo(() => (points ? summarise(points, selected) : null), [points, selected]);
  const colorOf = useMemo(() => classColorLookup(project), [project]);

  if (!ref || !project || !thresholds) return null;
  const detection = project.task === 'detection';

  const toggleOutcome = (outcome: Outcome) =>
    update((v) => ({
      ...v,
      hiddenOutcomes: v.hiddenOutcomes.includes(outcome) ? v.hiddenOutcomes.filter((o) => o !== outcome) : [...v.hiddenOutcomes, outcome],
    }));
  const onSaved = ({ segment, created }: SavedSegment) => {
    setSelected([]);
    setToast({
      text: created ? `Segment “${segment.name}” created with ${formatCount(segment.frame_count)} frames.` : `Segment “${segment.name}” now has ${formatCount(segment.frame_count)} frames.`,
      action: { label: 'Show in Scenarios', onClick: () => update((v) => ({ ...v, tab: 'scenarios', details: segment.name })) },
    });
  };

  if (list.isError) return <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data && !available.frame && !hasCrops) {
    return (
      <EmptyNote title="No embeddings for this dataset yet" testId="embeddings-empty">
        <p>
          Import one vector per frame (or per label or prediction crop) and reefscope projects them to 2-D and colours each point by how the model does on
          it:
        </p>
        <pre className={styles.command}>
          reefscope import embeddings frames.npy -p {ref.project} -d {ref.dataset} --kind frame
        </pre>
      </EmptyNote>
    );
  }

  const hovered = hover && points ? hover.index : null;
  return (
    <div className={styles.tab}>
      <section className={`card ${styles.toolbar}`} aria-label="Map settings">
        <div className={styles.control}>
          <span className={styles.label}>Points</span>
          <Segmented
            label="Points"
            testId="embedding-kind"
            value={kind}
            onChange={(embedding) => update((v) => ({ ...v, embedding }))}
            options={[
              { value: 'frame', label: available.frame ? 'Frames' : 'Frames (none)' },
              { value: 'crop', label: hasCrops ? 'Crops' : 'Crops (none)' },
            ]}
          />
        </div>
        {kind === 'frame' ? (
          <div className={styles.control}>
            <span className={styles.label}>Colour by</span>
            <Segmented
              label="Colour by"
              testId="color-by"
              value={view.colorBy}
              onChange={(colorBy) => update((v) => ({ ...v, colorBy }))}
              options={[
                { value: 'f1', label: 'F1' },
                { value: 'precision', label: 'Precision' },
                { value: 'recall', label: 'Recall' },
              ]}
            />
          </div>
        ) : (
          <div className={styles.control}>
            <span className={styles.label}>Crops of</span>
            <Segmented
              label="Crops of"
              testId="crop-source"
              value={source ?? 'labels'}
              onChange={(cropSource) => update((v) => ({ ...v, cropSource }))}
              options={[
                { value: 'labels', label: available.labels ? 'Labels' : 'Labels (none)' },
                { value: 'predictions', label: available.predictions ? `Predictions of ${inference}` : 'Predictions (none)' },
              ]}
            />
          </div>
        )}
        <div className={styles.control}>
          <span className={styles.label}>Drag to</span>
          <Segmented
            label="Drag to"
            testId="plot-mode"
            value={mode}
            onChange={setMode}
            options={[
              { value: 'pan', label: 'Pan' },
              { value: 'lasso', label: 'Lasso' },
              { value: 'box', label: 'Box' },
            ]}
          />
        </div>
        <div className={styles.sliders}>
          <ThresholdSlider
            label="Confidence"
            value={thresholds.a.confidence}
            testId="embedding-confidence"
            onChange={(confidence) => update((v) => ({ ...v, confidence }), { replace: true })}
          />
          {detection && <ThresholdSlider label="IoU" value={thresholds.a.iou} onChange={(iou) => update((v) => ({ ...v, iou }), { replace: true })} />}
        </div>
      </section>

      <div className={styles.layout}>
        <section className={`card ${styles.plot}`} aria-label="Embedding map" data-testid="embedding-map" data-count={points?.count ?? ''}>
          {projection.isError && !current ? (
            <div className={styles.center}>
              <ErrorPanel error={projection.error} onRetry={() => void projection.refetch()} />
            </div>
          ) : !points ? (
            <ProjectionProgress info={info} pending={projection.isFetching || list.isPending} />
          ) : (
            <>
              <header className={styles.mapHeader}>
                <Legend
                  points={points}
                  coloured={coloured}
                  metric={METRIC_NAMES[view.colorBy]}
                  inference={inference}
                  hidden={view.hiddenOutcomes}
                  onToggle={toggleOutcome}
                />
                <div className={styles.mapInfo}>
                  <span className="num">
                    {formatCount(points.count)} {points.kind === 'frame' ? 'frames' : 'crops'}
                  </span>
                  <span> · {points.method.toUpperCase()}</span>
                  {projection.isFetching && <span className={styles.updating}> · updating colours…</span>}
                  <button
                    type="button"
                    className="btn btn-quiet"
                    onClick={() => setSelected(visible ? [...visible] : Array.from({ length: points.count }, (_, i) => i))}
                    data-testid="select-all-shown"
                    title="Select every point the legend shows (e.g. all false positives)"
                  >
                    Select all shown
                  </button>
                  <button type="button" className="btn btn-quiet" onClick={() => plotRef.current?.resetView()} data-testid="reset-view">
                    Reset view
                  </button>
                </div>
              </header>
              <div className={styles.mapBody}>
                <ScatterPlot
                  ref={plotRef}
                  points={points}
                  categories={categories}
                  palette={palette}
                  visible={visible}
                  mode={mode}
                  selected={selected}
                  onSelect={setSelected}
                  onHover={setHover}
                />
                {hovered !== null && hover && (
                  <div className={styles.tooltip} style={{ left: hover.x, top: hover.y }} role="tooltip">
                    <strong>{points.kind === 'frame' ? points.frameIds[hovered] : (points.classNames[hovered] ?? 'crop')}</strong>
                    {points.kind === 'frame' ? (
                      <span>
                        {METRIC_NAMES[view.colorBy]} {Number.isNaN(points.values[hovered]!) ? '— (undefined)' : points.values[hovered]!.toFixed(3)}
                      </span>
                    ) : (
                      <span>
                        {OUTCOME_CATEGORIES.find((c) => c.outcome === points.outcomes[hovered])?.label ?? 'not coloured'} · {points.frameIds[hovered]}
                      </span>
                    )}
                  </div>
                )}
              </div>
              <footer className={styles.mapFooter}>
                {mode === 'pan'
                  ? 'Scroll to zoom, drag to pan; Shift-drag, or choose Lasso or Box, to select.'
                  : mode === 'lasso'
                    ? 'Draw around points to select them; scroll to zoom.'
                    : 'Drag a rectangle to select points; scroll to zoom.'}{' '}
                Escape or a double click clears the selection.
              </footer>
            </>
          )}
        </section>
        <SelectionPanel
          dataset={ref}
          points={points}
          summary={summary}
          metric={METRIC_NAMES[view.colorBy]}
          inference={inference}
          thresholds={thresholds.a}
          colorOf={colorOf}
          onClear={() => setSelected([])}
          onSave={() => setSaving(true)}
          onOpenFrame={(frame) => update((v) => ({ ...v, frame }))}
        />
      </div>

      <SaveSegmentDialog
        open={saving}
        onClose={() => setSaving(false)}
        dataset={ref}
        source={{ kind: 'frames', frameIds: summary?.frameIds ?? [], origin: 'Points selected in the embedding map' }}
        segments={segments.data?.data ?? []}
        frameCount={dataset?.frame_count}
        onSaved={onSaved}
      />
      {view.frame && (
        <FrameViewer
          dataset={ref}
          frameId={view.frame}
          inference={inference}
          thresholds={thresholds.a}
          colorOf={colorOf}
          detection={detection}
          neighbours={summary?.frameIds ?? []}
          highlight={summary?.cropIds}
          onNavigate={(frame) => update((v) => ({ ...v, frame }), { replace: true })}
          onClose={() =>
            update((v) => {
              const { frame: _f, ...rest } = v;
              return rest;
            })
          }
        />
      )}
      <Toast message={toast} onDismiss={dismissToast} />
    </div>
  );
}
