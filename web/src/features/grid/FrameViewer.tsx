import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { frameQuery, type BoxItem, type DatasetRef, type Thresholds } from '../../api/queries';
import { Dialog } from '../../components/Dialog';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Skeleton } from '../../components/Skeleton';
import { formatMetric } from '../metrics/model/format';
import { FrameImage } from './FrameImage';
import { OUTCOME_NAMES, type FrameBox } from './model';
import styles from './FrameViewer.module.css';

interface FrameViewerProps {
  readonly dataset: DatasetRef;
  readonly frameId: string;
  readonly inference: string | undefined;
  readonly thresholds: Thresholds;
  readonly colorOf: (className: string) => string;
  readonly detection: boolean;
  /** Frames to step through with the arrows (the current page). */
  readonly neighbours: readonly string[];
  readonly onNavigate: (frameId: string) => void;
  readonly onClose: () => void;
  /** Boxes to emphasise (a crop picked in the embedding map). */
  readonly highlight?: ReadonlySet<string>;
}

const OUTCOME_SHORT: Record<NonNullable<BoxItem['outcome']>, string> = {
  tp: 'TP',
  confusion: 'Confusion',
  fn: 'FN',
  fp: 'FP',
  below_confidence: 'Below threshold',
};

/** A frame full size with every label and prediction, its results and metadata. */
export function FrameViewer({ dataset, frameId, inference, thresholds, colorOf, detection, neighbours, onNavigate, onClose, highlight }: FrameViewerProps) {
  const query = useQuery(frameQuery(dataset, { frameId, inference, thresholds: inference ? thresholds : undefined }));
  const position = neighbours.indexOf(frameId);
  const previous = position > 0 ? neighbours[position - 1] : undefined;
  const next = position >= 0 && position < neighbours.length - 1 ? neighbours[position + 1] : undefined;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.key === 'ArrowLeft' && previous) onNavigate(previous);
      if (event.key === 'ArrowRight' && next) onNavigate(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [previous, next, onNavigate]);

  const frame = query.data;
  return (
    <Dialog
      open
      variant="viewer"
      onClose={onClose}
      testId="frame-viewer"
      eyebrow={position >= 0 ? `Frame ${position + 1} of ${neighbours.length} on this page` : 'Frame'}
      title={
        <span className={styles.title}>
          {frameId}
          <span className={styles.nav}>
            <button type="button" className="btn" disabled={!previous} onClick={() => previous && onNavigate(previous)} aria-label="Previous frame" title="Previous frame (←)">
              ‹
            </button>
            <button type="button" className="btn" disabled={!next} onClick={() => next && onNavigate(next)} aria-label="Next frame" title="Next frame (→)">
              ›
            </button>
          </span>
        </span>
      }
    >
      {query.isError ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      ) : !frame ? (
        <div className={styles.layout}>
          <Skeleton height="70vh" radius={8} />
          <Skeleton height={240} radius={8} />
        </div>
      ) : (
        <div className={styles.layout}>
          <div className={styles.picture}>
            <FrameImage frame={frame} colorOf={colorOf} {...(highlight ? { highlight } : {})} />
          </div>
          <aside className={styles.side}>
            {inference && (
              <section>
                <h3>
                  {inference} <span className={styles.muted}>at confidence {thresholds.confidence.toFixed(2)}{detection ? `, IoU ${thresholds.iou.toFixed(2)}` : ''}</span>
                </h3>
                <dl className={`${styles.stats} num`}>
                  {(['precision', 'recall', 'f1'] as const).map((metric) => {
                    const f = formatMetric(frame[metric], metric);
                    return (
                      <div key={metric} title={f.reason ?? undefined}>
                        <dt>{metric === 'f1' ? 'F1' : metric[0]!.toUpperCase() + metric.slice(1)}</dt>
                        <dd>{f.text}</dd>
                      </div>
                    );
                  })}
                  <div>
                    <dt>TP</dt>
                    <dd>{frame.true_positives}</dd>
                  </div>
                  <div>
                    <dt>FP</dt>
                    <dd>{frame.false_positives}</dd>
                  </div>
                  <div>
                    <dt>FN</dt>
                    <dd>{frame.false_negatives}</dd>
                  </div>
                </dl>
              </section>
            )}
            <BoxList title="Labels" items={frame.labels} colorOf={colorOf} dashed={false} />
            {inference && <BoxList title="Predictions" items={frame.predictions} colorOf={colorOf} dashed />}
            <section>
              <h3>Metadata</h3>
              {Object.keys(frame.metadata).length === 0 ? (
                <p className={styles.muted}>None.</p>
              ) : (
                <table className={styles.metadata}>
                  <tbody>
                    {Object.entries(frame.metadata).map(([key, value]) => (
                      <tr key={key}>
                        <th scope="row">{key}</th>
                        <td>{value === null ? '—' : String(value)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {frame.width && frame.height && (
                <p className={styles.muted}>
                  {frame.width} × {frame.height} px
                </p>
              )}
            </section>
          </aside>
        </div>
      )}
    </Dialog>
  );
}

function BoxList({ title, items, colorOf, dashed }: { readonly title: string; readonly items: readonly FrameBox[]; readonly colorOf: (name: string) => string; readonly dashed: boolean }) {
  const sorted = [...items].sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
  return (
    <section>
      <h3>
        {title} <span className={styles.muted}>{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className={styles.muted}>None.</p>
      ) : (
        <ul className={styles.boxes}>
          {sorted.map((item) => (
            <li key={item.id} className={item.outcome === 'below_confidence' ? styles.dropped : ''} title={item.outcome ? OUTCOME_NAMES[item.outcome] : undefined}>
              <svg width="16" height="12" aria-hidden="true">
                <rect x="1" y="1" width="14" height="10" fill="none" stroke={colorOf(item.class_name)} strokeWidth="2" strokeDasharray={dashed ? '3 2' : undefined} />
              </svg>
              <span className={styles.className}>{item.class_name}</span>
              {item.confidence != null && <span className="num">{item.confidence.toFixed(2)}</span>}
              {item.iou != null && <span className={`${styles.muted} num`}>IoU {item.iou.toFixed(2)}</span>}
              {item.outcome && <span className={`${styles.outcome} ${styles[item.outcome] ?? ''}`}>{OUTCOME_SHORT[item.outcome]}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
