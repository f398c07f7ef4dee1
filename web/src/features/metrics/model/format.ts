// Formatting of numbers for the Metrics tab. An undefined metric (0/0) is
// shown as "—" with the reason, never as 0.

export const UNDEFINED_MARK = '—';

export type MetricName = 'precision' | 'recall' | 'f1';

/** Per-class counts from which an undefined metric's reason can be told. */
export interface ClassCounts {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

export interface FormattedMetric {
  readonly text: string;
  /** Why the value is undefined; null when it is a number. */
  readonly reason: string | null;
}

/** Why `metric` of `className` is 0/0; generic when counts are not known. */
export function undefinedReason(metric: MetricName, className: string | null, counts?: ClassCounts): string {
  const of = className === null ? '' : ` of ${className}`;
  const noPredictions = `no predictions${of} are kept at this confidence (TP + FP = 0)`;
  const noLabels = `there are no labels${of} in these frames (TP + FN = 0)`;
  if (metric === 'precision') return `Precision is undefined: ${noPredictions}.`;
  if (metric === 'recall') return `Recall is undefined: ${noLabels}.`;
  if (counts !== undefined) {
    const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
    if (tp + fp === 0 && tp + fn === 0) {
      return `F1 is undefined: no labels and no kept predictions${of} (2TP + FP + FN = 0).`;
    }
    if (tp + fp === 0) return `F1 is undefined: ${noPredictions}.`;
    if (tp + fn === 0) return `F1 is undefined: ${noLabels}.`;
  }
  return 'F1 is undefined: its precision or recall is 0/0.';
}

/** A metric in [0, 1] with three decimals, or "—" and the reason. */
export function formatMetric(
  value: number | null | undefined,
  metric: MetricName,
  className: string | null = null,
  counts?: ClassCounts,
): FormattedMetric {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return { text: UNDEFINED_MARK, reason: undefinedReason(metric, className, counts) };
  }
  return { text: value.toFixed(3), reason: null };
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 12,345. */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** A share in [0, 1] as a percentage with one decimal, "—" when undefined. */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return UNDEFINED_MARK;
  return `${(share * 100).toFixed(1)}%`;
}

/** A signed count: +3, -2, +0 (ASCII signs so the text is exact and parseable). */
export function formatSignedCount(delta: number): string {
  const sign = delta < 0 ? '-' : '+';
  return `${sign}${formatCount(Math.abs(delta))}`;
}

/** A signed difference of shares in percentage points: +4.2 pp. */
export function formatSignedPoints(delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return UNDEFINED_MARK;
  const points = Math.abs(delta * 100).toFixed(1);
  const sign = points === '0.0' ? '+' : delta < 0 ? '-' : '+';
  return `${sign}${points} pp`;
}

/** A threshold in [0, 1] with two decimals, as the sliders show it. */
export function formatThreshold(value: number): string {
  return value.toFixed(2);
}
