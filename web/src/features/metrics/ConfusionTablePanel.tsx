import { useMemo, type KeyboardEvent } from 'react';
import type { DatasetRef } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import type { ViewSearch } from '../../app/search';
import { Segmented } from '../../components/Segmented';
import { ConfusionFilters } from './ConfusionFilters';
import { CompareCaption } from './ConfusionPanel';
import { Downloads } from './Downloads';
import { deltaHover } from './model/confusion';
import { sameCell, toggleCell } from './model/examples';
import { formatCount, formatPercent, formatSignedCount } from './model/format';
import { confusionTable, deltaTable } from './model/manyClass';
import { BACKGROUND } from './model/types';
import { SearchInput } from './SearchInput';
import { SetBadge } from './SetBadge';
import type { MetricsData } from './useMetricsData';
import styles from './Panel.module.css';
import local from './ConfusionTablePanel.module.css';

/** Rendering thousands of rows helps nobody; the filters narrow them down. */
const ROW_LIMIT = 400;

interface ConfusionTablePanelProps {
  readonly datasetRef: DatasetRef;
  readonly view: ViewSearch;
  readonly data: MetricsData;
  readonly maxHeight: number;
}

function ClassName({ name }: { readonly name: string }) {
  return name === BACKGROUND ? <span className={local.background}>background</span> : <>{name}</>;
}

/** More than 25 classes: the nonzero cells as rows, largest first (or by change), filterable; a row lists its examples. */
export function ConfusionTablePanel({ datasetRef, view, data, maxHeight }: ConfusionTablePanelProps) {
  const update = useUpdateView();
  const { a, b, classes } = data;
  const options = useMemo(
    () => ({ reportClass: view.reportClass ?? null, filter: view.filter ?? null, query: view.confusionQuery ?? '', normalize: view.normalize }),
    [view.reportClass, view.filter, view.confusionQuery, view.normalize],
  );
  const sortBy = view.confusionSort ?? 'delta';
  const single = useMemo(() => (b ? null : confusionTable(a.entries, classes, options)), [a.entries, b, classes, options]);
  const compared = useMemo(
    () => (b ? deltaTable(a.entries, b.entries, classes, { ...options, sortBy }) : null),
    [a.entries, b, classes, options, sortBy],
  );
  const total = single?.length ?? compared?.length ?? 0;
  const isSelected = (gt: string, pred: string) => view.cells.some((c) => sameCell(c, { gt, pred }));
  const select = (gt: string, pred: string, add: boolean) =>
    update((v) => {
      const { filter: _f, ...rest } = v;
      return { ...rest, cells: toggleCell(v.cells, { gt, pred }, add), page: 0 };
    });
  const rowProps = (gt: string, pred: string, kind: string) => ({
    'data-testid': 'confusion-row',
    'data-gt': gt,
    'data-pred': pred,
    'data-kind': kind,
    'aria-selected': isSelected(gt, pred),
    tabIndex: 0,
    className: isSelected(gt, pred) ? local.selected : undefined,
    onClick: (event: React.MouseEvent) => select(gt, pred, event.shiftKey || event.ctrlKey || event.metaKey),
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      select(gt, pred, event.shiftKey);
    },
  });
  const sortHeader = (key: 'count' | 'delta', label: React.ReactNode) => (
    <th scope="col" className={`num ${local.sortable}`} aria-sort={sortBy === key ? 'descending' : undefined}>
      <button type="button" onClick={() => update((v) => ({ ...v, confusionSort: key }), { replace: true })} title={key === 'delta' ? 'Largest changes first' : 'Largest counts first'}>
        {label}
        <span aria-hidden="true" className={local.arrow}>
          {sortBy === key ? '↓' : ''}
        </span>
      </button>
    </th>
  );

  return (
    <section className={`card ${styles.panel}`} aria-labelledby="confusion-table-title" data-testid="confusion-table-panel">
      <header className={styles.header}>
        <h2 id="confusion-table-title">Confusion table</h2>
        {b && <CompareCaption a={a.name} b={b.name} />}
        <div className={styles.tools}>
          {b && (
            <Segmented
              label="Order rows by"
              testId="toggle-confusion-sort"
              value={sortBy}
              options={[
                { value: 'delta', label: 'Largest change' },
                { value: 'count', label: 'Largest count' },
              ]}
              onChange={(confusionSort) => update((v) => ({ ...v, confusionSort }), { replace: true })}
            />
          )}
          {!b && (
            <Segmented
              label="Share of"
              testId="toggle-normalize"
              value={view.normalize}
              options={[
                { value: 'row', label: 'Row' },
                { value: 'column', label: 'Column' },
                { value: 'value', label: 'Value' },
              ]}
              onChange={(normalize) => update((v) => ({ ...v, normalize }))}
            />
          )}
          <Downloads datasetRef={datasetRef} table="confusion" sides={b ? [a, b] : [a]} segment={view.segment} size={view.size} />
        </div>
      </header>
      <div className={local.controls}>
        <SearchInput
          label="Filter by class"
          value={view.confusionQuery ?? ''}
          testId="confusion-filter"
          onChange={(text) =>
            update(
              (v) => {
                const { confusionQuery: _q, ...rest } = v;
                return text ? { ...rest, confusionQuery: text } : rest;
              },
              { replace: true },
            )
          }
        />
        <ConfusionFilters view={view} classes={classes} />
      </div>
      {view.reportClass && (
        <p className={local.scope} data-testid="report-class-scope">
          Rows where the ground truth or the prediction is <strong>{view.reportClass}</strong>
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() =>
              update((v) => {
                const { reportClass: _r, ...rest } = v;
                return rest;
              })
            }
          >
            Show all
          </button>
        </p>
      )}
      <div className={styles.scroll} style={{ maxHeight }}>
        <table className={local.table} data-testid="confusion-table">
          <thead>
            <tr>
              <th scope="col">Ground truth</th>
              <th scope="col">Prediction</th>
              {b ? (
                <>
                  {sortHeader('count', <SetBadge side="a" />)}
                  {sortHeader('count', <SetBadge side="b" />)}
                  {sortHeader('delta', 'Δ B − A')}
                </>
              ) : (
                <>
                  <th scope="col" className="num">
                    Count
                  </th>
                  <th scope="col" className="num" title={`Share of the ${view.normalize === 'value' ? 'whole matrix' : view.normalize}`}>
                    Share of {view.normalize === 'value' ? 'all' : view.normalize}
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {total === 0 && (
              <tr>
                <td colSpan={5} className={local.empty}>
                  No cell matches these filters.
                </td>
              </tr>
            )}
            {single?.slice(0, ROW_LIMIT).map((row) => (
              <tr key={row.key} {...rowProps(row.gt, row.pred, row.kind)}>
                <td>
                  <ClassName name={row.gt} />
                </td>
                <td>
                  <ClassName name={row.pred} />
                </td>
                <td className="num" data-testid="confusion-count">
                  {formatCount(row.count)}
                </td>
                <td className="num" title={`${row.pred} - ${row.gt} ${formatCount(row.count)} (${formatPercent(row.share)} of ${view.normalize === 'value' ? 'all' : `the ${view.normalize === 'row' ? row.gt : row.pred} ${view.normalize}`})`}>
                  <span className={local.bar} style={{ width: `${Math.round((row.share ?? 0) * 48)}px` }} aria-hidden="true" />
                  {formatPercent(row.share)}
                </td>
              </tr>
            ))}
            {compared?.slice(0, ROW_LIMIT).map((row) => (
              <tr key={row.key} {...rowProps(row.gt, row.pred, row.kind)} data-delta={row.delta} data-tone={row.tone}>
                <td>
                  <ClassName name={row.gt} />
                </td>
                <td>
                  <ClassName name={row.pred} />
                </td>
                <td className="num">{formatCount(row.countA)}</td>
                <td className="num">{formatCount(row.countB)}</td>
                <td className={`num ${local[row.tone]}`} title={deltaHover(row.gt, row.pred, row.countA, row.countB)}>
                  {row.delta === 0 ? '0' : formatSignedCount(row.delta)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={local.footer}>
        {total > ROW_LIMIT ? `The first ${ROW_LIMIT} of ${formatCount(total)} rows; filter to narrow them down.` : `${formatCount(total)} ${total === 1 ? 'row' : 'rows'}`}
      </p>
    </section>
  );
}
