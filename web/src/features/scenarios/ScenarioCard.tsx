import type { ScenariosResponse } from '../../api/queries';
import { formatCount, formatMetric, formatThreshold } from '../metrics/model/format';
import { cardVerdict, type Verdict } from './model';
import styles from './ScenariosTab.module.css';

export type Card = ScenariosResponse['groups'][number]['cards'][number];
type Score = Card['scores'][number];
type Check = Score['checks'][number];

const METRIC_TITLES = { precision: 'Precision', recall: 'Recall', f1: 'F1' } as const;

function CheckValue({ check }: { readonly check: Check }) {
  const f = formatMetric(check.score, check.metric);
  const state = check.succeeds === null ? 'unset' : check.succeeds ? 'met' : 'missed';
  const target = check.threshold === null ? 'no target set' : `target ≥ ${formatThreshold(check.threshold)}: ${check.succeeds ? 'met' : 'missed'}`;
  return (
    <span
      className={`${styles.value} ${styles[state] ?? ''} num`}
      title={f.reason ?? `${METRIC_TITLES[check.metric]} ${f.text}, ${target}`}
      data-testid={`card-${check.metric}`}
      data-state={state}
    >
      {f.text}
      {state !== 'unset' && (
        <span className={styles.mark} aria-label={state === 'met' ? 'target met' : 'target missed'}>
          {state === 'met' ? '✓' : '✗'}
        </span>
      )}
    </span>
  );
}

const VERDICT_TEXT: Record<Verdict, string> = { pass: 'Pass', fail: 'Fail', none: 'No targets' };

interface ScenarioCardProps {
  readonly card: Card;
  /** Names of the inference sets, in the order of card.scores. */
  readonly inferences: readonly string[];
  readonly onOpen: () => void;
  /** Opens the segment's details; absent for All Frames, which is not stored. */
  readonly onDetails?: (() => void) | undefined;
}

/**
 * A segment's precision, recall and F1 per selected inference set next to its
 * targets: green when met, red when not. The card opens the Metrics tab on
 * the segment; its fly-out button opens the segment's details.
 */
export function ScenarioCard({ card, inferences, onOpen, onDetails }: ScenarioCardProps) {
  const verdict = cardVerdict(card);
  const two = card.scores.length > 1;
  const targets = { precision: card.precision, recall: card.recall, f1: card.f1 };
  return (
    <article className={`card ${styles.scenario} ${verdict === 'pass' ? styles.cardPass : verdict === 'fail' ? styles.cardFail : ''}`} data-testid="scenario-card" data-segment={card.segment} data-verdict={verdict}>
      <header className={styles.cardHeader}>
        <h3 className={styles.cardTitle}>
          <button type="button" className={styles.open} onClick={onOpen} aria-label={`Open the metrics of ${card.segment}`}>
            {card.segment}
          </button>
        </h3>
        {verdict !== 'none' && (
          <span className={`${styles.badge} ${styles[`badge-${verdict}`] ?? ''}`} data-testid="card-verdict">
            {VERDICT_TEXT[verdict]}
          </span>
        )}
        {onDetails && (
          <button
            type="button"
            className={`btn btn-quiet btn-icon ${styles.flyout}`}
            onClick={onDetails}
            aria-label={`Details of segment ${card.segment}`}
            title="Segment details: targets, frames, metadata"
            data-testid="card-details"
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M6 3h7v7M13 3L6.5 9.5M10.5 13H3V5.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        )}
      </header>
      <p className={styles.frames} title={card.description || undefined}>
        <span className="num">{formatCount(card.frame_count)}</span> frames
        {card.description && <span className={styles.description}> · {card.description}</span>}
      </p>
      <table className={styles.scores}>
        <thead>
          <tr>
            <th scope="col" className={styles.side}>
              <span className="visually-hidden">Inference set</span>
            </th>
            {(['precision', 'recall', 'f1'] as const).map((metric) => (
              <th scope="col" key={metric}>
                {METRIC_TITLES[metric]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className={styles.targetRow}>
            <th scope="row" className={styles.side}>
              Target
            </th>
            {(['precision', 'recall', 'f1'] as const).map((metric) => {
              const target = targets[metric];
              return (
                <td key={metric} className="num" data-testid={`card-target-${metric}`}>
                  {target == null ? <span className={styles.noTarget}>—</span> : `≥ ${formatThreshold(target)}`}
                </td>
              );
            })}
          </tr>
          {card.scores.map((score, i) => (
            <tr key={i} data-testid="card-row">
              <th scope="row" className={styles.side} title={inferences[i]}>
                {two ? <span className={`${styles.sideTag} ${i === 0 ? styles.sideA : styles.sideB}`}>{i === 0 ? 'A' : 'B'}</span> : null}
                <span className={styles.sideName}>{inferences[i] ?? (i === 0 ? 'A' : 'B')}</span>
              </th>
              {score.checks.map((check) => (
                <td key={check.metric}>
                  <CheckValue check={check} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
