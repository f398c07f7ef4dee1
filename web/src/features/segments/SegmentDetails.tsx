import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import {
  deleteSegment,
  framesQuery,
  segmentsQuery,
  segmentWritePredicate,
  updateSegment,
  type DatasetRef,
  type Project,
  type Segment,
  type SegmentKind,
  type SegmentUpdate,
} from '../../api/queries';
import { Dialog } from '../../components/Dialog';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FormField, formStyles } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { Segmented } from '../../components/Segmented';
import { Skeleton } from '../../components/Skeleton';
import { classColorLookup } from '../grid/colors';
import { FrameImage } from '../grid/FrameImage';
import { formatCount, formatMetric, formatThreshold } from '../metrics/model/format';
import type { Card } from '../scenarios/ScenarioCard';
import {
  kindLabel,
  METRIC_LABELS,
  METRICS,
  metadataFromRows,
  metadataRows,
  parseFrameIds,
  parseThreshold,
  SEGMENT_KINDS,
  thresholdChanges,
  thresholdText,
  type MetadataRow,
  type Thresholds,
} from './model';
import { ThresholdFields, thresholdErrors, type ThresholdTexts } from './ThresholdFields';
import styles from './SegmentDetails.module.css';

const FRAMES_PAGE = 24;

interface SegmentDetailsProps {
  readonly dataset: DatasetRef;
  readonly name: string;
  /** The segment's scenario card: its scores for the selected inference sets. */
  readonly card: Card | undefined;
  readonly inferences: readonly string[];
  readonly classes: Project['classes'];
  readonly onClose: () => void;
  readonly onOpenMetrics: () => void;
  readonly onDeleted: (name: string) => void;
}

/**
 * The fly-out of a segment card: its scores against its targets, the targets
 * themselves (saved through the API; an empty box unsets one), kind,
 * description and metadata, its frames (paged, with thumbnails) to add to or
 * remove from, and deletion.
 */
export function SegmentDetails({ dataset, name, card, inferences, classes, onClose, onOpenMetrics, onDeleted }: SegmentDetailsProps) {
  const segments = useQuery(segmentsQuery(dataset));
  const segment = segments.data?.data.find((s) => s.name === name);
  const [confirming, setConfirming] = useState(false);
  return (
    <Dialog
      open
      variant="drawer"
      size="l"
      onClose={onClose}
      title={name}
      eyebrow={segment ? kindLabel(segment.kind) : 'Segment'}
      testId="segment-details"
    >
      {segments.isError ? (
        <ErrorPanel error={segments.error} onRetry={() => void segments.refetch()} />
      ) : !segments.data ? (
        <div className={styles.sections}>
          <Skeleton height={120} radius={8} />
          <Skeleton height={160} radius={8} />
        </div>
      ) : !segment ? (
        <p className={styles.missing} role="alert">
          There is no segment named “{name}” in dataset “{dataset.dataset}”. It may have been deleted or renamed.
        </p>
      ) : (
        <div className={styles.sections}>
          <div className={styles.actions}>
            <span className={styles.muted}>
              <span className="num">{formatCount(segment.frame_count)}</span> frames · updated {new Date(segment.updated_at).toLocaleString()}
            </span>
            <button type="button" className="btn" onClick={onOpenMetrics}>
              Open in Metrics
            </button>
          </div>
          <Performance card={card} inferences={inferences} />
          <TargetsSection key={`${segment.precision}|${segment.recall}|${segment.f1}`} dataset={dataset} segment={segment} />
          <AboutSection key={`${segment.kind}|${segment.description}|${JSON.stringify(segment.metadata)}`} dataset={dataset} segment={segment} />
          <FramesSection dataset={dataset} segment={segment} classes={classes} />
          <section className={styles.section}>
            <h3>Delete</h3>
            <p className={styles.muted}>The frames stay in the dataset; the segment, its targets and its metadata are removed.</p>
            <div>
              <button type="button" className={`btn ${styles.danger}`} onClick={() => setConfirming(true)} data-testid="delete-segment">
                Delete segment…
              </button>
            </div>
          </section>
        </div>
      )}
      {segment && (
        <DeleteConfirmation open={confirming} dataset={dataset} segment={segment} onCancel={() => setConfirming(false)} onDeleted={() => onDeleted(segment.name)} />
      )}
    </Dialog>
  );
}

function Performance({ card, inferences }: { readonly card: Card | undefined; readonly inferences: readonly string[] }) {
  return (
    <section className={styles.section} aria-labelledby="perf-title">
      <h3 id="perf-title">Performance</h3>
      {!card ? (
        <Skeleton height={64} radius={6} />
      ) : (
        <table className={styles.perf} data-testid="details-performance">
          <thead>
            <tr>
              <th scope="col">Inference set</th>
              {METRICS.map((m) => (
                <th scope="col" key={m}>
                  {METRIC_LABELS[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {card.scores.map((score, i) => (
              <tr key={i}>
                <th scope="row">{inferences[i]}</th>
                {score.checks.map((check) => {
                  const f = formatMetric(check.score, check.metric);
                  const state = check.succeeds === null ? '' : check.succeeds ? styles.met : styles.missed;
                  return (
                    <td key={check.metric} className={`num ${state}`} title={f.reason ?? undefined} data-testid={`details-${check.metric}`}>
                      {f.text}
                      {check.threshold !== null && <span className={styles.target}> / ≥ {formatThreshold(check.threshold)}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function useSegmentWrite(dataset: DatasetRef, segment: string, frames: boolean) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SegmentUpdate) => updateSegment(dataset, segment, body),
    onSuccess: () => queryClient.invalidateQueries({ predicate: segmentWritePredicate(dataset, segment, { frames }) }),
  });
}

function TargetsSection({ dataset, segment }: { readonly dataset: DatasetRef; readonly segment: Segment }) {
  const stored: Thresholds = { precision: segment.precision, recall: segment.recall, f1: segment.f1 };
  const [texts, setTexts] = useState<ThresholdTexts>({
    precision: thresholdText(segment.precision),
    recall: thresholdText(segment.recall),
    f1: thresholdText(segment.f1),
  });
  const write = useSegmentWrite(dataset, segment.name, false);
  const invalid = Object.keys(thresholdErrors(texts)).length > 0;
  const parsed = Object.fromEntries(
    METRICS.map((m) => {
      const p = parseThreshold(texts[m]);
      return [m, p.ok ? p.value : stored[m]];
    }),
  ) as Thresholds;
  const changes = thresholdChanges(stored, parsed);
  const dirty = Object.keys(changes).length > 0;
  const save = () => {
    if (invalid || !dirty || write.isPending) return;
    write.mutate(changes);
  };
  return (
    <section className={styles.section} aria-labelledby="targets-title">
      <h3 id="targets-title">Targets</h3>
      <p className={styles.muted}>A metric turns green on the cards when it reaches its target, red when it does not.</p>
      <ThresholdFields values={texts} onChange={setTexts} onSubmit={save} testIdPrefix="details-threshold" />
      <div className={styles.formActions}>
        <button type="button" className="btn btn-primary" onClick={save} disabled={invalid || !dirty || write.isPending} data-testid="save-thresholds">
          {write.isPending ? 'Saving…' : 'Save targets'}
        </button>
        {dirty && !write.isPending && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => setTexts({ precision: thresholdText(segment.precision), recall: thresholdText(segment.recall), f1: thresholdText(segment.f1) })}
          >
            Undo changes
          </button>
        )}
        {write.isSuccess && !dirty && (
          <span className={styles.saved} role="status">
            Saved
          </span>
        )}
      </div>
      {write.isError && <Problem error={write.error} />}
    </section>
  );
}

function AboutSection({ dataset, segment }: { readonly dataset: DatasetRef; readonly segment: Segment }) {
  const id = useId();
  const [kind, setKind] = useState<SegmentKind>(segment.kind);
  const [description, setDescription] = useState(segment.description);
  const initialRows = useMemo(() => metadataRows(segment.metadata), [segment.metadata]);
  const [rows, setRows] = useState<MetadataRow[]>(initialRows);
  const write = useSegmentWrite(dataset, segment.name, false);
  const metadata = metadataFromRows(rows);
  const original = metadataFromRows(initialRows);
  const dirty =
    kind !== segment.kind ||
    description !== segment.description ||
    (metadata.ok && JSON.stringify(metadata.value) !== JSON.stringify(original.ok ? original.value : {}));
  const save = () => {
    if (!metadata.ok || !dirty) return;
    write.mutate({ kind, description, metadata: metadata.value });
  };
  return (
    <section className={styles.section} aria-labelledby="about-title">
      <h3 id="about-title">About</h3>
      <div className={styles.kindRow}>
        <span className={formStyles.label}>Kind</span>
        <Segmented label="Kind" value={kind} onChange={setKind} options={SEGMENT_KINDS} testId="details-kind" />
      </div>
      <FormField label="Description" htmlFor={`${id}-description`}>
        <textarea
          id={`${id}-description`}
          className={formStyles.textarea}
          rows={2}
          value={description}
          data-testid="details-description"
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      <div className={styles.metadata}>
        <span className={formStyles.label}>Metadata</span>
        {rows.length === 0 && <p className={styles.muted}>No metadata. Add owner, ticket or anything else worth keeping with the segment.</p>}
        {rows.map((row, i) => (
          <div key={i} className={styles.metadataRow}>
            <input
              className={formStyles.input}
              placeholder="key"
              aria-label={`Metadata key ${i + 1}`}
              value={row.key}
              onChange={(event) => setRows((r) => r.map((x, j) => (j === i ? { ...x, key: event.target.value } : x)))}
            />
            <input
              className={formStyles.input}
              placeholder="value"
              aria-label={`Metadata value ${i + 1}`}
              value={row.value}
              onChange={(event) => setRows((r) => r.map((x, j) => (j === i ? { ...x, value: event.target.value } : x)))}
            />
            <button type="button" className="btn btn-quiet btn-icon" aria-label={`Remove metadata row ${i + 1}`} onClick={() => setRows((r) => r.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="btn btn-quiet" onClick={() => setRows((r) => [...r, { key: '', value: '' }])}>
            + Add a field
          </button>
        </div>
        {!metadata.ok && (
          <p className={formStyles.error} role="alert">
            {metadata.error}
          </p>
        )}
      </div>
      <div className={styles.formActions}>
        <button type="button" className="btn btn-primary" onClick={save} disabled={!dirty || !metadata.ok || write.isPending} data-testid="save-about">
          {write.isPending ? 'Saving…' : 'Save'}
        </button>
        {write.isSuccess && !dirty && (
          <span className={styles.saved} role="status">
            Saved
          </span>
        )}
      </div>
      {write.isError && <Problem error={write.error} />}
    </section>
  );
}

function FramesSection({ dataset, segment, classes }: { readonly dataset: DatasetRef; readonly segment: Segment; readonly classes: Project['classes'] }) {
  const id = useId();
  const [page, setPage] = useState(0);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const frames = useQuery(framesQuery(dataset, { segment: segment.name, offset: page * FRAMES_PAGE, limit: FRAMES_PAGE, boxes: true }));
  const colorOf = useMemo(() => classColorLookup({ classes } as Project), [classes]);
  const write = useSegmentWrite(dataset, segment.name, true);
  const pages = Math.max(1, Math.ceil(segment.frame_count / FRAMES_PAGE));
  const toAdd = parseFrameIds(adding);

  const remove = () =>
    write.mutate(
      { remove_frames: [...picked] },
      {
        onSuccess: (updated) => {
          setNotice(`Removed ${formatCount(picked.size)} frames; ${formatCount(updated.frame_count)} remain.`);
          setPicked(new Set());
          if (page > 0 && page * FRAMES_PAGE >= updated.frame_count) setPage(Math.max(0, Math.ceil(updated.frame_count / FRAMES_PAGE) - 1));
        },
      },
    );
  const add = () =>
    write.mutate(
      { add_frames: toAdd },
      {
        onSuccess: (updated) => {
          const added = updated.frame_count - segment.frame_count;
          setNotice(added === toAdd.length ? `Added ${formatCount(added)} frames.` : `Added ${formatCount(added)} frames; the others were in the segment already.`);
          setAdding('');
        },
      },
    );

  return (
    <section className={styles.section} aria-labelledby="frames-title">
      <header className={styles.sectionHeader}>
        <h3 id="frames-title">
          Frames <span className={styles.muted}>{formatCount(segment.frame_count)}</span>
        </h3>
        {pages > 1 && (
          <span className={styles.pager}>
            <button type="button" className="btn btn-quiet" disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="Previous frames">
              ‹
            </button>
            <span className="num">
              {page + 1} / {pages}
            </span>
            <button type="button" className="btn btn-quiet" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)} aria-label="Next frames">
              ›
            </button>
          </span>
        )}
      </header>
      {frames.isError ? (
        <ErrorPanel error={frames.error} onRetry={() => void frames.refetch()} />
      ) : !frames.data ? (
        <div className={styles.thumbs}>
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} height={90} radius={6} />
          ))}
        </div>
      ) : frames.data.data.length === 0 ? (
        <p className={styles.muted}>This segment has no frames yet. Add some below, or from the Grid or Embeddings views.</p>
      ) : (
        <ul className={`${styles.thumbs} ${frames.isPlaceholderData ? styles.stale : ''}`} data-testid="details-frames">
          {frames.data.data.map((frame) => {
            const on = picked.has(frame.frame_id);
            return (
              <li key={frame.frame_id} className={on ? styles.thumbPicked : ''}>
                <label className={styles.thumb} title={frame.frame_id}>
                  <input
                    type="checkbox"
                    checked={on}
                    aria-label={`Select frame ${frame.frame_id} to remove it`}
                    onChange={() =>
                      setPicked((p) => {
                        const next = new Set(p);
                        if (next.has(frame.frame_id)) next.delete(frame.frame_id);
                        else next.add(frame.frame_id);
                        return next;
                      })
                    }
                  />
                  <span className={styles.thumbImage}>
                    <FrameImage frame={frame} colorOf={colorOf} thumbnail={200} />
                  </span>
                  <span className={styles.thumbId}>{frame.frame_id}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {picked.size > 0 && (
        <div className={styles.formActions}>
          <button type="button" className={`btn ${styles.danger}`} onClick={remove} disabled={write.isPending} data-testid="remove-frames">
            Remove {formatCount(picked.size)} {picked.size === 1 ? 'frame' : 'frames'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setPicked(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      <FormField label="Add frames" htmlFor={`${id}-add`} hint="Frame ids, separated by commas, spaces or new lines">
        <div className={styles.addRow}>
          <textarea
            id={`${id}-add`}
            className={`${formStyles.textarea} ${formStyles.mono}`}
            rows={2}
            spellCheck={false}
            value={adding}
            data-testid="add-frames-input"
            onChange={(event) => setAdding(event.target.value)}
          />
          <button type="button" className="btn" onClick={add} disabled={toAdd.length === 0 || write.isPending} data-testid="add-frames">
            Add {toAdd.length > 0 ? formatCount(toAdd.length) : ''}
          </button>
        </div>
      </FormField>
      {write.isError && <Problem error={write.error} />}
      {notice && !write.isError && (
        <p className={styles.saved} role="status">
          {notice}
        </p>
      )}
    </section>
  );
}

function DeleteConfirmation({
  open,
  dataset,
  segment,
  onCancel,
  onDeleted,
}: {
  readonly open: boolean;
  readonly dataset: DatasetRef;
  readonly segment: Segment;
  readonly onCancel: () => void;
  readonly onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => deleteSegment(dataset, segment.name),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ predicate: segmentWritePredicate(dataset, segment.name, { frames: true }) });
      onDeleted();
    },
  });
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      size="s"
      title={`Delete segment “${segment.name}”?`}
      testId="confirm-delete"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className={`btn ${styles.dangerSolid}`} onClick={() => mutation.mutate()} disabled={mutation.isPending} data-testid="confirm-delete-button">
            {mutation.isPending ? 'Deleting…' : 'Delete segment'}
          </button>
        </>
      }
    >
      <p>
        The {kindLabel(segment.kind).toLowerCase()} “{segment.name}” and its targets are removed for good. Its {formatCount(segment.frame_count)} frames stay in
        the dataset.
      </p>
      {mutation.isError && <Problem error={mutation.error} />}
    </Dialog>
  );
}
