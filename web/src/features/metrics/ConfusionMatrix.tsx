import { memo, useCallback, useState, type CSSProperties, type FocusEvent, type MouseEvent } from 'react';
import { cellColors } from './model/colors';
import type { CountCell, DeltaCell, MatrixModel } from './model/confusion';
import styles from './ConfusionMatrix.module.css';

interface ConfusionMatrixProps {
  readonly model: MatrixModel<CountCell> | MatrixModel<DeltaCell>;
  /** Cells highlighted by a filter, same shape as the matrix. */
  readonly highlight?: readonly (readonly boolean[])[] | undefined;
  /** Whether a cell is among the clicked ones. */
  readonly isSelected?: ((gt: string, pred: string) => boolean) | undefined;
  /** `add`: shift, ctrl or cmd was held (adds the cell to the selection). */
  readonly onCellClick?: ((gt: string, pred: string, add: boolean) => void) | undefined;
}

function cellSize(labels: number): number {
  if (labels <= 8) return 60;
  if (labels <= 14) return 52;
  return 46;
}

function isDelta(cell: CountCell | DeltaCell): cell is DeltaCell {
  return 'delta' in cell;
}

interface Tip {
  readonly text: string;
  readonly hint: string | null;
  readonly x: number;
  readonly y: number;
}

type Show = (event: MouseEvent<HTMLElement> | FocusEvent<HTMLElement>, text: string, hint: string | null) => void;

/** Ground truth on rows, predictions on columns, background last. */
export function ConfusionMatrix(props: ConfusionMatrixProps) {
  // An instant tooltip: a native title waits a second and cannot be styled.
  const [tip, setTip] = useState<Tip | null>(null);
  const show = useCallback<Show>((event, text, hint) => {
    const rect = event.currentTarget.getBoundingClientRect();
    setTip({ text, hint, x: rect.left + rect.width / 2, y: rect.top });
  }, []);
  const hide = useCallback(() => setTip(null), []);
  return (
    <div className={styles.scroller} onScroll={hide}>
      <MatrixTable {...props} show={show} hide={hide} />
      {tip && (
        <div className={styles.tip} role="tooltip" style={{ left: tip.x, top: tip.y }} data-testid="matrix-tooltip">
          <span className={styles.tipText}>{tip.text}</span>
          {tip.hint && <span className={styles.tipHint}>{tip.hint}</span>}
        </div>
      )}
    </div>
  );
}

/** The cells; memoised so that moving the tooltip does not redraw hundreds of them. */
const MatrixTable = memo(function MatrixTable({
  model,
  highlight,
  isSelected,
  onCellClick,
  show,
  hide,
}: ConfusionMatrixProps & { readonly show: Show; readonly hide: () => void }) {
  const { labels, cells } = model;
  const filtering = highlight?.some((row) => row.some(Boolean)) ?? false;
  const style = { '--cell': `${cellSize(labels.length)}px` } as CSSProperties;
  const click = (event: MouseEvent, gt: string, pred: string) =>
    onCellClick?.(gt, pred, event.shiftKey || event.ctrlKey || event.metaKey);
  return (
    <table className={`${styles.matrix} ${filtering ? styles.filtering : ''}`} style={style} data-testid="confusion-matrix">
      <caption className="visually-hidden">
        Confusion matrix: ground truth on rows, predictions on columns, background last
      </caption>
      <thead>
        <tr>
          <th className={styles.corner} scope="col">
            <span className={styles.axisPred}>Predicted →</span>
            <span className={styles.axisGt}>Ground truth ↓</span>
          </th>
          {labels.map((label) => (
            <th key={label} scope="col" className={styles.colHead} title={label}>
              <span>{label}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {cells.map((row, i) => (
          <tr key={labels[i]}>
            <th scope="row" className={styles.rowHead} title={labels[i]}>
              {labels[i]}
            </th>
            {row.map((cell) => {
              const colors = cellColors(cell.tone, cell.intensity);
              const highlighted = highlight?.[cell.row]?.[cell.column] ?? false;
              const selected = isSelected?.(cell.gt, cell.pred) ?? false;
              const classes = [
                styles.cell,
                highlighted ? styles.highlighted : '',
                selected ? styles.selected : '',
                cell.applicable ? '' : styles.na,
              ];
              const counts = isDelta(cell)
                ? { 'data-count-a': cell.countA, 'data-count-b': cell.countB, 'data-delta': cell.delta, 'data-tone': cell.tone }
                : { 'data-count': cell.count };
              return (
                <td
                  key={cell.column}
                  className={classes.join(' ')}
                  style={{ background: colors.background, color: colors.color }}
                  data-hover={cell.hover}
                  onMouseEnter={(event) => show(event, cell.hover, cell.applicable && onCellClick ? 'Click for its examples' : null)}
                  onMouseLeave={hide}
                  data-gt={cell.gt}
                  data-pred={cell.pred}
                  data-highlighted={highlighted || undefined}
                  data-selected={selected || undefined}
                  {...(cell.applicable ? counts : {})}
                >
                  {cell.applicable && onCellClick ? (
                    <button
                      type="button"
                      className={styles.cellButton}
                      onClick={(event) => click(event, cell.gt, cell.pred)}
                      onFocus={(event) => show(event, cell.hover, null)}
                      onBlur={hide}
                      aria-label={cell.hover}
                      aria-pressed={selected}
                    >
                      {cell.text}
                    </button>
                  ) : (
                    cell.text
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
