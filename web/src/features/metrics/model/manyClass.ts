// Table models for projects with more than 25 classes: a filterable
// classification report beside a confusion table sorted by count. Selecting a
// report class keeps the confusion rows whose gt or prediction is that class.

import type { ClassCounts } from './format';
import { filterMatches } from './highlight';
import { deltaTone, type Tone } from './confusion';
import {
  axisLabels,
  BACKGROUND,
  cellKind,
  type CellKind,
  type ConfusionData,
  type ConfusionEntry,
  type ConfusionFilter,
  type Normalization,
} from './types';

/** Above this many classes the Metrics tab switches from grids to tables. */
export const MANY_CLASS_THRESHOLD = 25;

export function isManyClass(classes: readonly string[]): boolean {
  return classes.length > MANY_CLASS_THRESHOLD;
}

/** The nonzero cells of a dense matrix, as sparse entries. */
export function entriesFromDense(data: ConfusionData): ConfusionEntry[] {
  const labels = axisLabels(data.classes);
  const entries: ConfusionEntry[] = [];
  data.counts.forEach((row, i) =>
    row.forEach((count, j) => {
      if (count > 0) entries.push({ gt: labels[i]!, pred: labels[j]!, count });
    }),
  );
  return entries;
}

export interface ConfusionTableOptions {
  /** A class selected in the report: keep rows where gt or pred is it. */
  readonly reportClass?: string | null;
  readonly filter?: ConfusionFilter | null;
  /** Case-insensitive text that gt or pred must contain. */
  readonly query?: string;
  /** Denominator of `share`; `value` (the whole matrix) by default. */
  readonly normalize?: Normalization;
  /** Keep correct (diagonal) rows; true by default. */
  readonly includeCorrect?: boolean;
}

export interface ConfusionTableRow {
  readonly key: string;
  readonly gt: string;
  readonly pred: string;
  readonly kind: CellKind;
  readonly count: number;
  readonly share: number | null;
}

/** A comparison key for class names in project order, background last. */
function classOrder(classes: readonly string[]): (name: string) => number {
  const index = new Map(axisLabels(classes).map((name, i) => [name, i]));
  return (name) => index.get(name) ?? Number.MAX_SAFE_INTEGER;
}

function rowKey(gt: string, pred: string): string {
  return JSON.stringify([gt, pred]);
}

interface RowFilter {
  (gt: string, pred: string): boolean;
}

function rowFilter(options: ConfusionTableOptions): RowFilter {
  const query = (options.query ?? '').trim().toLowerCase();
  const { reportClass, filter } = options;
  const includeCorrect = options.includeCorrect ?? true;
  return (gt, pred) => {
    if (gt === BACKGROUND && pred === BACKGROUND) return false;
    if (!includeCorrect && gt === pred) return false;
    if (reportClass && gt !== reportClass && pred !== reportClass) return false;
    if (filter && !filterMatches(filter, gt, pred)) return false;
    if (query && !gt.toLowerCase().includes(query) && !pred.toLowerCase().includes(query)) return false;
    return true;
  };
}

function shareDenominators(entries: readonly ConfusionEntry[]) {
  const rows = new Map<string, number>();
  const columns = new Map<string, number>();
  let total = 0;
  for (const { gt, pred, count } of entries) {
    rows.set(gt, (rows.get(gt) ?? 0) + count);
    columns.set(pred, (columns.get(pred) ?? 0) + count);
    total += count;
  }
  return (normalize: Normalization, gt: string, pred: string): number =>
    normalize === 'row' ? (rows.get(gt) ?? 0) : normalize === 'column' ? (columns.get(pred) ?? 0) : total;
}

/**
 * The confusion table: nonzero cells sorted by count (largest first; ties in
 * project class order), filtered by the options. Shares are taken over the
 * whole matrix, not the filtered rows.
 */
export function confusionTable(
  entries: readonly ConfusionEntry[],
  classes: readonly string[],
  options: ConfusionTableOptions = {},
): ConfusionTableRow[] {
  const order = classOrder(classes);
  const keep = rowFilter(options);
  const denominator = shareDenominators(entries);
  const normalize = options.normalize ?? 'value';
  return entries
    .filter((e) => e.count > 0 && keep(e.gt, e.pred))
    .map((e) => {
      const d = denominator(normalize, e.gt, e.pred);
      return {
        key: rowKey(e.gt, e.pred),
        gt: e.gt,
        pred: e.pred,
        kind: cellKind(e.gt, e.pred),
        count: e.count,
        share: d > 0 ? e.count / d : null,
      };
    })
    .sort((a, b) => b.count - a.count || order(a.gt) - order(b.gt) || order(a.pred) - order(b.pred));
}

export interface DeltaTableRow {
  readonly key: string;
  readonly gt: string;
  readonly pred: string;
  readonly kind: CellKind;
  readonly countA: number;
  readonly countB: number;
  readonly delta: number;
  readonly tone: Tone;
}

export type DeltaTableSort = 'count' | 'delta';

/**
 * The confusion table of two inference sets: both counts and the change.
 * Sorted by the larger count, or by the size of the change; ties in class order.
 */
export function deltaTable(
  entriesA: readonly ConfusionEntry[],
  entriesB: readonly ConfusionEntry[],
  classes: readonly string[],
  options: ConfusionTableOptions & { readonly sortBy?: DeltaTableSort } = {},
): DeltaTableRow[] {
  const order = classOrder(classes);
  const keep = rowFilter(options);
  const merged = new Map<string, { gt: string; pred: string; countA: number; countB: number }>();
  const add = (entries: readonly ConfusionEntry[], side: 'countA' | 'countB') => {
    for (const { gt, pred, count } of entries) {
      const key = rowKey(gt, pred);
      const row = merged.get(key) ?? { gt, pred, countA: 0, countB: 0 };
      row[side] += count;
      merged.set(key, row);
    }
  };
  add(entriesA, 'countA');
  add(entriesB, 'countB');
  const sortBy = options.sortBy ?? 'delta';
  return [...merged.entries()]
    .filter(([, r]) => (r.countA > 0 || r.countB > 0) && keep(r.gt, r.pred))
    .map(([key, r]) => {
      const kind = cellKind(r.gt, r.pred);
      const delta = r.countB - r.countA;
      return { key, ...r, kind, delta, tone: deltaTone(kind, delta) };
    })
    .sort((a, b) => {
      const primary =
        sortBy === 'delta'
          ? Math.abs(b.delta) - Math.abs(a.delta)
          : Math.max(b.countA, b.countB) - Math.max(a.countA, a.countB);
      return primary || order(a.gt) - order(b.gt) || order(a.pred) - order(b.pred);
    });
}

/** One row of the classification report; null is an undefined (0/0) value. */
export interface ReportRow {
  readonly className: string;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly support: number;
  /** The counts behind the row, to tell why a value is undefined. */
  readonly counts?: ClassCounts;
}

export type ReportSortKey = 'class' | 'precision' | 'recall' | 'f1' | 'support';

export interface ReportTableOptions {
  readonly query?: string;
  readonly sortBy?: ReportSortKey;
  readonly descending?: boolean;
}

/**
 * The filterable report table. Sorting by a metric puts undefined values last
 * in either direction; ties keep project class order.
 */
export function reportTable(rows: readonly ReportRow[], options: ReportTableOptions = {}): ReportRow[] {
  const query = (options.query ?? '').trim().toLowerCase();
  const sortBy = options.sortBy ?? 'class';
  const direction = options.descending ? -1 : 1;
  const position = new Map(rows.map((r, i) => [r.className, i]));
  const byPosition = (a: ReportRow, b: ReportRow) => position.get(a.className)! - position.get(b.className)!;
  return rows
    .filter((r) => !query || r.className.toLowerCase().includes(query))
    .sort((a, b) => {
      if (sortBy === 'class') return direction * byPosition(a, b);
      const va = a[sortBy];
      const vb = b[sortBy];
      if (va === null && vb === null) return byPosition(a, b);
      if (va === null) return 1;
      if (vb === null) return -1;
      return direction * (va - vb) || byPosition(a, b);
    });
}
