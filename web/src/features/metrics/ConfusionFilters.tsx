import { useUpdateView } from '../../app/viewState';
import type { ViewSearch } from '../../app/search';
import type { ConfusionFilter } from './model/types';
import styles from './ConfusionFilters.module.css';

interface ConfusionFiltersProps {
  readonly view: ViewSearch;
  readonly classes: readonly string[];
}

const NONE = '';

/** Sets a filter (or none), replacing any clicked cells: the examples list follows. */
export function useSetFilter(): (filter: ConfusionFilter | undefined) => void {
  const update = useUpdateView();
  return (filter) =>
    update((v) => {
      const { filter: _f, ...rest } = v;
      return filter ? { ...rest, filter, cells: [], page: 0 } : { ...rest, cells: [], page: 0 };
    });
}

/** FN, FP, Confused As (class), Confused From (class): highlight their cells and list their examples. */
export function ConfusionFilters({ view, classes }: ConfusionFiltersProps) {
  const setFilter = useSetFilter();
  const filter = view.filter;
  const toggle = (kind: 'fn' | 'fp') => setFilter(filter?.kind === kind ? undefined : { kind });
  const classOf = (kind: 'confused_as' | 'confused_from') => (filter?.kind === kind ? filter.className : NONE);
  const choose = (kind: 'confused_as' | 'confused_from', className: string) =>
    setFilter(className === NONE ? undefined : { kind, className });
  const anything = filter !== undefined || view.cells.length > 0;

  const select = (kind: 'confused_as' | 'confused_from', label: string) => {
    const value = classOf(kind);
    return (
      <label className={`${styles.chip} ${styles.selectChip} ${value ? styles.active : ''}`}>
        <span className={styles.chipLabel}>{label}</span>
        <select
          aria-label={label}
          value={value}
          onChange={(event) => choose(kind, event.target.value)}
          data-testid={`filter-${kind.replace('_', '-')}`}
        >
          <option value={NONE}>any class…</option>
          {classes.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    );
  };

  return (
    <div className={styles.filters} role="group" aria-label="Filter cells">
      <button
        type="button"
        className={`${styles.chip} ${filter?.kind === 'fn' ? styles.active : ''}`}
        aria-pressed={filter?.kind === 'fn'}
        onClick={() => toggle('fn')}
        title="False negatives: labels nothing matched (the background column)"
        data-testid="filter-fn"
      >
        FN
      </button>
      <button
        type="button"
        className={`${styles.chip} ${filter?.kind === 'fp' ? styles.active : ''}`}
        aria-pressed={filter?.kind === 'fp'}
        onClick={() => toggle('fp')}
        title="False positives: predictions that match no label (the background row)"
        data-testid="filter-fp"
      >
        FP
      </button>
      {select('confused_as', 'Confused as')}
      {select('confused_from', 'Confused from')}
      {anything && (
        <button type="button" className="btn btn-quiet" onClick={() => setFilter(undefined)} data-testid="filter-clear">
          Clear selection
        </button>
      )}
    </div>
  );
}
