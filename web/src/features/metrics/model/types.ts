// Domain shapes the Metrics tab is built on. They are independent of the wire
// format: adapters in src/api map the server's responses onto them.

/** The name the background class has everywhere: the last row and column. */
export const BACKGROUND = 'background';

/**
 * A dense confusion matrix over `classes` plus background.
 * `counts[gt][pred]`, ground truth on rows, predictions on columns, with
 * background at index `classes.length` on both axes.
 */
export interface ConfusionData {
  readonly classes: readonly string[];
  readonly counts: readonly (readonly number[])[];
}

/** One nonzero cell of a sparse confusion matrix (the many-class layout). */
export interface ConfusionEntry {
  readonly gt: string;
  readonly pred: string;
  readonly count: number;
}

/** How a cell's value is shown: its count, or its share of a denominator. */
export type ValueMode = 'absolute' | 'percentage';

/** Which total a cell is compared with: its row, its column or the whole matrix. */
export type Normalization = 'row' | 'column' | 'value';

/**
 * Confusion filters of DESIGN 4.5, plus two quick views for hunting label
 * errors: agreements (the diagonal) and disagreements (kept predictions whose
 * class differs from the label's: confusions and false positives).
 */
export type ConfusionFilter =
  | { readonly kind: 'fn' }
  | { readonly kind: 'fp' }
  | { readonly kind: 'agreements' }
  | { readonly kind: 'disagreements' }
  | { readonly kind: 'confused_as'; readonly className: string }
  | { readonly kind: 'confused_from'; readonly className: string };

/** The outcome a (gt, pred) pair stands for. */
export type CellKind = 'correct' | 'confusion' | 'fn' | 'fp' | 'none';

export function cellKind(gt: string, pred: string): CellKind {
  const gtBackground = gt === BACKGROUND;
  const predBackground = pred === BACKGROUND;
  if (gtBackground && predBackground) return 'none';
  if (predBackground) return 'fn';
  if (gtBackground) return 'fp';
  return gt === pred ? 'correct' : 'confusion';
}

/** Validates a dense matrix's shape and values; throws with what is wrong. */
export function checkConfusion(data: ConfusionData): void {
  const size = data.classes.length + 1;
  if (data.counts.length !== size) {
    throw new Error(`confusion matrix has ${data.counts.length} rows, expected ${size} (classes + background)`);
  }
  data.counts.forEach((row, i) => {
    if (row.length !== size) {
      throw new Error(`confusion matrix row ${i} has ${row.length} columns, expected ${size}`);
    }
    row.forEach((value, j) => {
      if (!Number.isInteger(value) || value < 0) {
        throw new Error(`confusion matrix cell (${i}, ${j}) is ${value}, expected a count`);
      }
    });
  });
}

/** Class names with background appended: the labels of both matrix axes. */
export function axisLabels(classes: readonly string[]): string[] {
  return [...classes, BACKGROUND];
}
