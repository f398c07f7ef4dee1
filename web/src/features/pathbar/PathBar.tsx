import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { SelectField, type Option } from '../../components/Field';
import { useUpdateView } from '../../app/viewState';
import { resetSelection, swapInferenceSets } from '../../app/search';
import type { Selection } from '../../app/useSelection';
import styles from './PathBar.module.css';

const SEGMENT_GROUPS = { split: 'Splits', regression_test: 'Regression tests', scenario: 'Scenarios' } as const;
const ALL_FRAMES = '';
const NO_COMPARISON = '';

function Separator() {
  return (
    <span className={styles.separator} aria-hidden="true">
      /
    </span>
  );
}

/** A list's failure, in place of its selector's options. */
function ListError({ query }: { readonly query: UseQueryResult }) {
  if (!query.isError) return null;
  return <ErrorPanel compact error={query.error} onRetry={() => void query.refetch()} />;
}

/**
 * Project / dataset / inference set(s) / segment. Every choice is written to
 * the URL; changing an upper level clears what depended on it.
 */
export function PathBar({ selection }: { readonly selection: Selection }) {
  const update = useUpdateView();
  const { view, projects, datasets, inferenceSets, segments } = selection;

  const projectOptions: Option[] = (projects.data?.data ?? []).map((p) => ({
    value: p.name,
    label: p.name,
    hint: `${p.task}, ${p.classes.length} classes`,
  }));
  const datasetOptions: Option[] = (datasets.data?.data ?? []).map((d) => ({
    value: d.name,
    label: d.name,
    hint: `${d.frame_count.toLocaleString('en-US')} frames, ${d.label_count.toLocaleString('en-US')} labels`,
  }));
  const inferenceOptions: Option[] = (inferenceSets.data?.data ?? []).map((i) => ({
    value: i.name,
    label: i.name,
    hint: `${i.prediction_count.toLocaleString('en-US')} predictions`,
  }));
  const compareOptions: Option[] = [
    { value: NO_COMPARISON, label: 'None' },
    ...inferenceOptions.filter((o) => o.value !== view.inference),
  ];
  const segmentOptions: Option[] = [
    { value: ALL_FRAMES, label: 'All Frames' },
    ...(Object.keys(SEGMENT_GROUPS) as (keyof typeof SEGMENT_GROUPS)[]).flatMap((kind) =>
      (segments.data?.data ?? [])
        .filter((s) => s.kind === kind)
        .map((s) => ({
          value: s.name,
          label: s.name,
          group: SEGMENT_GROUPS[kind],
          hint: `${s.frame_count.toLocaleString('en-US')} frames`,
        })),
    ),
  ];
  const hasDataset = view.project !== undefined && view.dataset !== undefined;

  return (
    <nav className={styles.bar} aria-label="Project path">
      <div className={styles.group}>
        <SelectField
          label="Project"
          testId="select-project"
          value={view.project}
          options={projectOptions}
          loading={projects.isPending}
          disabled={projects.isError}
          onChange={(project) => update((v) => ({ ...resetSelection(v, 'project'), project }))}
        />
        <ListError query={projects} />
      </div>
      <Separator />
      <div className={styles.group}>
        <SelectField
          label="Dataset"
          testId="select-dataset"
          value={view.dataset}
          options={datasetOptions}
          loading={view.project !== undefined && datasets.isPending}
          disabled={view.project === undefined || datasets.isError}
          onChange={(dataset) => update((v) => ({ ...resetSelection(v, 'dataset'), dataset }))}
        />
        <ListError query={datasets} />
      </div>
      <Separator />
      <div className={styles.group}>
        <SelectField
          label={view.compare ? 'Inference set A' : 'Inference set'}
          testId="select-inference"
          value={view.inference}
          options={inferenceOptions}
          loading={hasDataset && inferenceSets.isPending}
          disabled={!hasDataset || inferenceSets.isError}
          onChange={(inference) =>
            update((v) => ({
              ...resetSelection(v, 'inference'),
              inference,
              ...(v.compare === inference ? { compare: undefined } : {}),
            }))
          }
        />
        <button
          type="button"
          className={`btn btn-icon ${styles.swap}`}
          onClick={() => update((v) => swapInferenceSets(v))}
          disabled={!view.compare}
          aria-label="Swap inference sets A and B"
          title="Swap A and B: the comparison is B minus A"
          data-testid="swap-inference"
        >
          ⇄
        </button>
        <SelectField
          label="Compare with (B)"
          testId="select-compare"
          value={view.compare ?? NO_COMPARISON}
          options={compareOptions}
          loading={hasDataset && inferenceSets.isPending}
          disabled={!hasDataset || inferenceSets.isError || inferenceOptions.length < 2}
          onChange={(compare) =>
            update((v) => {
              const next = resetSelection(v, 'inference');
              if (compare !== NO_COMPARISON) return { ...next, compare };
              const { compare: _compare, confidenceB: _c, iouB: _i, ...rest } = next;
              return rest;
            })
          }
        />
        <ListError query={inferenceSets} />
      </div>
      <Separator />
      <div className={styles.group}>
        <SelectField
          label="Segment"
          testId="select-segment"
          value={view.segment ?? ALL_FRAMES}
          options={segmentOptions}
          loading={hasDataset && segments.isPending}
          disabled={!hasDataset || segments.isError}
          onChange={(segment) =>
            update((v) => {
              const { segment: _segment, ...rest } = { ...v, cells: [], page: 0 };
              return segment === ALL_FRAMES ? rest : { ...rest, segment };
            })
          }
        />
        <ListError query={segments} />
      </div>
    </nav>
  );
}
