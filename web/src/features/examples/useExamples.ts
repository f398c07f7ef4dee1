import { useQuery } from '@tanstack/react-query';
import { examplesQuery, type DatasetRef } from '../../api/queries';
import type { ViewSearch } from '../../app/search';
import { exampleSource, orderingParams } from '../metrics/model/examples';
import type { MetricsData, Side } from '../metrics/useMetricsData';

/** Fills whole rows at 3, 4, 6, 9 and 12 tiles a row. */
export const EXAMPLES_PAGE_SIZE = 36;

/** The inference set whose examples are listed: A, or B when chosen in a comparison. */
export function examplesSide(view: ViewSearch, data: MetricsData): Side {
  return view.examplesOf === 'b' && data.b ? data.b : data.a;
}

/** The page of examples behind the selected cells or filter (disabled when nothing is selected). */
export function useExamples(datasetRef: DatasetRef, view: ViewSearch, data: MetricsData) {
  const source = exampleSource(view);
  const side = examplesSide(view, data);
  const { orderBy, descending } = orderingParams(view.ordering);
  const query = useQuery({
    ...examplesQuery(datasetRef, {
      inference: side.name,
      confidence: side.thresholds.confidence,
      iou: side.thresholds.iou,
      segment: view.segment,
      size: view.size,
      cells: source?.kind === 'cells' ? source.cells.map((c) => [c.gt, c.pred] as const) : undefined,
      filter: source?.kind === 'filter' ? source.filter.kind : undefined,
      filterClass: source?.kind === 'filter' && 'className' in source.filter ? source.filter.className : undefined,
      orderBy,
      descending,
      offset: view.page * EXAMPLES_PAGE_SIZE,
      limit: EXAMPLES_PAGE_SIZE,
    }),
    enabled: source !== null,
  });
  return { source, side, query };
}

/** One listed example as the client receives it (boxes arrive as plain arrays). */
export type ExampleRow = NonNullable<ReturnType<typeof useExamples>['query']['data']>['data'][number];
