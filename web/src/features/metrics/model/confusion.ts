// Cell models for the confusion matrix (DESIGN 4.1, 4.6 and the seed's
// toggles): what each cell shows, its colour intensity and its hover text.
// Pure: the component only lays the cells out.

import {
  axisLabels,
  BACKGROUND,
  cellKind,
  checkConfusion,
  type CellKind,
  type ConfusionData,
  type Normalization,
  type ValueMode,
} from './types';
import { formatCount, formatPercent, formatSignedCount, formatSignedPoints } from './format';

/** How a cell is coloured: by its share (single set) or as a change (two sets). */
export type Tone = 'count' | 'improved' | 'regressed' | 'unchanged';

interface BaseCell {
  readonly row: number;
  readonly column: number;
  readonly gt: string;
  readonly pred: string;
  readonly kind: CellKind;
  /** False for (background, background), which is never counted. */
  readonly applicable: boolean;
  readonly text: string;
  readonly hover: string;
  /** Colour strength in [0, 1]. */
  readonly intensity: number;
  readonly tone: Tone;
}

export interface CountCell extends BaseCell {
  readonly count: number;
  readonly denominator: number;
  /** count / denominator, null when the denominator is 0. */
  readonly share: number | null;
}

export interface DeltaCell extends BaseCell {
  readonly countA: number;
  readonly countB: number;
  /** countB - countA. */
  readonly delta: number;
  /** shareB - shareA for the chosen normalisation, null when either is undefined. */
  readonly points: number | null;
}

export interface MatrixModel<Cell extends BaseCell> {
  readonly labels: readonly string[];
  readonly cells: readonly (readonly Cell[])[];
  readonly rowTotals: readonly number[];
  readonly columnTotals: readonly number[];
  readonly total: number;
}

export interface MatrixOptions {
  readonly values: ValueMode;
  readonly normalize: Normalization;
}

interface Totals {
  readonly rows: number[];
  readonly columns: number[];
  readonly total: number;
}

function totals(data: ConfusionData): Totals {
  const size = data.classes.length + 1;
  const rows = new Array<number>(size).fill(0);
  const columns = new Array<number>(size).fill(0);
  let total = 0;
  data.counts.forEach((row, i) =>
    row.forEach((count, j) => {
      rows[i] = (rows[i] ?? 0) + count;
      columns[j] = (columns[j] ?? 0) + count;
      total += count;
    }),
  );
  return { rows, columns, total };
}

function denominatorOf(t: Totals, normalize: Normalization, row: number, column: number): number {
  if (normalize === 'row') return t.rows[row] ?? 0;
  if (normalize === 'column') return t.columns[column] ?? 0;
  return t.total;
}

function denominatorLabel(normalize: Normalization, gt: string, pred: string): string {
  if (normalize === 'row') return `of the ${gt} row`;
  if (normalize === 'column') return `of the ${pred} column`;
  return 'of all';
}

function countAt(data: ConfusionData, row: number, column: number): number {
  return data.counts[row]?.[column] ?? 0;
}

const NOT_COUNTED = 'background - background: not counted';

/** The matrix of one inference set. */
export function buildMatrix(data: ConfusionData, options: MatrixOptions): MatrixModel<CountCell> {
  checkConfusion(data);
  const labels = axisLabels(data.classes);
  const t = totals(data);
  const cells = labels.map((gt, row) =>
    labels.map((pred, column): CountCell => {
      const count = countAt(data, row, column);
      const denominator = denominatorOf(t, options.normalize, row, column);
      const share = denominator > 0 ? count / denominator : null;
      const applicable = !(gt === BACKGROUND && pred === BACKGROUND);
      const percent = formatPercent(share);
      const text = !applicable ? '' : options.values === 'absolute' ? formatCount(count) : percent;
      const hover = applicable
        ? `${pred} - ${gt} ${formatCount(count)} / ${formatCount(denominator)} (${percent} ${denominatorLabel(options.normalize, gt, pred)})`
        : NOT_COUNTED;
      return {
        row,
        column,
        gt,
        pred,
        kind: cellKind(gt, pred),
        applicable,
        text,
        hover,
        intensity: applicable && share !== null ? share : 0,
        tone: 'count',
        count,
        denominator,
        share,
      };
    }),
  );
  return { labels, cells, rowTotals: t.rows, columnTotals: t.columns, total: t.total };
}

function sameClasses(a: ConfusionData, b: ConfusionData): void {
  const same = a.classes.length === b.classes.length && a.classes.every((name, i) => name === b.classes[i]);
  if (!same) throw new Error('the two inference sets are evaluated over different class lists');
}

/**
 * Tone of a change: on the diagonal more is better; off it every cell is an
 * error, so more is worse (DESIGN 4.6).
 */
export function deltaTone(kind: CellKind, change: number): Tone {
  if (change === 0 || kind === 'none') return 'unchanged';
  const better = kind === 'correct' ? change > 0 : change < 0;
  return better ? 'improved' : 'regressed';
}

/** Hover text of a delta cell, exactly `<pred> - <gt> +N (a -> b)`. */
export function deltaHover(gt: string, pred: string, countA: number, countB: number): string {
  return `${pred} - ${gt} ${formatSignedCount(countB - countA).replace(/,/g, '')} (${countA} -> ${countB})`;
}

/**
 * The delta matrix M_B - M_A of two inference sets (A is the one chosen
 * first). In absolute mode a cell shows the change in count; in percentage
 * mode the change of its share of the chosen denominator, in points.
 */
export function buildDeltaMatrix(a: ConfusionData, b: ConfusionData, options: MatrixOptions): MatrixModel<DeltaCell> {
  checkConfusion(a);
  checkConfusion(b);
  sameClasses(a, b);
  const labels = axisLabels(a.classes);
  const ta = totals(a);
  const tb = totals(b);
  const shareOf = (data: ConfusionData, t: Totals, row: number, column: number): number | null => {
    const denominator = denominatorOf(t, options.normalize, row, column);
    return denominator > 0 ? countAt(data, row, column) / denominator : null;
  };
  const raw = labels.map((gt, row) =>
    labels.map((pred, column) => {
      const countA = countAt(a, row, column);
      const countB = countAt(b, row, column);
      const shareA = shareOf(a, ta, row, column);
      const shareB = shareOf(b, tb, row, column);
      const points = shareA === null || shareB === null ? null : shareB - shareA;
      const shown = options.values === 'absolute' ? countB - countA : points;
      return { gt, pred, row, column, countA, countB, points, shown };
    }),
  );
  let maxChange = 0;
  for (const line of raw) {
    for (const cell of line) {
      if (cell.gt === BACKGROUND && cell.pred === BACKGROUND) continue;
      maxChange = Math.max(maxChange, Math.abs(cell.shown ?? 0));
    }
  }
  const cells = raw.map((line) =>
    line.map((cell): DeltaCell => {
      const kind = cellKind(cell.gt, cell.pred);
      const applicable = kind !== 'none';
      const delta = cell.countB - cell.countA;
      const change = cell.shown ?? 0;
      let text = '';
      if (applicable) {
        // An empty cell on both sides reads 0, like a count, rather than "+0.0 pp".
        if (options.values === 'percentage') text = cell.countA === 0 && cell.countB === 0 ? '0' : formatSignedPoints(cell.points);
        else text = delta === 0 ? '0' : formatSignedCount(delta);
      }
      return {
        row: cell.row,
        column: cell.column,
        gt: cell.gt,
        pred: cell.pred,
        kind,
        applicable,
        text,
        hover: applicable ? deltaHover(cell.gt, cell.pred, cell.countA, cell.countB) : NOT_COUNTED,
        intensity: applicable && maxChange > 0 ? Math.abs(change) / maxChange : 0,
        tone: applicable ? deltaTone(kind, change) : 'unchanged',
        countA: cell.countA,
        countB: cell.countB,
        delta,
        points: cell.points,
      };
    }),
  );
  return { labels, cells, rowTotals: tb.rows, columnTotals: tb.columns, total: tb.total };
}
