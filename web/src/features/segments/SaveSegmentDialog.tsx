import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { describeError } from '../../api/errors';
import {
  createSegment,
  framesQuery,
  segmentWritePredicate,
  updateSegment,
  type DatasetRef,
  type Segment,
  type SegmentKind,
} from '../../api/queries';
import { useDebounced } from '../../app/useDebounced';
import { Dialog } from '../../components/Dialog';
import { SelectField } from '../../components/Field';
import { FormField, formStyles } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { Segmented } from '../../components/Segmented';
import { formatCount } from '../metrics/model/format';
import { parseThreshold, SEGMENT_KINDS, validateSegmentName } from './model';
import { ThresholdFields, thresholdErrors, type ThresholdTexts } from './ThresholdFields';
import styles from './segments.module.css';

/** Where the frames of a new segment come from. */
export type SegmentSource =
  | { readonly kind: 'query'; readonly where?: string | undefined }
  | { readonly kind: 'frames'; readonly frameIds: readonly string[]; readonly origin: string };

export interface SavedSegment {
  readonly segment: Segment;
  readonly created: boolean;
}

interface SaveSegmentDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly dataset: DatasetRef;
  readonly source: SegmentSource;
  /** The dataset's segments: names taken, and targets of "add to". */
  readonly segments: readonly Segment[];
  readonly metadataKeys?: readonly string[];
  readonly frameCount?: number | undefined;
  /** The kind chosen when the form opens. */
  readonly initialKind?: SegmentKind;
  readonly onSaved?: (saved: SavedSegment) => void;
}

const EMPTY_THRESHOLDS: ThresholdTexts = { precision: '', recall: '', f1: '' };

/**
 * Creates a segment from a metadata query or from selected frames, or adds
 * the selected frames to an existing segment. The server's objections (a bad
 * query, a name taken meanwhile) are shown in words under the form.
 */
export function SaveSegmentDialog(props: SaveSegmentDialogProps) {
  // Mounted only while open, so every opening starts from a clean form.
  if (!props.open) return null;
  return <SaveSegmentForm {...props} />;
}

function SaveSegmentForm({ onClose, dataset, source, segments, metadataKeys = [], frameCount, initialKind = 'scenario', onSaved }: SaveSegmentDialogProps) {
  const queryClient = useQueryClient();
  const id = useId();
  const fromFrames = source.kind === 'frames';
  const [target, setTarget] = useState<'new' | 'existing'>('new');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SegmentKind>(initialKind);
  const [description, setDescription] = useState('');
  const [where, setWhere] = useState(source.kind === 'query' ? (source.where ?? '') : '');
  const [thresholds, setThresholds] = useState<ThresholdTexts>(EMPTY_THRESHOLDS);
  const [existing, setExisting] = useState<string>(segments[0]?.name ?? '');
  const [submitted, setSubmitted] = useState(false);

  const settledWhere = useDebounced(where.trim(), 350);
  const preview = useQuery({
    ...framesQuery(dataset, { where: settledWhere, offset: 0, limit: 1 }),
    enabled: !fromFrames && settledWhere !== '',
    placeholderData: undefined,
  });

  const mutation = useMutation({
    mutationFn: async (): Promise<SavedSegment> => {
      if (fromFrames && target === 'existing') {
        const segment = await updateSegment(dataset, existing, { add_frames: [...source.frameIds] });
        return { segment, created: false };
      }
      const value = (text: string) => {
        const parsed = parseThreshold(text);
        return parsed.ok ? parsed.value : null;
      };
      const segment = await createSegment(dataset, {
        name: name.trim(),
        kind,
        description: description.trim(),
        ...(fromFrames ? { frame_ids: [...source.frameIds] } : { where: where.trim() }),
        precision: value(thresholds.precision),
        recall: value(thresholds.recall),
        f1: value(thresholds.f1),
      });
      return { segment, created: true };
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ predicate: segmentWritePredicate(dataset, saved.segment.name, { frames: true }) });
      onSaved?.(saved);
      onClose();
    },
  });

  useEffect(() => {
    if (mutation.isError) mutation.reset();
    // A new attempt starts from the edited form: clear the last answer when it changes.
  }, [name, where, kind, target, existing]); // eslint-disable-line react-hooks/exhaustive-deps

  const adding = fromFrames && target === 'existing';
  const nameError = adding ? null : validateSegmentName(name, segments.map((s) => s.name));
  const whereError = !fromFrames && where.trim() === '' ? 'Write a query over the frame metadata.' : null;
  const invalid = nameError !== null || whereError !== null || Object.keys(thresholdErrors(thresholds)).length > 0 || (adding && existing === '');
  const empty = fromFrames && source.frameIds.length === 0;

  const submit = () => {
    setSubmitted(true);
    if (invalid || empty || mutation.isPending) return;
    mutation.mutate();
  };

  const title = fromFrames ? `Save ${formatCount(source.frameIds.length)} frames as a segment` : 'New segment from a metadata query';
  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      eyebrow={fromFrames ? source.origin : `Dataset ${dataset.dataset}`}
      testId="save-segment-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" disabled={mutation.isPending || empty} data-testid="save-segment-submit">
            {mutation.isPending ? 'Saving…' : adding ? 'Add frames' : 'Create segment'}
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        className={formStyles.stack}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {fromFrames && segments.length > 0 && (
          <Segmented
            label="Save to"
            value={target}
            onChange={setTarget}
            options={[
              { value: 'new', label: 'A new segment' },
              { value: 'existing', label: 'An existing segment' },
            ]}
          />
        )}
        {adding ? (
          <SelectField
            label="Segment"
            size="l"
            value={existing}
            onChange={setExisting}
            options={segments.map((s) => ({ value: s.name, label: `${s.name} (${formatCount(s.frame_count)} frames)` }))}
          />
        ) : (
          <>
            <FormField label="Name" htmlFor={`${id}-name`} error={submitted ? nameError : null}>
              <input
                id={`${id}-name`}
                className={formStyles.input}
                value={name}
                maxLength={200}
                autoFocus
                autoComplete="off"
                aria-invalid={submitted && nameError !== null}
                data-testid="segment-name"
                onChange={(event) => setName(event.target.value)}
              />
            </FormField>
            {!fromFrames && (
              <FormField
                label="Metadata query"
                htmlFor={`${id}-where`}
                error={submitted ? whereError : null}
                hint={<QueryHint keys={metadataKeys} onPick={(key) => setWhere((w) => (w.trim() ? `${w.trim()} and ${key} == ` : `${key} == `))} />}
              >
                <textarea
                  id={`${id}-where`}
                  className={`${formStyles.textarea} ${formStyles.mono}`}
                  rows={2}
                  spellCheck={false}
                  placeholder="people > 0 and orientation == 'portrait'"
                  value={where}
                  aria-invalid={submitted && whereError !== null}
                  data-testid="segment-where"
                  onChange={(event) => setWhere(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && !event.shiftKey) {
                      event.preventDefault();
                      submit();
                    }
                  }}
                />
              </FormField>
            )}
            {!fromFrames && settledWhere !== '' && (
              <QueryPreview query={preview} total={frameCount} />
            )}
            <div className={styles.kindField}>
              <span className={formStyles.label}>Kind</span>
              <Segmented label="Kind" value={kind} onChange={setKind} options={SEGMENT_KINDS} testId="segment-kind" />
              <span className={formStyles.hint}>{SEGMENT_KINDS.find((k) => k.value === kind)?.hint}</span>
            </div>
            <FormField label="Description" htmlFor={`${id}-description`} hint="Optional: what these frames have in common">
              <textarea
                id={`${id}-description`}
                className={formStyles.textarea}
                rows={2}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
              />
            </FormField>
            <ThresholdFields values={thresholds} onChange={setThresholds} testIdPrefix="new-threshold" />
          </>
        )}
        {fromFrames && (
          <p className={formStyles.hint}>
            {empty ? 'Nothing is selected.' : `${formatCount(source.frameIds.length)} frames: ${source.frameIds.slice(0, 4).join(', ')}${source.frameIds.length > 4 ? ', …' : ''}`}
          </p>
        )}
        {mutation.isError && <Problem error={mutation.error} testId="save-segment-error" />}
        {/* Lets Enter submit from any single-line input. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Dialog>
  );
}

function QueryHint({ keys, onPick }: { readonly keys: readonly string[]; readonly onPick: (key: string) => void }) {
  if (keys.length === 0) return <>Compare metadata fields with values: ==, !=, &lt;, &gt;, in [...], and, or, not.</>;
  return (
    <span className={styles.keys}>
      Fields:{' '}
      {keys.map((key) => (
        <button key={key} type="button" className={styles.key} onClick={() => onPick(key)} title={`Insert ${key}`}>
          {key}
        </button>
      ))}
      <span> · ==, !=, &lt;, &gt;, in [...], and, or, not</span>
    </span>
  );
}

function QueryPreview({ query, total }: { readonly query: ReturnType<typeof useQuery<{ count: number }>>; readonly total: number | undefined }) {
  if (query.isError) {
    const e = describeError(query.error);
    return (
      <p className={styles.previewBad} role="alert" data-testid="segment-where-error">
        {e.message}
      </p>
    );
  }
  if (!query.data) return <p className={styles.preview}>Checking the query…</p>;
  const count = query.data.count;
  return (
    <p className={count === 0 ? styles.previewWarn : styles.preview} data-testid="segment-where-count">
      {count === 0
        ? 'No frame matches this query yet.'
        : `Matches ${formatCount(count)}${total === undefined ? '' : ` of ${formatCount(total)}`} frames.`}
    </p>
  );
}
