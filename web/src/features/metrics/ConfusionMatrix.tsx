import { cellColors } from './model/colors';
import type { CountCell, DeltaCell, MatrixModel } from './model/confusion';
import styles from './ConfusionMatrix.module.css';

interface ConfusionMatrixProps {
  readonly model: MatrixModel<CountCell> | MatrixModel<DeltaCell>;
  /** Cells highlighted by a filter, same shape as the matrix. */
  readonly highlight?: readonly (readonly boolean[])[];
  readonly onCellClick?: (gt: string, pred: string) => void;
}

/** Ground truth on rows, predictions on columns, background last. */
export function ConfusionMatrix({ model, highlight, onCellClick }: ConfusionMatrixProps) {
  const { labels, cells } = model;
  return (
    <div className={styles.scroller}>
      <table className={styles.matrix} data-testid="confusion-matrix">
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
                const classes = [styles.cell, highlighted ? styles.highlighted : '', cell.applicable ? '' : styles.na];
                return (
                  <td
                    key={cell.column}
                    className={classes.join(' ')}
                    style={{ background: colors.background, color: colors.color }}
                    title={cell.hover}
                    data-gt={cell.gt}
                    data-pred={cell.pred}
                    data-highlighted={highlighted || undefined}
                  >
                    {cell.applicable && onCellClick ? (
                      <button type="button" className={styles.cellButton} onClick={() => onCellClick(cell.gt, cell.pred)} aria-label={cell.hover}>
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
    </div>
  );
}
