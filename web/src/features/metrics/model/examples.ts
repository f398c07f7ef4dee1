// What the examples panel lists (DESIGN 4.5): the cells clicked, or a filter,
// in one of six orderings; plus the two quick views of the seed, "high
// confidence disagreements" and "low confidence agreements".

import type { CellSelection, Ordering } from '../../../app/search';
import { describeFilter, filterMatches } from './highlight';
import { BACKGROUND, type ConfusionFilter } from './types';

export type OrderKey = 'confidence' | 'iou' | 'box_size';

export const ORDERING_OPTIONS: readonly { readonly value: Ordering; readonly label: string }[] = [
  { value: 'confidence_desc', label: 'Confidence, high first' },
  { value: 'confidence_asc', label: 'Confidence, low first' },
  { value: 'iou_desc', label: 'IoU, high first' },
  { value: 'iou_asc', label: 'IoU, low first' },
  { value: 'box_size_desc', label: 'Box size, large first' },
  { value: 'box_size_asc', label: 'Box size, small first' },
];

/** The API's order_by / descending of an ordering. */
export function orderingParams(ordering: Ordering): { readonly orderBy: OrderKey; readonly descending: boolean } {
  const descending = ordering.endsWith('_desc');
  return { orderBy: ordering.slice(0, ordering.lastIndexOf('_')) as OrderKey, descending };
}

/** What is selected: explicit cells win over a filter; null when nothing is. */
export type ExampleSource =
  | { readonly kind: 'cells'; readonly cells: readonly CellSelection[] }
  | { readonly kind: 'filter'; readonly filter: ConfusionFilter };

export function exampleSource(view: {
  readonly cells: readonly CellSelection[];
  readonly filter?: ConfusionFilter | undefined;
}): ExampleSource | null {
  if (view.cells.length > 0) return { kind: 'cells', cells: view.cells };
  if (view.filter) return { kind: 'filter', filter: view.filter };
  return null;
}

/** "car → truck" for one cell; what a filter is; how many cells otherwise. */
export function describeSource(source: ExampleSource): string {
  if (source.kind === 'filter') return describeFilter(source.filter);
  const [first] = source.cells;
  if (source.cells.length === 1 && first) return describeCell(first.gt, first.pred);
  return `${source.cells.length} cells`;
}

/** A cell in words: what happened to the labels or predictions in it. */
export function describeCell(gt: string, pred: string): string {
  if (pred === BACKGROUND) return `${gt} missed (false negatives)`;
  if (gt === BACKGROUND) return `${pred} predicted with no label (false positives)`;
  if (gt === pred) return `${gt} found (true positives)`;
  return `${gt} predicted as ${pred}`;
}

export function sameCell(a: CellSelection, b: CellSelection): boolean {
  return a.gt === b.gt && a.pred === b.pred;
}

/**
 * The cells after a click: a plain click selects only that cell (or clears it
 * when it was the only one); with `add` (shift or ctrl) it toggles the cell
 * in the selection.
 */
export function toggleCell(cells: readonly CellSelection[], cell: CellSelection, add: boolean): CellSelection[] {
  const present = cells.some((c) => sameCell(c, cell));
  if (!add) return present && cells.length === 1 ? [] : [cell];
  return present ? cells.filter((c) => !sameCell(c, cell)) : [...cells, cell];
}

export type QuickView = 'high_confidence_disagreements' | 'low_confidence_agreements';

export const QUICK_VIEWS: readonly { readonly id: QuickView; readonly label: string; readonly hint: string }[] = [
  {
    id: 'high_confidence_disagreements',
    label: 'High confidence disagreements',
    hint: 'Confident predictions the labels disagree with: model mistakes, or missing and wrong labels',
  },
  {
    id: 'low_confidence_agreements',
    label: 'Low confidence agreements',
    hint: 'Correct predictions the model was least sure of',
  },
];

const QUICK_FILTER: Record<QuickView, ConfusionFilter> = {
  high_confidence_disagreements: { kind: 'disagreements' },
  low_confidence_agreements: { kind: 'agreements' },
};

const QUICK_ORDERING: Record<QuickView, Ordering> = {
  high_confidence_disagreements: 'confidence_desc',
  low_confidence_agreements: 'confidence_asc',
};

export interface ExampleSelection {
  readonly cells: readonly CellSelection[];
  readonly filter?: ConfusionFilter | undefined;
  readonly ordering: Ordering;
}

function coveredBy(source: ExampleSource | null, filter: ConfusionFilter): boolean {
  if (source === null) return false;
  if (source.kind === 'cells') return source.cells.every((c) => filterMatches(filter, c.gt, c.pred));
  const inner = source.filter;
  if (inner.kind === filter.kind) return true;
  // Confused As / From and FP only contain disagreements; nothing but the diagonal is an agreement.
  return filter.kind === 'disagreements' && (inner.kind === 'confused_as' || inner.kind === 'confused_from' || inner.kind === 'fp');
}

/**
 * A quick view one click away: its ordering, on the current selection when
 * every selected cell is of the right kind (a clicked FP cell sorted by
 * confidence is the seed's "high confidence false positives"), else on every
 * cell of that kind.
 */
export function applyQuickView(selection: ExampleSelection, quick: QuickView): ExampleSelection {
  const filter = QUICK_FILTER[quick];
  const ordering = QUICK_ORDERING[quick];
  if (coveredBy(exampleSource(selection), filter)) return { ...selection, ordering };
  return { cells: [], filter, ordering };
}

/** Which quick view the current selection and ordering amount to, if any. */
export function activeQuickView(selection: ExampleSelection): QuickView | null {
  for (const quick of Object.keys(QUICK_FILTER) as QuickView[]) {
    if (selection.ordering === QUICK_ORDERING[quick] && coveredBy(exampleSource(selection), QUICK_FILTER[quick])) {
      return quick;
    }
  }
  return null;
}

/** The outcome a listed example stands for, in words. */
export function outcomeLabel(outcome: 'tp' | 'fp' | 'fn' | 'confusion'): string {
  switch (outcome) {
    case 'tp':
      return 'True positive';
    case 'fp':
      return 'False positive';
    case 'fn':
      return 'False negative';
    case 'confusion':
      return 'Confusion';
  }
}

/** "boat → car", with background in words. */
export function pairLabel(gt: string, pred: string): string {
  const name = (c: string, side: 'gt' | 'pred') => (c === BACKGROUND ? (side === 'gt' ? 'no label' : 'no prediction') : c);
  return `${name(gt, 'gt')} → ${name(pred, 'pred')}`;
}
