import type { ReactNode } from 'react';
import styles from './EmptyNote.module.css';

/** Why a view has nothing to show, and what to do about it. */
export function EmptyNote({
  title,
  children,
  action,
  testId,
  compact = false,
}: {
  readonly title: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
  readonly testId?: string;
  readonly compact?: boolean;
}) {
  return (
    <div className={`${styles.note} ${compact ? styles.compact : ''}`} data-testid={testId}>
      <svg className={styles.icon} width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
        <rect x="3.5" y="5.5" width="21" height="17" rx="3" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M3.5 17l6-5 5 4 3.5-3 6.5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      </svg>
      <h3 className={styles.title}>{title}</h3>
      {children && <div className={styles.text}>{children}</div>}
      {action && <div className={styles.action}>{action}</div>}
    </div>
  );
}
