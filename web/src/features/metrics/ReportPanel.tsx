import { useMemo } from 'react';
import type { DatasetRef } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import type { ViewSearch } from '../../app/search';
import { Downloads } from './Downloads';
import { reportLines } from './model/report';
import { ReportTable } from './ReportTable';
import { SearchInput } from './SearchInput';
import type { MetricsData } from './useMetricsData';
import styles from './Panel.module.css';

interface ReportPanelProps {
  readonly datasetRef: DatasetRef;
  readonly view: ViewSearch;
  readonly data: MetricsData;
  readonly ap: Readonly<Record<string, number | null>> | null;
  readonly classColor: (className: string) => string;
  /** Many-class layout: filterable rows that select a class for the confusion table. */
  readonly selectable: boolean;
  readonly maxHeight?: number;
}

/** The classification report with its CSV download; filterable and selectable in the many-class layout. */
export function ReportPanel({ datasetRef, view, data, ap, classColor, selectable, maxHeight }: ReportPanelProps) {
  const update = useUpdateView();
  const { a, b } = data;
  const lines = useMemo(
    () => reportLines(a.rows, b?.rows ?? null, { query: selectable ? view.reportQuery : undefined, sort: view.reportSort, ap }),
    [a.rows, b, selectable, view.reportQuery, view.reportSort, ap],
  );
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="report-title" data-testid="report-panel">
      <header className={styles.header}>
        <h2 id="report-title">Classification report</h2>
        <span className={styles.subtle}>{data.classes.length} classes</span>
        <div className={styles.tools}>
          {selectable && (
            <SearchInput
              label="Filter classes"
              value={view.reportQuery ?? ''}
              testId="report-filter"
              onChange={(text) =>
                update(
                  (v) => {
                    const { reportQuery: _q, ...rest } = v;
                    return text ? { ...rest, reportQuery: text } : rest;
                  },
                  { replace: true },
                )
              }
            />
          )}
          <Downloads datasetRef={datasetRef} table="report" sides={b ? [a, b] : [a]} segment={view.segment} size={view.size} />
        </div>
      </header>
      {selectable && (
        <p className={styles.subtle} style={{ marginBottom: 6 }}>
          Select a class to see only its rows of the confusion table.
        </p>
      )}
      <div className={styles.scroll} style={maxHeight ? { maxHeight } : undefined}>
        <ReportTable
          lines={lines}
          comparing={b !== null}
          averagesA={a.averages}
          averagesB={b?.averages ?? null}
          showAp={ap !== null && b === null}
          colorOf={classColor}
          sort={view.reportSort}
          onSort={(reportSort) => update((v) => ({ ...v, reportSort }), { replace: true })}
          metricClass={data.metricClass}
          selected={selectable ? view.reportClass : undefined}
          onSelect={
            selectable
              ? (reportClass) =>
                  update((v) => {
                    const { reportClass: _r, ...rest } = v;
                    return reportClass === undefined ? rest : { ...rest, reportClass };
                  })
              : undefined
          }
        />
      </div>
    </section>
  );
}
