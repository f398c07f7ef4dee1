import { StatCard } from '../../components/StatCard';
import { formatThreshold } from './model/format';
import { CLASS_SCOPE_TEXT, meetsTarget, scopeToClass, SUMMARY_FIELDS, summaryChange, summaryText, type Targets } from './model/summary';
import { SetBadge } from './SetBadge';
import type { MetricsData } from './useMetricsData';
import styles from './SummaryRow.module.css';

const TEST_IDS: Record<string, string> = {
  precision: 'summary-precision',
  recall: 'summary-recall',
  f1: 'summary-f1',
  false_positives: 'summary-fp',
  false_negatives: 'summary-fn',
  confusions: 'summary-confusions',
  frame_count: 'summary-frames',
};

interface SummaryRowProps {
  readonly data: MetricsData;
  /** The segment's target thresholds: met metrics turn green, missed ones red. */
  readonly targets: Targets | null;
}

/** Precision, recall, F1 (weighted or of the metric class), the error counts and frames; two sets side by side. */
export function SummaryRow({ data, targets }: SummaryRowProps) {
  const { a, b, metricClass } = data;
  const scope = metricClass ?? 'weighted average';
  // With a metric class, the error counts follow it like the metrics do.
  const summaryA = scopeToClass(a.summary, a.entries, metricClass);
  const summaryB = b ? scopeToClass(b.summary, b.entries, metricClass) : null;
  const scopeText = (key: string) => (metricClass === null ? null : (CLASS_SCOPE_TEXT[key as keyof typeof CLASS_SCOPE_TEXT]?.(metricClass) ?? null));
  if (b === null || summaryB === null) {
    return (
      <section aria-label={`Summary of ${a.name}`} className={styles.row}>
        {SUMMARY_FIELDS.map((field) => {
          const { text, reason } = summaryText(summaryA, field.key, metricClass);
          const met = meetsTarget(field.key, summaryA, targets);
          const target = field.key in (targets ?? {}) ? targets?.[field.key as keyof Targets] : null;
          const scoped = scopeText(field.key);
          const sub =
            field.better === 'higher'
              ? target != null
                ? `${scope} · target ${formatThreshold(target)}`
                : scope
              : scoped !== null
                ? metricClass!
                : undefined;
          return (
            <StatCard
              key={field.key}
              label={field.label}
              value={text}
              title={reason ?? scoped ?? (met === null ? null : met ? 'Meets the segment target' : 'Below the segment target')}
              tone={met === null ? 'neutral' : met ? 'good' : 'bad'}
              {...(sub === undefined ? {} : { sub })}
              testId={TEST_IDS[field.key]}
            />
          );
        })}
      </section>
    );
  }
  return (
    <section aria-label={`Summary of ${a.name} and ${b.name}`} className={styles.row}>
      {SUMMARY_FIELDS.map((field) => {
        const change = summaryChange(field, summaryA, summaryB);
        const scoped = scopeText(field.key);
        const value = (side: 'a' | 'b') => {
          const values = side === 'a' ? summaryA : summaryB;
          const { text, reason } = summaryText(values, field.key, metricClass);
          const met = meetsTarget(field.key, values, targets);
          return (
            <div className={styles.value} title={reason ?? undefined} data-side={side}>
              <SetBadge side={side} />
              <span className={`num ${met === null ? '' : met ? styles.good : styles.bad}`}>{text}</span>
              {side === 'b' && field.better !== null && (
                <span className={`${styles.change} ${styles[change.tone]}`} data-testid={`${TEST_IDS[field.key]}-change`} title="B − A">
                  {change.text}
                </span>
              )}
            </div>
          );
        };
        return (
          <div key={field.key} className={styles.card} data-testid={TEST_IDS[field.key]}>
            <div className={styles.label} title={scoped ?? field.label}>
              {field.label}
              {scoped !== null && <span className={styles.scope}> · {metricClass}</span>}
            </div>
            {value('a')}
            {value('b')}
          </div>
        );
      })}
    </section>
  );
}
