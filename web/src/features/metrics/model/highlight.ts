// Which confusion cells a filter covers (DESIGN 4.5): FN is the background
// column, FP the background row, Confused As X column X and Confused From X
// row X, both without the diagonal and background.

import { axisLabels, BACKGROUND, type ConfusionFilter } from './types';

export interface CellRef {
  readonly gt: string;
  readonly pred: string;
}

/** Whether the cell (gt, pred) belongs to `filter`. */
export function filterMatches(filter: ConfusionFilter, gt: string, pred: string): boolean {
  const gtBackground = gt === BACKGROUND;
  const predBackground = pred === BACKGROUND;
  switch (filter.kind) {
    case 'fn':
      return predBackground && !gtBackground;
    case 'fp':
      return gtBackground && !predBackground;
    case 'agreements':
      return gt === pred && !gtBackground;
    case 'disagreements':
      return gt !== pred && !predBackground;
    case 'confused_as':
      return pred === filter.className && gt !== filter.className && !gtBackground;
    case 'confused_from':
      return gt === filter.className && pred !== filter.className && !predBackground;
  }
}

/** Throws when a class filter names background or a class the project lacks. */
export function checkFilter(filter: ConfusionFilter, classes: readonly string[]): void {
  if (!('className' in filter)) return;
  if (filter.className === BACKGROUND) {
    throw new Error('Confused As / Confused From take a real class, not background');
  }
  if (!classes.includes(filter.className)) {
    throw new Error(`unknown class "${filter.className}"`);
  }
}

/** The cells a filter covers, in row-major order. */
export function filterCells(filter: ConfusionFilter, classes: readonly string[]): CellRef[] {
  checkFilter(filter, classes);
  const labels = axisLabels(classes);
  const cells: CellRef[] = [];
  for (const gt of labels) {
    for (const pred of labels) {
      if (filterMatches(filter, gt, pred)) cells.push({ gt, pred });
    }
  }
  return cells;
}

/** A (K+1) x (K+1) mask of highlighted cells; all false without a filter. */
export function highlightMask(filter: ConfusionFilter | null, classes: readonly string[]): boolean[][] {
  const labels = axisLabels(classes);
  if (filter !== null) checkFilter(filter, classes);
  return labels.map((gt) => labels.map((pred) => filter !== null && filterMatches(filter, gt, pred)));
}

/** Short words for a filter, for headings and the examples panel. */
export function describeFilter(filter: ConfusionFilter): string {
  switch (filter.kind) {
    case 'fn':
      return 'False negatives (missed labels)';
    case 'fp':
      return 'False positives (predictions with no label)';
    case 'agreements':
      return 'Agreements (prediction and label agree)';
    case 'disagreements':
      return 'Disagreements (confusions and false positives)';
    case 'confused_as':
      return `Confused as ${filter.className}`;
    case 'confused_from':
      return `Confused from ${filter.className}`;
  }
}
