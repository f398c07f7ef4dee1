import type { KeyboardEvent } from 'react';
import type { ReportSort, ReportSortKey } from '../../app/search';
import { formatCount, formatMetric, type MetricName } from './model/format';
import type { ReportRow } from './model/manyClass';
import { nextReportSort, parseReportSort, type ReportLine } from './model/report';
import { SetBadge } from './SetBadge';
import type { Averages } from './useMetricsData';
import styles from './ReportTable.module.css';

interface ReportTableProps {
  readonly lines: readonly ReportLine[];
  readonly comparing: boolean;
  readonly averagesA: Averages;
  readonly averagesB: Averages | null;
  readonly showAp: boolean;
  readonly colorOf: (className: string) => string;
  readonly sort: ReportSort | undefined;
  readonly onSort: (sort: ReportSort) => void;
  /** The metric class: its row is marked. */
  readonly metricClass: string | null;
  /** Many-class layout: rows select a class that filters the confusion table. */
  readonly selected?: string | undefined;
  readonly onSelect?: ((className: string | undefined) => void) | undefined;
}

function Metric({ row, metric, strong = false }: { readonly row: ReportRow; readonly metric: MetricName; readonly strong?: boolean }) {
  const { text, reason } = formatMetric(row[metric], metric, row.className, row.counts);
  return (
    <td className={`num ${reason ? styles.undefined : ''} ${strong ? styles.strong : ''}`} title={reason ?? undefined}>
      {text}
    </td>
  );
}

function plain(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}

function Delta({ value }: { readonly value: number | null }) {
  if (value === null) {
    return (
      <td className={`num ${styles.undefined}`} title="F1 is undefined for one of the sets">
        —
      </td>
    );
  }
  const rounded = Math.round(value * 1000) / 1000;
  const tone = rounded > 0 ? styles.up : rounded < 0 ? styles.down : '';
  return <td className={`num ${tone}`}>{rounded === 0 ? '±0' : `${rounded > 0 ? '+' : '-'}${Math.abs(rounded).toFixed(3)}`}</td>;
}

/** The classification report: per class precision, recall, F1 and support, "—" (with the reason) for 0/0. */
export function ReportTable(props: ReportTableProps) {
  const { lines, comparing, averagesA, averagesB, showAp, colorOf, sort, onSort, metricClass, selected, onSelect } = props;
  const current = parseReportSort(sort);
  // Class order is the default: no arrow until the user sorts.
  const explicit = sort !== undefined;
  const header = (key: ReportSortKey, label: React.ReactNode, options: { span?: number; title?: string } = {}) => {
    const active = current.key === key;
    return (
      <th
        scope="col"
        colSpan={options.span}
        className={`${key === 'class' ? styles.classHead : 'num'} ${styles.sortable}`}
        aria-sort={active ? (current.descending ? 'descending' : 'ascending') : undefined}
        title={options.title}
      >
        <button type="button" onClick={() => onSort(nextReportSort(sort, key))}>
          {label}
          <span className={styles.arrow} aria-hidden="true">
            {active && explicit ? (current.descending ? '↓' : '↑') : ''}
          </span>
        </button>
      </th>
    );
  };
  const selectable = onSelect !== undefined;
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, name: string) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onSelect?.(selected === name ? undefined : name);
  };
  const averageRows = (['weighted', 'macro', 'micro'] as const).map((name) => {
    const a = averagesA[name];
    const b = averagesB?.[name];
    return (
      <tr key={name}>
        <th scope="row" className={styles.classCell}>
          {name} avg
        </th>
        {comparing && b ? (
          <>
            <td className="num">{plain(a.precision)}</td>
            <td className="num">{plain(b.precision)}</td>
            <td className="num">{plain(a.recall)}</td>
            <td className="num">{plain(b.recall)}</td>
            <td className="num">{plain(a.f1)}</td>
            <td className="num">{plain(b.f1)}</td>
            <Delta value={b.f1 - a.f1} />
            <td />
          </>
        ) : (
          <>
            <td className="num">{plain(a.precision)}</td>
            <td className="num">{plain(a.recall)}</td>
            <td className="num">{plain(a.f1)}</td>
            <td colSpan={showAp ? 5 : 4} />
          </>
        )}
      </tr>
    );
  });

  return (
    <table className={`${styles.report} ${selectable ? styles.selectable : ''} ${lines.length <= 12 ? styles.roomy : ''}`} data-testid="report-table">
      <thead>
        {comparing ? (
          <>
            <tr>
              {header('class', 'Class')}
              <th scope="colgroup" colSpan={2} className={styles.group}>
                Precision
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                Recall
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                F1
              </th>
              {header('delta', 'ΔF1', { title: 'F1 of B minus F1 of A' })}
              {header('support', 'Support')}
            </tr>
            <tr className={styles.subhead}>
              <th />
              {(['precision', 'recall', 'f1'] as const).flatMap((metric) => [
                <th key={`${metric}-a`} className="num">
                  <SetBadge side="a" />
                </th>,
                <th key={`${metric}-b`} className={`num ${styles.sortable}`} aria-sort={current.key === metric ? (current.descending ? 'descending' : 'ascending') : undefined}>
                  <button type="button" onClick={() => onSort(nextReportSort(sort, metric))} title={`Sort by the ${metric} of B`}>
                    <SetBadge side="b" />
                    <span className={styles.arrow} aria-hidden="true">
                      {current.key === metric ? (current.descending ? '↓' : '↑') : ''}
                    </span>
                  </button>
                </th>,
              ])}
              <th />
              <th />
            </tr>
          </>
        ) : (
          <tr>
            {header('class', 'Class')}
            {header('precision', 'Precision')}
            {header('recall', 'Recall')}
            {header('f1', 'F1')}
            {header('support', 'Support', { title: 'Labels of the class' })}
            <th scope="col" className="num" title="True positives">
              TP
            </th>
            <th scope="col" className="num" title="False positives, including confusions as this class">
              FP
            </th>
            <th scope="col" className="num" title="False negatives, including confusions as another class">
              FN
            </th>
            {showAp && header('ap', 'AP', { title: 'COCO AP@[.5:.95] of the class (does not depend on the sliders)' })}
          </tr>
        )}
      </thead>
      <tbody>
        {lines.length === 0 && (
          <tr>
            <td colSpan={9} className={styles.empty}>
              No class matches the filter.
            </td>
          </tr>
        )}
        {lines.map((line) => {
          const isSelected = selected === line.className;
          return (
            <tr
              key={line.className}
              data-testid="report-row"
              data-class={line.className}
              className={`${isSelected ? styles.selected : ''} ${metricClass === line.className ? styles.metricClass : ''}`}
              aria-selected={selectable ? isSelected : undefined}
              tabIndex={selectable ? 0 : undefined}
              onClick={selectable ? () => onSelect(isSelected ? undefined : line.className) : undefined}
              onKeyDown={selectable ? (event) => onRowKey(event, line.className) : undefined}
            >
              <th scope="row" className={styles.classCell} title={line.className}>
                <span className={styles.swatch} style={{ background: colorOf(line.className) }} aria-hidden="true" />
                <span className={styles.className}>{line.className}</span>
              </th>
              {comparing && line.b ? (
                <>
                  <Metric row={line.a} metric="precision" />
                  <Metric row={line.b} metric="precision" strong />
                  <Metric row={line.a} metric="recall" />
                  <Metric row={line.b} metric="recall" strong />
                  <Metric row={line.a} metric="f1" />
                  <Metric row={line.b} metric="f1" strong />
                  <Delta value={line.deltaF1} />
                  <td className="num">{formatCount(line.a.support)}</td>
                </>
              ) : (
                <>
                  <Metric row={line.a} metric="precision" />
                  <Metric row={line.a} metric="recall" />
                  <Metric row={line.a} metric="f1" strong />
                  <td className="num">{formatCount(line.a.support)}</td>
                  <td className={`num ${styles.count}`}>{formatCount(line.a.counts?.truePositives ?? 0)}</td>
                  <td className={`num ${styles.count}`}>{formatCount(line.a.counts?.falsePositives ?? 0)}</td>
                  <td className={`num ${styles.count}`}>{formatCount(line.a.counts?.falseNegatives ?? 0)}</td>
                  {showAp && (
                    <td className="num" title={line.ap === null ? 'AP is undefined: the class has no labels in these frames' : undefined}>
                      {line.ap === null ? '—' : line.ap.toFixed(3)}
                    </td>
                  )}
                </>
              )}
            </tr>
          );
        })}
      </tbody>
      <tfoot>{averageRows}</tfoot>
    </table>
  );
}
