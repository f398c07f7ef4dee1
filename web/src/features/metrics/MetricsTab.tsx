import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { cocoQuery, type DatasetRef } from '../../api/queries';
import { useUpdateView } from '../../app/viewState';
import type { ViewSearch } from '../../app/search';
import type { Selection } from '../../app/useSelection';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PanelSkeleton } from '../../components/Skeleton';
import { ExamplesPanel } from '../examples/ExamplesPanel';
import { useExamples, type ExampleRow } from '../examples/useExamples';
import { classColorLookup } from '../grid/colors';
import { FrameViewer } from '../grid/FrameViewer';
import { CocoCard } from './CocoCard';
import { ConfusionPanel } from './ConfusionPanel';
import { ConfusionTablePanel } from './ConfusionTablePanel';
import { MetricsToolbar } from './MetricsToolbar';
import { isManyClass } from './model/manyClass';
import { PrCurvesPanel } from './PrCurvesPanel';
import { ReportPanel } from './ReportPanel';
import { SummaryRow } from './SummaryRow';
import { SweepPanel } from './SweepPanel';
import { useMetricsData, type MetricsData } from './useMetricsData';
import styles from './MetricsTab.module.css';

/** Height of the many-class tables, side by side. */
const TABLE_HEIGHT = 560;

function useCoco(datasetRef: DatasetRef, view: ViewSearch, enabled: boolean) {
  const a = useQuery({ ...cocoQuery(datasetRef, { inference: view.inference ?? '', segment: view.segment }), enabled });
  const b = useQuery({
    ...cocoQuery(datasetRef, { inference: view.compare ?? '', segment: view.segment }),
    enabled: enabled && view.compare !== undefined,
  });
  return { a, b: view.compare !== undefined ? b : null };
}

interface BodyProps {
  readonly datasetRef: DatasetRef;
  readonly view: ViewSearch;
  readonly data: MetricsData;
  readonly detection: boolean;
  readonly hasImages: boolean;
  readonly colorOf: (className: string) => string;
}

function Body({ datasetRef, view, data, detection, hasImages, colorOf }: BodyProps) {
  const update = useUpdateView();
  const coco = useCoco(datasetRef, view, detection);
  const ap = coco.a.data?.per_class_ap ?? null;
  const many = isManyClass(data.classes);
  const examples = useExamples(datasetRef, view, data);
  // The boxes of the example that opened the frame viewer are drawn heavier there.
  const [opened, setOpened] = useState<ReadonlySet<string> | undefined>(undefined);
  const open = useCallback(
    (item: ExampleRow) => {
      setOpened(new Set([item.label_id, item.prediction_id].filter((id): id is string => id !== null)));
      update((v) => ({ ...v, frame: item.frame_id }));
    },
    [update],
  );
  const neighbours = useMemo(
    () => [...new Set((examples.query.data?.data ?? []).map((item) => item.frame_id))],
    [examples.query.data],
  );
  // Beside a short report the charts shrink so the two columns end together.
  const chartHeight = many ? 340 : 'fill';
  const minHeight = data.classes.length <= 12 ? 200 : 280;
  const curves = (
    <PrCurvesPanel datasetRef={datasetRef} data={data} segment={view.segment} detection={detection} classColor={colorOf} height={chartHeight} minHeight={minHeight} />
  );
  const sweep = <SweepPanel datasetRef={datasetRef} data={data} segment={view.segment} height={chartHeight} minHeight={minHeight} />;

  return (
    <>
      {detection && <CocoCard a={coco.a} b={coco.b} />}
      {many ? (
        <>
          <div className={styles.pair}>
            <ReportPanel datasetRef={datasetRef} view={view} data={data} ap={ap} classColor={colorOf} selectable maxHeight={TABLE_HEIGHT} />
            <ConfusionTablePanel datasetRef={datasetRef} view={view} data={data} maxHeight={TABLE_HEIGHT - 38} />
          </div>
          <div className={styles.pair}>
            {curves}
            {sweep}
          </div>
        </>
      ) : (
        <>
          <div className={styles.overview}>
            <ReportPanel datasetRef={datasetRef} view={view} data={data} ap={ap} classColor={colorOf} selectable={false} />
            <div className={styles.stack}>
              {curves}
              {sweep}
            </div>
          </div>
          <ConfusionPanel datasetRef={datasetRef} view={view} data={data} />
        </>
      )}
      <ExamplesPanel
        view={view}
        data={data}
        source={examples.source}
        side={examples.side}
        query={examples.query}
        hasImages={hasImages}
        detection={detection}
        colorOf={colorOf}
        onOpen={open}
      />
      {view.frame && (
        <FrameViewer
          dataset={datasetRef}
          frameId={view.frame}
          inference={examples.side.name}
          thresholds={examples.side.thresholds}
          colorOf={colorOf}
          detection={detection}
          neighbours={neighbours}
          {...(opened ? { highlight: opened } : {})}
          onNavigate={(frame) => {
            setOpened(undefined);
            update((v) => ({ ...v, frame }), { replace: true });
          }}
          onClose={() => {
            setOpened(undefined);
            update((v) => {
              const { frame: _f, ...rest } = v;
              return rest;
            });
          }}
        />
      )}
    </>
  );
}

/**
 * The Metrics tab: sliders, summary, classification report, COCO mAP, PR
 * curves, the confusion matrix (or, above 25 classes, the two tables) and the
 * examples behind any cell; two inference sets are compared cell by cell.
 */
export function MetricsTab({ selection }: { readonly selection: Selection }) {
  const { view, ref, project, dataset, thresholds, segment } = selection;
  const { query, data } = useMetricsData(selection);
  const colorOf = useMemo(() => classColorLookup(project), [project]);
  if (!project || !thresholds || !ref || !view.inference) return null;
  const detection = project.task === 'detection';
  const classes = project.classes.map((c) => c.name);
  const targets = segment ? { precision: segment.precision, recall: segment.recall, f1: segment.f1 } : null;

  return (
    <div className={styles.tab}>
      <MetricsToolbar view={view} classes={classes} detection={detection} thresholds={thresholds} updating={query.isFetching && data !== null} />
      {query.isError && !data && <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />}
      {!query.isError && !data && <PanelSkeleton label="Computing metrics" />}
      {data && (
        <>
          {query.isError && (
            <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
          )}
          <SummaryRow data={data} targets={targets} />
          <Body datasetRef={ref} view={view} data={data} detection={detection} hasImages={dataset?.has_images ?? false} colorOf={colorOf} />
        </>
      )}
    </div>
  );
}
