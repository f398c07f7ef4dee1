// The summary row: which numbers it shows, how a change between two inference
// sets reads, and whether a segment's target thresholds are met.

import { formatCount, formatMetric, type MetricName } from './format';
import { BACKGROUND, type ConfusionEntry } from './types';

export type SummaryKey = MetricName | 'false_positives' | 'false_negatives' | 'confusions' | 'frame_count';

export interface SummaryValues {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly false_positives: number;
  readonly false_negatives: number;
  readonly confusions: number;
  readonly frame_count: number;
}

export interface SummaryField {
  readonly key: SummaryKey;
  readonly label: string;
  /** Which direction is an improvement; null for what is not a score (frames). */
  readonly better: 'higher' | 'lower' | null;
}

export const SUMMARY_FIELDS: readonly SummaryField[] = [
  { key: 'precision', label: 'Precision', better: 'higher' },
  { key: 'recall', label: 'Recall', better: 'higher' },
  { key: 'f1', label: 'F1', better: 'higher' },
  { key: 'false_positives', label: 'False positives', better: 'lower' },
  { key: 'false_negatives', label: 'False negatives', better: 'lower' },
  { key: 'confusions', label: 'Confusions', better: 'lower' },
  { key: 'frame_count', label: 'Frames', better: null },
];

export function isMetric(key: SummaryKey): key is MetricName {
  return key === 'precision' || key === 'recall' || key === 'f1';
}

/** A summary value as text, "—" for an undefined metric. */
export function summaryText(values: SummaryValues, key: SummaryKey, metricClass: string | null): { text: string; reason: string | null } {
  if (isMetric(key)) return formatMetric(values[key], key, metricClass);
  return { text: formatCount(values[key]), reason: null };
}

export type ChangeTone = 'improved' | 'regressed' | 'unchanged';

export interface Change {
  /** "+0.034", "-12", "±0"; "—" when either side is undefined. */
  readonly text: string;
  readonly tone: ChangeTone;
}

/** B - A for one summary field, coloured by whether it is better. */
export function summaryChange(field: SummaryField, a: SummaryValues, b: SummaryValues): Change {
  const va = a[field.key];
  const vb = b[field.key];
  if (va === null || vb === null) return { text: '—', tone: 'unchanged' };
  const delta = vb - va;
  const metric = isMetric(field.key);
  const rounded = metric ? Math.round(delta * 1000) / 1000 : delta;
  if (rounded === 0) return { text: '±0', tone: 'unchanged' };
  const magnitude = metric ? Math.abs(rounded).toFixed(3) : formatCount(Math.abs(rounded));
  const text = `${rounded > 0 ? '+' : '-'}${magnitude}`;
  if (field.better === null) return { text, tone: 'unchanged' };
  const better = field.better === 'higher' ? rounded > 0 : rounded < 0;
  return { text, tone: better ? 'improved' : 'regressed' };
}

export interface Targets {
  readonly precision?: number | null | undefined;
  readonly recall?: number | null | undefined;
  readonly f1?: number | null | undefined;
}

/** Whether a headline metric meets its segment's target: null when no target is set or it is undefined. */
export function meetsTarget(key: SummaryKey, values: SummaryValues, targets: Targets | null | undefined): boolean | null {
  if (!isMetric(key) || !targets) return null;
  const target = targets[key];
  const value = values[key];
  if (target === null || target === undefined || value === null) return null;
  return value >= target;
}

/** What each error count means when a metric class is chosen, for the card's hover text. */
export const CLASS_SCOPE_TEXT: Partial<Record<SummaryKey, (className: string) => string>> = {
  false_positives: (c) => `${c} predicted where there is no label (the background row of the ${c} column)`,
  false_negatives: (c) => `${c} labels nothing matched (the background column of the ${c} row)`,
  confusions: (c) => `${c} labels predicted as another class, and ${c} predictions on another class's labels`,
};

/**
 * The summary restricted to one class, as the headline metrics already are:
 * its false positives (M[background, k]), false negatives (M[k, background])
 * and confusions (row k and column k off the diagonal, background excluded),
 * the same cells that make up the all-class counts.
 */
export function scopeToClass(values: SummaryValues, entries: readonly ConfusionEntry[], className: string | null): SummaryValues {
  if (className === null) return values;
  let falsePositives = 0;
  let falseNegatives = 0;
  let confusions = 0;
  for (const { gt, pred, count } of entries) {
    if (gt === BACKGROUND && pred === className) falsePositives += count;
    else if (gt === className && pred === BACKGROUND) falseNegatives += count;
    else if (gt !== pred && gt !== BACKGROUND && pred !== BACKGROUND && (gt === className || pred === className)) confusions += count;
  }
  return { ...values, false_positives: falsePositives, false_negatives: falseNegatives, confusions };
}
