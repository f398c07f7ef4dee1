// Maps the server's responses onto the domain shapes the views are built on,
// so that the pure view models never depend on the wire format.

import type { ConfusionData, ConfusionEntry } from '../features/metrics/model/types';
import type { ReportRow } from '../features/metrics/model/manyClass';
import type { PrCurve } from '../features/metrics/model/prCurve';
import { classColor } from '../features/metrics/model/colors';
import type { CompareResponse, MetricsResponse, PrCurvesResponse } from './queries';

type Confusion = MetricsResponse['confusion'];

/** A dense matrix when the server sent one (25 classes or fewer), else null. */
export function denseConfusion(classes: readonly string[], confusion: Confusion): ConfusionData | null {
  if (confusion.layout !== 'dense' || !confusion.counts) return null;
  return { classes, counts: confusion.counts };
}

/** The nonzero cells, from either layout. */
export function confusionEntries(confusion: Confusion): ConfusionEntry[] {
  if (confusion.layout === 'sparse') return (confusion.cells ?? []).map(({ gt, pred, count }) => ({ gt, pred, count }));
  const entries: ConfusionEntry[] = [];
  (confusion.counts ?? []).forEach((row, i) =>
    row.forEach((count, j) => {
      if (count > 0) entries.push({ gt: confusion.labels[i]!, pred: confusion.labels[j]!, count });
    }),
  );
  return entries;
}

export function reportRows(report: MetricsResponse['report']): ReportRow[] {
  return report.rows.map((row) => ({
    className: row.name,
    precision: row.precision,
    recall: row.recall,
    f1: row.f1,
    support: row.support,
    counts: {
      truePositives: row.true_positives,
      falsePositives: row.false_positives,
      falseNegatives: row.false_negatives,
    },
  }));
}

export const AGGREGATE_COLOR = '#1f2937';

/** Display name of an aggregate curve. */
export function aggregateName(name: string): string {
  if (name === 'weighted') return 'weighted average';
  if (name === 'micro') return 'micro average';
  if (name === 'macro') return 'macro average';
  return name;
}

/**
 * PR curves to draw: the aggregates (heavier) and every class in its colour.
 * `suffix` names the model when two are overlaid (drawn dashed).
 */
export function prCurves(
  response: PrCurvesResponse,
  classes: readonly string[],
  classColors: readonly (string | null | undefined)[],
  options: { readonly aggregates?: readonly string[]; readonly suffix?: string; readonly dashed?: boolean } = {},
): PrCurve[] {
  const wanted = options.aggregates ?? ['weighted'];
  const suffix = options.suffix ? ` (${options.suffix})` : '';
  const dashed = options.dashed ?? false;
  const aggregates = response.aggregates
    .filter((c) => wanted.includes(c.name))
    .map((c) => ({ name: aggregateName(c.name) + suffix, points: c.points, color: AGGREGATE_COLOR, emphasized: true, dashed }));
  const perClass = response.classes.map((c) => {
    const index = classes.indexOf(c.name);
    return { name: c.name + suffix, points: c.points, color: classColor(index, classColors[index]), dashed };
  });
  return [...aggregates, ...perClass];
}

/** The two dense matrices of a comparison (first = A, second = B), or null for the sparse layout. */
export function compareDense(response: CompareResponse): { a: ConfusionData; b: ConfusionData } | null {
  if (response.layout !== 'dense' || !response.first_counts || !response.second_counts) return null;
  return {
    a: { classes: response.classes, counts: response.first_counts },
    b: { classes: response.classes, counts: response.second_counts },
  };
}

/** The nonzero cells of each side of a comparison, from either layout. */
export function compareEntries(response: CompareResponse): { a: ConfusionEntry[]; b: ConfusionEntry[] } {
  const dense = compareDense(response);
  if (dense) {
    const entries = (counts: readonly (readonly number[])[]) =>
      confusionEntries({ labels: response.labels, layout: 'dense', counts: counts.map((row) => [...row]), total: 0 });
    return { a: entries(dense.a.counts), b: entries(dense.b.counts) };
  }
  const cells = response.cells ?? [];
  return {
    a: cells.filter((c) => c.first > 0).map(({ gt, pred, first }) => ({ gt, pred, count: first })),
    b: cells.filter((c) => c.second > 0).map(({ gt, pred, second }) => ({ gt, pred, count: second })),
  };
}

/** The target thresholds of the selected segment (absent: All Frames, which has none). */
export function segmentTargets(
  lines: PrCurvesResponse['thresholds'],
  segment: string | undefined,
): { precision: number | null; recall: number | null; f1: number | null } | null {
  if (segment === undefined) return null;
  const found = lines.find((line) => line.segment === segment);
  return found ? { precision: found.precision, recall: found.recall, f1: found.f1 } : null;
}
