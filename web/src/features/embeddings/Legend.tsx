import type { Outcome } from '../../app/search';
import { formatCount } from '../metrics/model/format';
import { NO_VALUE_COLOR, OUTCOME_CATEGORIES, outcomeCounts, valueColor, type MapPoints } from './model';
import styles from './EmbeddingsTab.module.css';

interface LegendProps {
  readonly points: MapPoints;
  /** Whether the server coloured the points (an inference set was given). */
  readonly coloured: boolean;
  readonly metric: string;
  readonly inference: string | undefined;
  readonly hidden: readonly Outcome[];
  readonly onToggle: (outcome: Outcome) => void;
}

const GRADIENT = `linear-gradient(to right, ${Array.from({ length: 11 }, (_, i) => `${valueColor(i / 10)} ${i * 10}%`).join(', ')})`;

/** What the colours mean: a continuous scale for frames, toggles per outcome for crops. */
export function Legend({ points, coloured, metric, inference, hidden, onToggle }: LegendProps) {
  if (!coloured) {
    return (
      <div className={styles.legend} data-testid="legend">
        <p className={styles.legendNote}>{inference ? 'Not coloured.' : 'Choose an inference set to colour the points by how the model does.'}</p>
      </div>
    );
  }
  if (points.kind === 'frame') {
    let missing = 0;
    for (const v of points.values) if (Number.isNaN(v)) missing += 1;
    return (
      <div className={styles.legend} data-testid="legend">
        <div className={styles.legendTitle}>
          {metric} per frame <span className={styles.legendMuted}>· {inference}</span>
        </div>
        <div className={styles.scaleBox} aria-hidden="true">
          <div className={styles.scale} style={{ background: GRADIENT }} />
          <div className={`${styles.ticks} num`}>
            <span>0</span>
            <span>0.5</span>
            <span>1</span>
          </div>
        </div>
        <span className="visually-hidden">From red at 0 through amber to blue at 1.</span>
        {missing > 0 && (
          <div className={styles.legendRow} title={`${metric} is undefined (0/0) on these frames: nothing to find and nothing predicted, or no kept predictions`}>
            <span className={styles.swatch} style={{ background: NO_VALUE_COLOR }} />
            undefined <span className={`${styles.legendMuted} num`}>{formatCount(missing)}</span>
          </div>
        )}
      </div>
    );
  }
  const counts = outcomeCounts(points.outcomes);
  return (
    <div className={styles.legend} data-testid="legend">
      <div className={styles.legendTitle}>
        Outcome <span className={styles.legendMuted}>· click to hide or show</span>
      </div>
      <ul className={styles.legendList}>
        {OUTCOME_CATEGORIES.filter((c) => c.toggle !== null || (counts.get(c.outcome) ?? 0) > 0).map((c) => {
          const count = counts.get(c.outcome) ?? 0;
          const off = c.toggle !== null && hidden.includes(c.toggle);
          const content = (
            <>
              <span className={styles.swatch} style={{ background: c.color }} />
              <span className={styles.legendLabel}>{c.label}</span>
              <span className={`${styles.legendMuted} num`}>{formatCount(count)}</span>
            </>
          );
          return (
            <li key={c.outcome}>
              {c.toggle ? (
                <button
                  type="button"
                  className={`${styles.legendToggle} ${off ? styles.legendOff : ''}`}
                  aria-pressed={!off}
                  onClick={() => onToggle(c.toggle!)}
                  data-testid={`legend-${c.outcome}`}
                  title={off ? `Show ${c.label.toLowerCase()}s` : `Hide ${c.label.toLowerCase()}s`}
                >
                  {content}
                </button>
              ) : (
                <span className={styles.legendStatic}>{content}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
