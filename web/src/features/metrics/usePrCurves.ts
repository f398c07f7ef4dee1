import { useQuery } from '@tanstack/react-query';
import { segmentTargets } from '../../api/adapters';
import { prCurvesQuery, type DatasetRef } from '../../api/queries';
import type { MetricsData } from './useMetricsData';

/** The PR sweeps of the shown sets (each at its own IoU) and the segment's target thresholds. */
export function usePrCurves(datasetRef: DatasetRef, data: MetricsData, segment: string | undefined) {
  const { a, b } = data;
  const size = data.size ?? undefined;
  const queryA = useQuery(prCurvesQuery(datasetRef, { inference: a.name, iou: a.thresholds.iou, segment, size }));
  const queryB = useQuery({
    ...prCurvesQuery(datasetRef, { inference: b?.name ?? '', iou: b?.thresholds.iou ?? 0, segment, size }),
    enabled: b !== null,
  });
  const responseA = queryA.data;
  const responseB = b ? queryB.data : undefined;
  const failed = queryA.isError ? queryA : b && queryB.isError ? queryB : null;
  const ready = responseA !== undefined && (b === null || responseB !== undefined);
  const targets = responseA ? segmentTargets(responseA.thresholds, segment) : null;
  return { responseA, responseB, failed, ready, targets };
}
