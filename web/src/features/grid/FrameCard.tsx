import { formatMetric } from '../metrics/model/format';
import { FrameImage, type BoxVisibility } from './FrameImage';
import { classificationVerdict, type FrameWithBoxes } from './model';
import styles from './GridTab.module.css';

interface FrameCardProps {
  readonly frame: FrameWithBoxes;
  readonly detection: boolean;
  /** Whether per-frame results are attached (an inference set is selected). */
  readonly evaluated: boolean;
  readonly colorOf: (className: string) => string;
  readonly show: BoxVisibility;
  readonly picked: boolean;
  /** `range`: shift was held, select everything from the last clicked card. */
  readonly onToggle: (range: boolean) => void;
  readonly onOpen: () => void;
}

/** One frame of the grid: the picture with its boxes, its id, and its per-frame results. */
export function FrameCard({ frame, detection, evaluated, colorOf, show, picked, onToggle, onOpen }: FrameCardProps) {
  const f1 = formatMetric(frame.f1, 'f1');
  const verdict = detection ? null : classificationVerdict(frame);
  const errors = (frame.false_positives ?? 0) + (frame.false_negatives ?? 0) + (frame.confusions ?? 0);
  return (
    <article className={`${styles.frame} ${picked ? styles.picked : ''} ${detection ? '' : styles.compact}`} data-testid="grid-frame" data-frame-id={frame.frame_id} data-f1={frame.f1 ?? ''}>
      <button type="button" className={styles.media} onClick={onOpen} aria-label={`Open frame ${frame.frame_id} full size`}>
        <FrameImage frame={frame} colorOf={colorOf} show={show} thumbnail={360} />
      </button>
      <label className={styles.check} title="Select (Shift-click selects a range)">
        <input
          type="checkbox"
          checked={picked}
          aria-label={`Select frame ${frame.frame_id}`}
          onClick={(event) => onToggle(event.shiftKey)}
          onChange={() => undefined}
        />
      </label>
      <div className={styles.meta}>
        <span className={styles.frameId} title={frame.frame_id}>
          {frame.frame_id}
        </span>
        {evaluated && (
          <span
            className={`${styles.f1} num ${frame.f1 == null ? '' : frame.f1 >= 0.8 ? styles.good : frame.f1 < 0.5 ? styles.bad : styles.fair}`}
            title={f1.reason ?? `Per-frame F1 ${f1.text}`}
            data-testid="frame-f1"
          >
            F1 {f1.text}
          </span>
        )}
      </div>
      {evaluated && detection && (
        <div className={`${styles.counts} num`} aria-label="Per-frame results">
          <span title="True positives">TP {frame.true_positives}</span>
          <span title="False positives" className={frame.false_positives ? styles.badText : ''}>
            FP {frame.false_positives}
          </span>
          <span title="False negatives" className={frame.false_negatives ? styles.badText : ''}>
            FN {frame.false_negatives}
          </span>
          <span title="Confusions (matched to the wrong class)" className={frame.confusions ? styles.badText : ''}>
            Conf {frame.confusions}
          </span>
          {errors === 0 && <span className={styles.goodText}>✓</span>}
        </div>
      )}
      {verdict && (
        <div className={styles.counts}>
          <span>
            label <strong>{verdict.label ?? '—'}</strong>
          </span>
          {evaluated && (
            <span className={verdict.correct === false ? styles.badText : verdict.correct ? styles.goodText : ''}>
              predicted <strong>{verdict.prediction ?? 'nothing'}</strong>
              {verdict.confidence !== null && ` ${verdict.confidence.toFixed(2)}`}
            </span>
          )}
          {evaluated && verdict.dropped && (
            <span title="The model's answer is under the confidence threshold, so it is not kept">
              ({verdict.dropped.className}
              {verdict.dropped.confidence !== null && ` ${verdict.dropped.confidence.toFixed(2)}`} below threshold)
            </span>
          )}
        </div>
      )}
    </article>
  );
}
