import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { framesQuery, type FramesParams } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import type { GridOutcome, GridSort, ViewSearch } from '../../app/search';
import type { Selection } from '../../app/useSelection';
import { EmptyNote } from '../../components/EmptyNote';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SelectField } from '../../components/Field';
import { LoadingRegion, Skeleton } from '../../components/Skeleton';
import { ThresholdSlider } from '../../components/ThresholdSlider';
import { Toast, type ToastMessage } from '../../components/Toast';
import { formatCount } from '../metrics/model/format';
import { SaveSegmentDialog, type SavedSegment } from '../segments/SaveSegmentDialog';
import { classColorLookup } from './colors';
import { FrameCard } from './FrameCard';
import type { BoxVisibility } from './FrameImage';
import { FrameViewer } from './FrameViewer';
import { describeFilter, GRID_OUTCOME_OPTIONS, GRID_SORT_OPTIONS, sortParams } from './model';
import { QueryBox } from './QueryBox';
import styles from './GridTab.module.css';

export const GRID_PAGE_SIZE = 48;
const ANY = '';

/**
 * The frames of the dataset (or of the selected segment) with labels drawn
 * solid and predictions dashed, filtered by metadata and by outcome, sorted by
 * per-frame F1; frames can be opened full size and saved as a segment.
 */
export function GridTab({ selection }: { readonly selection: Selection }) {
  const update = useUpdateView();
  const { view, ref, project, dataset, thresholds, segments } = selection;
  // Predictions need an inference set that exists; without one the grid shows labels only.
  const inference = selection.inference ? view.inference : undefined;
  const [show, setShow] = useState<BoxVisibility>({ labels: true, predictions: true });
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const dismissToast = useCallback(() => setToast(null), []);

  const params: FramesParams = {
    where: view.gridQuery,
    segment: view.segment,
    inference,
    thresholds: inference && thresholds ? thresholds.a : undefined,
    outcome: inference ? view.gridOutcome : undefined,
    filterClass: inference ? view.gridClass : undefined,
    ...sortParams(inference ? view.gridSort : 'frame'),
    offset: view.gridPage * GRID_PAGE_SIZE,
    limit: GRID_PAGE_SIZE,
    boxes: true,
  };
  const frames = useQuery({ ...framesQuery(ref ?? { project: '', dataset: '' }, params), enabled: ref !== null && thresholds !== null });
  const colorOf = useMemo(() => classColorLookup(project), [project]);

  // A new dataset starts with nothing selected.
  useEffect(() => setPicked(new Set()), [view.project, view.dataset]);

  if (!ref || !project || !dataset || !thresholds) return null;
  const detection = project.task === 'detection';
  const data = frames.data;
  const pageCount = data ? Math.max(1, Math.ceil(data.count / GRID_PAGE_SIZE)) : 1;
  const setView = (change: (v: ViewSearch) => ViewSearch) => update((v) => ({ ...change(v), gridPage: 0 }));

  const toggle = (frame: { readonly frame_id: string }, index: number, range: boolean) => {
    setPicked((current) => {
      const next = new Set(current);
      const rows = data?.data ?? [];
      if (range && anchor !== null) {
        const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
        const select = !current.has(frame.frame_id);
        for (const row of rows.slice(from, to + 1)) {
          if (select) next.add(row.frame_id);
          else next.delete(row.frame_id);
        }
      } else if (next.has(frame.frame_id)) next.delete(frame.frame_id);
      else next.add(frame.frame_id);
      return next;
    });
    setAnchor(index);
  };
  const pageIds = (data?.data ?? []).map((f) => f.frame_id);
  const allPicked = pageIds.length > 0 && pageIds.every((id) => picked.has(id));
  const onSaved = ({ segment, created }: SavedSegment) => {
    setPicked(new Set());
    setToast({
      text: created ? `Segment “${segment.name}” created with ${formatCount(segment.frame_count)} frames.` : `Segment “${segment.name}” now has ${formatCount(segment.frame_count)} frames.`,
      action: {
        label: 'Show in Scenarios',
        onClick: () => update((v) => ({ ...v, tab: 'scenarios', details: segment.name })),
      },
    });
  };

  return (
    <div className={styles.tab}>
      <section className={`card ${styles.toolbar}`} aria-label="Grid filters">
        <QueryBox
          value={view.gridQuery ?? ''}
          keys={dataset.metadata_keys}
          error={frames.isError && view.gridQuery ? frames.error : null}
          onApply={(gridQuery) =>
            setView((v) => {
              const { gridQuery: _q, ...rest } = v;
              return gridQuery ? { ...rest, gridQuery } : rest;
            })
          }
        />
        <div className={styles.controls}>
          <SelectField
            label="Outcome"
            testId="grid-outcome"
            value={view.gridOutcome ?? ANY}
            disabled={!inference}
            options={[{ value: ANY, label: 'All frames' }, ...GRID_OUTCOME_OPTIONS]}
            onChange={(value) =>
              setView((v) => {
                const { gridOutcome: _o, ...rest } = v;
                return value === ANY ? rest : { ...rest, gridOutcome: value as GridOutcome };
              })
            }
          />
          <SelectField
            label={view.gridOutcome && view.gridOutcome !== 'perfect' ? 'Of class' : 'Class involved'}
            testId="grid-class"
            value={view.gridClass ?? ANY}
            disabled={!inference}
            options={[{ value: ANY, label: 'Any class' }, ...project.classes.map((c) => ({ value: c.name, label: c.name }))]}
            onChange={(value) =>
              setView((v) => {
                const { gridClass: _c, ...rest } = v;
                return value === ANY ? rest : { ...rest, gridClass: value };
              })
            }
          />
          <SelectField
            label="Sort"
            testId="grid-sort"
            value={inference ? view.gridSort : 'frame'}
            disabled={!inference}
            options={GRID_SORT_OPTIONS}
            onChange={(value) => setView((v) => ({ ...v, gridSort: value as GridSort }))}
          />
        </div>
        <div className={styles.secondRow}>
          <div className={styles.sliders}>
            <ThresholdSlider
              label="Confidence"
              value={thresholds.a.confidence}
              testId="grid-confidence"
              onChange={(confidence) => update((v) => ({ ...v, confidence }), { replace: true })}
            />
            {detection && (
              <ThresholdSlider label="IoU" value={thresholds.a.iou} onChange={(iou) => update((v) => ({ ...v, iou }), { replace: true })} />
            )}
          </div>
          {detection && (
            <fieldset className={styles.show}>
              <legend className="visually-hidden">Boxes to draw</legend>
              <label>
                <input type="checkbox" checked={show.labels} onChange={(e) => setShow((s) => ({ ...s, labels: e.target.checked }))} />
                <svg width="18" height="10" aria-hidden="true">
                  <rect x="1" y="1" width="16" height="8" fill="none" stroke="currentColor" strokeWidth="1.6" />
                </svg>
                Labels
              </label>
              <label>
                <input
                  type="checkbox"
                  checked={show.predictions}
                  disabled={!inference}
                  onChange={(e) => setShow((s) => ({ ...s, predictions: e.target.checked }))}
                />
                <svg width="18" height="10" aria-hidden="true">
                  <rect x="1" y="1" width="16" height="8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeDasharray="3 2" />
                </svg>
                Predictions
              </label>
            </fieldset>
          )}
        </div>
      </section>

      <div className={styles.status}>
        <p className={styles.summary} data-testid="grid-count" aria-live="polite">
          {data ? (
            <>
              <strong>{formatCount(data.count)}</strong> {describeFilter(inference ? view.gridOutcome : undefined, inference ? view.gridClass : undefined)}
              {view.gridQuery && (
                <>
                  {' '}
                  matching <code>{view.gridQuery}</code>
                </>
              )}
              {view.segment && <> in segment “{view.segment}”</>}
              {inference ? (
                <span className={styles.muted}> · {inference} at confidence {thresholds.a.confidence.toFixed(2)}</span>
              ) : (
                <span className={styles.muted}> · labels only (no inference set)</span>
              )}
            </>
          ) : (
            'Loading frames…'
          )}
          {frames.isFetching && data && <span className={styles.muted}> · updating…</span>}
        </p>
        {data && data.data.length > 0 && (
          <button type="button" className="btn btn-quiet" onClick={() => setPicked((p) => {
            const next = new Set(p);
            for (const id of pageIds) {
              if (allPicked) next.delete(id);
              else next.add(id);
            }
            return next;
          })}>
            {allPicked ? 'Unselect this page' : 'Select this page'}
          </button>
        )}
        <Pager page={view.gridPage} pageCount={pageCount} onPage={(gridPage) => update((v) => ({ ...v, gridPage }))} />
      </div>

      {frames.isError && !(view.gridQuery && frames.error) ? (
        <ErrorPanel error={frames.error} onRetry={() => void frames.refetch()} />
      ) : frames.isError ? (
        <EmptyNote title="The metadata query needs fixing" testId="grid-query-invalid">
          The frames are shown again once the query above is valid, or cleared.
        </EmptyNote>
      ) : !data ? (
        <GridSkeleton />
      ) : data.data.length === 0 ? (
        <EmptyNote
          title={data.count === 0 && !view.gridQuery && !view.gridOutcome && !view.gridClass ? 'No frames here' : 'No frame matches these filters'}
          testId="grid-empty"
          action={
            (view.gridQuery || view.gridOutcome || view.gridClass) && (
              <button
                type="button"
                className="btn"
                onClick={() =>
                  setView((v) => {
                    const { gridQuery: _q, gridOutcome: _o, gridClass: _c, ...rest } = v;
                    return rest;
                  })
                }
              >
                Clear the filters
              </button>
            )
          }
        >
          {view.gridPage > 0 && data.count > 0 ? 'This page is past the last frame.' : `There are no ${describeFilter(view.gridOutcome, view.gridClass)}${view.gridQuery ? ' matching the query' : ''}${view.segment ? ` in segment “${view.segment}”` : ''}.`}
        </EmptyNote>
      ) : (
        <ul className={`${styles.grid} ${detection ? '' : styles.small} ${frames.isPlaceholderData ? styles.stale : ''}`} data-testid="frame-grid">
          {data.data.map((frame, index) => (
            <li key={frame.frame_id}>
              <FrameCard
                frame={frame}
                detection={detection}
                evaluated={inference !== undefined}
                colorOf={colorOf}
                show={show}
                picked={picked.has(frame.frame_id)}
                onToggle={(range) => toggle(frame, index, range)}
                onOpen={() => update((v) => ({ ...v, frame: frame.frame_id }))}
              />
            </li>
          ))}
        </ul>
      )}

      {data && data.count > GRID_PAGE_SIZE && (
        <div className={styles.footerPager}>
          <Pager page={view.gridPage} pageCount={pageCount} onPage={(gridPage) => update((v) => ({ ...v, gridPage }))} />
        </div>
      )}

      {picked.size > 0 && (
        <div className={styles.selectionBar} role="region" aria-label="Selected frames" data-testid="grid-selection">
          <span>
            <strong>{formatCount(picked.size)}</strong> {picked.size === 1 ? 'frame' : 'frames'} selected
          </span>
          <button type="button" className="btn btn-primary" onClick={() => setSaving(true)} data-testid="grid-save-segment">
            Save as segment…
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setPicked(new Set())}>
            Clear
          </button>
        </div>
      )}

      <SaveSegmentDialog
        open={saving}
        onClose={() => setSaving(false)}
        dataset={ref}
        source={{ kind: 'frames', frameIds: [...picked], origin: 'Frames selected in the grid' }}
        segments={segments.data?.data ?? []}
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
          neighbours={pageIds}
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

function Pager({ page, pageCount, onPage }: { readonly page: number; readonly pageCount: number; readonly onPage: (page: number) => void }) {
  if (pageCount <= 1) return null;
  return (
    <nav className={styles.pager} aria-label="Pages">
      <button type="button" className="btn" disabled={page === 0} onClick={() => onPage(page - 1)} aria-label="Previous page">
        ‹ Prev
      </button>
      <span className="num" data-testid="grid-page">
        Page {Math.min(page + 1, pageCount)} of {pageCount}
      </span>
      <button type="button" className="btn" disabled={page + 1 >= pageCount} onClick={() => onPage(page + 1)} aria-label="Next page">
        Next ›
      </button>
    </nav>
  );
}

function GridSkeleton() {
  return (
    <LoadingRegion label="Loading frames">
      <div className={styles.grid}>
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className={styles.skeletonCard}>
            <Skeleton height="100%" radius={0} />
          </div>
        ))}
      </div>
    </LoadingRegion>
  );
}
