import styles from './StatCard.module.css';

interface StatCardProps {
  readonly label: string;
  readonly value: string;
  /** Why the value is what it is (e.g. why it is undefined), shown on hover. */
  readonly title?: string | null;
  readonly tone?: 'neutral' | 'good' | 'bad';
  readonly sub?: string;
  readonly testId?: string;
}

export function StatCard({ label, value, title, tone = 'neutral', sub, testId }: StatCardProps) {
  return (
    <div className={`${styles.card} ${styles[tone] ?? ''}`} title={title ?? undefined} data-testid={testId}>
      <div className={styles.label}>{label}</div>
      <div className={`${styles.value} num`}>{value}</div>
      {sub && <div className={styles.sub}>{sub}</div>}
    </div>
  );
}
