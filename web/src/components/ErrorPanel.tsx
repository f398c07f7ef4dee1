import { describeError } from '../api/errors';
import styles from './ErrorPanel.module.css';

interface ErrorPanelProps {
  readonly error: unknown;
  /** What was being done: "load the metrics". */
  readonly action?: string | undefined;
  readonly onRetry?: (() => void) | undefined;
  /** A one-line version for tight places such as the path bar. */
  readonly compact?: boolean;
}

/** A failure in words, with Retry. Never a blank panel. */
export function ErrorPanel({ error, action, onRetry, compact = false }: ErrorPanelProps) {
  const e = describeError(error, action);
  if (compact) {
    return (
      <span className={styles.compact} role="alert" title={[e.message, ...e.details].join('\n')}>
        <span className={styles.compactIcon} aria-hidden="true">
          !
        </span>
        {e.title}
        {onRetry && (
          <button type="button" className="btn btn-quiet" onClick={onRetry}>
            Retry
          </button>
        )}
      </span>
    );
  }
  return (
    <section className={styles.panel} role="alert" aria-live="assertive">
      <div className={styles.icon} aria-hidden="true">
        !
      </div>
      <div className={styles.body}>
        <h2 className={styles.title}>{e.title}</h2>
        <p className={styles.message}>{e.message}</p>
        {e.details.length > 0 && (
          <ul className={styles.details}>
            {e.details.map((detail, i) => (
              <li key={i}>{detail}</li>
            ))}
          </ul>
        )}
        {onRetry && (
          <div className={styles.actions}>
            <button type="button" className="btn btn-primary" onClick={onRetry}>
              Retry
            </button>
            {e.status !== null && <span className={styles.status}>HTTP {e.status}</span>}
          </div>
        )}
      </div>
    </section>
  );
}
