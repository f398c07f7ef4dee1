import { useMemo } from 'react';
import type { DatasetRef } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import { swapInferenceSets, type ViewSearch } from '../../app/search';
import { Segmented } from '../../components/Segmented';
import { ConfusionFilters } from './ConfusionFilters';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Downloads } from './Downloads';
import { buildDeltaMatrix, buildMatrix } from './model/confusion';
import { sameCell, toggleCell } from './model/examples';
import { highlightMask } from './model/highlight';
import { SetBadge } from './SetBadge';
import type { MetricsData } from './useMetricsData';
import styles from './Panel.module.css';
import local from './ConfusionPanel.module.css';

interface ConfusionPanelProps {
  readonly datasetRef: DatasetRef;
  readonly view: ViewSearch;
  readonly data: MetricsData;
}

/** The value and colour toggles the seed describes. */
export function MatrixToggles({ view }: { readonly view: ViewSearch }) {
  const update = useUpdateView();
  return (
    <>
      <Segmented
        label="Cell values"
        testId="toggle-values"
        value={view.values}
        options={[
          { value: 'absolute', label: 'Absolute' },
          { value: 'percentage', label: 'Percentage' },
        ]}
        onChange={(values) => update((v) => ({ ...v, values }))}
      />
      <Segmented
        label="Denominator"
        testId="toggle-normalize"
        value={view.normalize}
        options={[
          { value: 'row', label: 'Row' },
          { value: 'column', label: 'Column' },
          { value: 'value', label: 'Value' },
        ]}
        onChange={(normalize) => update((v) => ({ ...v, normalize }))}
      />
    </>
  );
}

/** "B − A" with both names, and the swap that makes the other set the baseline. */
export function CompareCaption({ a, b }: { readonly a: string; readonly b: string }) {
  const update = useUpdateView();
  return (
    <span className={local.caption} data-testid="compare-caption">
      <span className={local.delta}>Δ =</span>
      <SetBadge side="b" name={b} />
      <span className={local.minus}>−</span>
      <SetBadge side="a" name={a} />
      <button
        type="button"
        className="btn btn-quiet"
        onClick={() => update((v) => swapInferenceSets(v))}
        title="Make B the baseline: swaps the sets and their thresholds"
        data-testid="swap-sets"
      >
        ⇄ Swap
      </button>
    </span>
  );
}

/** 25 classes or fewer: the matrix (or the delta matrix of two sets) with toggles, filters and downloads. */
export function ConfusionPanel({ datasetRef, view, data }: ConfusionPanelProps) {
  const update = useUpdateView();
  const { a, b, classes } = data;
  const options = useMemo(() => ({ values: view.values, normalize: view.normalize }), [view.values, view.normalize]);
  const model = useMemo(() => {
    if (!a.dense) return null;
    return b?.dense ? buildDeltaMatrix(a.dense, b.dense, options) : buildMatrix(a.dense, options);
  }, [a.dense, b, options]);
  const mask = useMemo(() => {
    try {
      return highlightMask(view.filter ?? null, classes);
    } catch {
      // A link naming a class this project lacks: no highlight rather than a broken panel.
      return undefined;
    }
  }, [view.filter, classes]);
  if (!model) return null;
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="matrix-title" data-testid="confusion-panel">
      <header className={styles.header}>
        <h2 id="matrix-title">Confusion matrix</h2>
        {b && <CompareCaption a={a.name} b={b.name} />}
        <div className={styles.tools}>
          <MatrixToggles view={view} />
          <Downloads datasetRef={datasetRef} table="confusion" sides={b ? [a, b] : [a]} segment={view.segment} size={view.size} />
        </div>
      </header>
      <div className={local.filterRow}>
        <ConfusionFilters view={view} classes={classes} />
        <span className={local.hint}>
          {b ? (
            <>
              <span className={local.swatch} style={{ background: 'rgb(29, 78, 216)' }} /> better
              <span className={local.swatch} style={{ background: 'rgb(185, 28, 28)' }} /> worse
              <span className={local.sep}>·</span>
            </>
          ) : null}
          Click a cell for its examples; shift-click adds cells
        </span>
      </div>
      <ConfusionMatrix
        model={model}
        highlight={mask}
        isSelected={(gt, pred) => view.cells.some((c) => sameCell(c, { gt, pred }))}
        onCellClick={(gt, pred, add) =>
          update((v) => {
            const { filter: _f, ...rest } = v;
            return { ...rest, cells: toggleCell(v.cells, { gt, pred }, add), page: 0 };
          })
        }
      />
    </section>
  );
}
