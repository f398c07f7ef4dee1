import { useUpdateView } from '../../app/viewState';
import type { Ordering, ViewSearch } from '../../app/search';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SelectField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { Skeleton } from '../../components/Skeleton';
import {
  activeQuickView,
  applyQuickView,
  describeSource,
  ORDERING_OPTIONS,
  QUICK_VIEWS,
  type ExampleSource,
  type QuickView,
} from '../metrics/model/examples';
import { formatCount } from '../metrics/model/format';
import { SetBadge } from '../metrics/SetBadge';
import type { MetricsData, Side } from '../metrics/useMetricsData';
import { ExampleTile } from './ExampleTile';
import { EXAMPLES_PAGE_SIZE, type ExampleRow, type useExamples } from './useExamples';
import styles from './ExamplesPanel.module.css';

interface ExamplesPanelProps {
  readonly view: ViewSearch;
  readonly data: MetricsData;
  readonly source: ExampleSource | null;
  readonly side: Side;
  readonly query: ReturnType<typeof useExamples>['query'];
  readonly hasImages: boolean;
  readonly detection: boolean;
  readonly colorOf: (className: string) => string;
  readonly onOpen: (item: ExampleRow) => void;
}

function Pager({ page, total, onPage }: { readonly page: number; readonly total: number; readonly onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / EXAMPLES_PAGE_SIZE));
  if (total <= EXAMPLES_PAGE_SIZE) return null;
  const first = page * EXAMPLES_PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * EXAMPLES_PAGE_SIZE);
  return (
    <nav className={styles.pager} aria-label="Pages of examples" data-testid="examples-pager">
      <button type="button" className="btn" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <span className={`num ${styles.range}`}>
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)} · page {page + 1} of {formatCount(pages)}
      </span>
      <button type="button" className="btn" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </nav>
  );
}

/** The crops behind the selected cells or filter, ordered as chosen, a page at a time; a tile opens its frame. */
export function ExamplesPanel({ view, data, source, side, query, hasImages, detection, colorOf, onOpen }: ExamplesPanelProps) {
  const update = useUpdateView();
  const selection = { cells: view.cells, filter: view.filter, ordering: view.ordering };
  const active = activeQuickView(selection);
  const quick = (id: QuickView) =>
    update((v) => {
      const next = applyQuickView({ cells: v.cells, filter: v.filter, ordering: v.ordering }, id);
      const { filter: _f, ...rest } = v;
      return { ...rest, ...next, page: 0 };
    });
  const orderings = detection ? ORDERING_OPTIONS : ORDERING_OPTIONS.filter((o) => o.value.startsWith('confidence'));
  const response = query.data;
  const total = source ? response?.total : undefined;

  return (
    <section className={`card ${styles.panel}`} aria-labelledby="examples-title" data-testid="examples-panel">
      <header className={styles.header}>
        <div className={styles.title}>
          <h2 id="examples-title">Examples</h2>
          {source && <span className={styles.source}>{describeSource(source)}</span>}
          {total !== undefined && (
            <span className={`num ${styles.total}`} data-testid="examples-total" data-total={total}>
              {formatCount(total)} {total === 1 ? 'example' : 'examples'}
            </span>
          )}
          {query.isFetching && <span className={styles.updating}>Updating…</span>}
        </div>
        <div className={styles.controls}>
          <div className={styles.quick} role="group" aria-label="Quick views">
            {QUICK_VIEWS.map((q) => (
              <button
                key={q.id}
                type="button"
                className={`${styles.quickButton} ${active === q.id ? styles.quickActive : ''}`}
                aria-pressed={active === q.id}
                title={q.hint}
                onClick={() => quick(q.id)}
                data-testid={`quick-${q.id}`}
              >
                {q.label}
              </button>
            ))}
          </div>
          <SelectField
            label="Order by"
            size="m"
            testId="select-ordering"
            value={view.ordering}
            options={orderings}
            onChange={(ordering) => update((v) => ({ ...v, ordering: ordering as Ordering, page: 0 }))}
          />
          {data.b && (
            <div className={styles.sideChoice}>
              <span className={styles.sideLabel}>Examples of</span>
              <Segmented
                label="Examples of"
                testId="toggle-examples-of"
                value={view.examplesOf ?? 'a'}
                options={[
                  { value: 'a', label: `A · ${data.a.name}` },
                  { value: 'b', label: `B · ${data.b.name}` },
                ]}
                onChange={(side) =>
                  update((v) => {
                    const { examplesOf: _e, ...rest } = v;
                    return side === 'b' ? { ...rest, examplesOf: 'b', page: 0 } : { ...rest, page: 0 };
                  })
                }
              />
            </div>
          )}
        </div>
      </header>
      <div className={styles.legend} aria-hidden="true">
        <span>
          <svg width="22" height="10">
            <rect x="1" y="1" width="20" height="8" fill="none" stroke="#475569" strokeWidth="2" />
          </svg>
          label
        </span>
        <span>
          <svg width="22" height="10">
            <rect x="1" y="1" width="20" height="8" fill="none" stroke="#475569" strokeWidth="2" strokeDasharray="5 3" />
          </svg>
          prediction
        </span>
        <span>in class colours{data.b ? ' · ' : ''}</span>
        {data.b && <SetBadge side={view.examplesOf === 'b' ? 'b' : 'a'} name={side.name} />}
      </div>
      {source === null ? (
        <div className={styles.empty} data-testid="examples-empty">
          <p>
            <strong>Pick what to look at.</strong> Click a cell of the confusion matrix (shift-click adds more), choose FN, FP,
            Confused as or Confused from, or start with a quick view above: high confidence disagreements surface missing and
            wrong labels first.
          </p>
        </div>
      ) : query.isError && !response ? (
        <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
      ) : !response ? (
        <div className={styles.grid} role="status" aria-label="Loading examples">
          {Array.from({ length: 12 }, (_, i) => (
            <Skeleton key={i} height={196} radius={6} />
          ))}
        </div>
      ) : response.total === 0 ? (
        <div className={styles.empty} data-testid="examples-none">
          <p>
            No examples here at these thresholds: the selected {source.kind === 'cells' && source.cells.length === 1 ? 'cell is' : 'cells are'} empty.
          </p>
        </div>
      ) : response.data.length === 0 ? (
        <div className={styles.empty} data-testid="examples-past-end">
          <p>
            This page is past the last of the {formatCount(response.total)} examples.{' '}
            <button type="button" className="btn" onClick={() => update((v) => ({ ...v, page: 0 }))}>
              First page
            </button>
          </p>
        </div>
      ) : (
        <>
          {query.isError && <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />}
          <ul className={`${styles.grid} ${query.isPlaceholderData ? styles.stale : ''}`} data-testid="examples-grid">
            {response.data.map((item) => (
              <li key={`${item.frame_id}|${item.label_id ?? ''}|${item.prediction_id ?? ''}`}>
                <ExampleTile item={item} colorOf={colorOf} hasImages={hasImages} onOpen={onOpen} />
              </li>
            ))}
          </ul>
          <Pager page={view.page} total={response.total} onPage={(page) => update((v) => ({ ...v, page }))} />
        </>
      )}
    </section>
  );
}
