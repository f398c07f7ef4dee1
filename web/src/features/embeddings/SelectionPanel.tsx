import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { framesQuery, type DatasetRef, type Thresholds } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Skeleton } from '../../components/Skeleton';
import { FrameImage } from '../grid/FrameImage';
import { formatCount } from '../metrics/model/format';
import { framesWhere, OUTCOME_CATEGORIES, type MapPoints, type SelectionSummary } from './model';
import styles from './EmbeddingsTab.module.css';

const PAGE = 24;

interface SelectionPanelProps {
  readonly dataset: DatasetRef;
  readonly points: MapPoints | null;
  readonly summary: SelectionSummary | null;
  readonly metric: string;
  readonly inference: string | undefined;
  readonly thresholds: Thresholds;
  readonly colorOf: (className: string) => string;
  readonly onClear: () => void;
  readonly onSave: () => void;
  readonly onOpenFrame: (frameId: string) => void;
}

/** The frames behind the selected points: what they have in common, thumbnails, and Save as segment. */
export function SelectionPanel({ dataset, points, summary, metric, inference, thresholds, colorOf, onClear, onSave, onOpenFrame }: SelectionPanelProps) {
  const [page, setPage] = useState(0);
  const frameIds = summary?.frameIds ?? [];
  const key = frameIds.join('\n');
  useEffect(() => setPage(0), [key]);
  const shown = frameIds.slice(page * PAGE, (page + 1) * PAGE);
  const frames = useQuery({
    ...framesQuery(dataset, {
      where: framesWhere(shown),
      inference,
      thresholds: inference ? thresholds : undefined,
      offset: 0,
      limit: PAGE,
      boxes: true,
    }),
    enabled: shown.length > 0,
  });
  const pages = Math.max(1, Math.ceil(frameIds.length / PAGE));

  if (!points || !summary || summary.points === 0) {
    return (
      <aside className={`card ${styles.side}`} aria-label="Selection" data-testid="selection-panel">
        <h2 className={styles.sideTitle}>Selection</h2>
        <p className={styles.sideText}>
          Draw around a group of points with <strong>Lasso</strong> or <strong>Box</strong> (or hold Shift while dragging) to see its frames here and
          save them as a segment.
        </p>
        <p className={styles.sideText}>Click a point to select it alone; Escape or a double click clears the selection.</p>
      </aside>
    );
  }
  const crops = points.kind === 'crop';
  return (
    <aside className={`card ${styles.side}`} aria-label="Selection" data-testid="selection-panel">
      <header className={styles.sideHeader}>
        <h2 className={styles.sideTitle} data-testid="selection-count">
          {crops
            ? `${formatCount(summary.points)} ${summary.points === 1 ? 'crop' : 'crops'} in ${formatCount(frameIds.length)} ${frameIds.length === 1 ? 'frame' : 'frames'}`
            : `${formatCount(summary.points)} ${summary.points === 1 ? 'frame' : 'frames'} selected`}
        </h2>
        <button type="button" className="btn btn-quiet" onClick={onClear}>
          Clear
        </button>
      </header>
      {!crops && summary.meanValue !== null && (
        <p className={styles.sideText}>
          Mean per-frame {metric} <strong className="num">{summary.meanValue.toFixed(3)}</strong>
          {summary.undefinedValues > 0 && <span className={styles.legendMuted}> · {formatCount(summary.undefinedValues)} undefined</span>}
        </p>
      )}
      {crops && summary.outcomes.size > 0 && (
        <ul className={styles.outcomeChips}>
          {OUTCOME_CATEGORIES.filter((c) => summary.outcomes.has(c.outcome)).map((c) => (
            <li key={c.outcome}>
              <span className={styles.swatch} style={{ background: c.color }} />
              {c.label} <span className="num">{formatCount(summary.outcomes.get(c.outcome) ?? 0)}</span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-primary" onClick={onSave} disabled={frameIds.length === 0} data-testid="selection-save">
        Save {formatCount(frameIds.length)} {frameIds.length === 1 ? 'frame' : 'frames'} as a segment…
      </button>
      {frames.isError ? (
        <ErrorPanel error={frames.error} onRetry={() => void frames.refetch()} />
      ) : (
        <ul className={styles.thumbs} data-testid="selection-thumbs">
          {!frames.data || frames.isPlaceholderData
            ? shown.map((id) => (
                <li key={id}>
                  <Skeleton height={86} radius={6} />
                </li>
              ))
            : frames.data.data.map((frame) => (
                <li key={frame.frame_id}>
                  <button type="button" className={styles.thumb} onClick={() => onOpenFrame(frame.frame_id)} title={`Open ${frame.frame_id}`}>
                    <span className={styles.thumbImage}>
                      <FrameImage frame={frame} colorOf={colorOf} thumbnail={200} highlight={summary.cropIds} />
                    </span>
                    <span className={styles.thumbId}>{frame.frame_id}</span>
                  </button>
                </li>
              ))}
        </ul>
      )}
      {pages > 1 && (
        <div className={styles.sidePager}>
          <button type="button" className="btn btn-quiet" disabled={page === 0} onClick={() => setPage(page - 1)}>
            ‹ Prev
          </button>
          <span className="num">
            {page + 1} / {pages}
          </span>
          <button type="button" className="btn btn-quiet" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next ›
          </button>
        </div>
      )}
    </aside>
  );
}
