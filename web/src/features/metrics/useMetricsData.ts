// The Metrics tab's server state in one shape, whether one inference set is
// shown or two are compared: summaries, reports and confusion counts per side.

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { compareDense, compareEntries, confusionEntries, denseConfusion, reportRows } from '../../api/adapters';
import { compareQuery, metricsQuery, type MetricsResponse, type Thresholds, type ObjectSize } from '../../api/queries';
import type { Selection } from '../../app/useSelection';
import type { ReportRow } from './model/manyClass';
import type { SummaryValues } from './model/summary';
import type { ConfusionData, ConfusionEntry } from './model/types';

type Report = MetricsResponse['report'];
export type Averages = Pick<Report, 'weighted' | 'macro' | 'micro'>;

export interface Side {
  readonly name: string;
  readonly thresholds: Thresholds;
  readonly summary: SummaryValues;
  readonly rows: readonly ReportRow[];
  readonly averages: Averages;
  /** Dense matrix (25 classes or fewer), else null. */
  readonly dense: ConfusionData | null;
  readonly entries: readonly ConfusionEntry[];
}

export interface MetricsData {
  readonly classes: readonly string[];
  readonly metricClass: string | null;
  readonly a: Side;
  /** The second inference set when two are compared. */
  readonly b: Side | null;
  /** The object size the numbers are restricted to (detection); null: every size. */
  readonly size: ObjectSize | null;
}

export interface MetricsState {
  /** The query that feeds the view (single metrics, or the comparison). */
  readonly query: UseQueryResult<unknown>;
  readonly data: MetricsData | null;
}

function averages(report: Report): Averages {
  return { weighted: report.weighted, macro: report.macro, micro: report.micro };
}

export function useMetricsData(selection: Selection): MetricsState {
  const { view, ref, thresholds } = selection;
  const refOrBlank = ref ?? { project: '', dataset: '' };
  const a = thresholds?.a ?? { confidence: 0, iou: 0 };
  const b = thresholds?.b ?? a;
  const comparing = view.compare !== undefined;
  const ready = ref !== null && thresholds !== null && view.inference !== undefined;

  const single = useQuery({
    ...metricsQuery(refOrBlank, {
      inference: view.inference ?? '',
      confidence: a.confidence,
      iou: a.iou,
      segment: view.segment,
      metricClass: view.metricClass,
      size: view.size,
    }),
    enabled: ready && !comparing,
  });
  const compared = useQuery({
    ...compareQuery(refOrBlank, {
      first: view.inference ?? '',
      second: view.compare ?? '',
      firstThresholds: a,
      secondThresholds: b,
      segment: view.segment,
      metricClass: view.metricClass,
      size: view.size,
    }),
    enabled: ready && comparing,
  });

  if (comparing) {
    const response = compared.data;
    // A placeholder from another pair of sets (after a swap) must not be shown under the new names.
    const matches = response && response.first.settings.inference_set === view.inference && response.second.settings.inference_set === view.compare;
    if (!response || !matches) return { query: compared, data: null };
    const dense = compareDense(response);
    const entries = compareEntries(response);
    const side = (which: 'first' | 'second', t: Thresholds): Side => ({
      name: response[which].settings.inference_set,
      thresholds: t,
      summary: response[which].summary,
      rows: reportRows(response[which].report),
      averages: averages(response[which].report),
      dense: dense ? (which === 'first' ? dense.a : dense.b) : null,
      entries: which === 'first' ? entries.a : entries.b,
    });
    return {
      query: compared,
      data: {
        classes: response.classes,
        metricClass: response.first.settings.metric_class,
        size: response.first.settings.size ?? null,
        a: side('first', { confidence: response.first.settings.confidence, iou: response.first.settings.iou ?? a.iou }),
        b: side('second', { confidence: response.second.settings.confidence, iou: response.second.settings.iou ?? b.iou }),
      },
    };
  }
  const response = single.data;
  if (!response || response.settings.inference_set !== view.inference) return { query: single, data: null };
  return {
    query: single,
    data: {
      classes: response.classes,
      metricClass: response.settings.metric_class,
      size: response.settings.size ?? null,
      a: {
        name: response.settings.inference_set,
        thresholds: { confidence: response.settings.confidence, iou: response.settings.iou ?? a.iou },
        summary: response.summary,
        rows: reportRows(response.report),
        averages: averages(response.report),
        dense: denseConfusion(response.classes, response.confusion),
        entries: confusionEntries(response.confusion),
      },
      b: null,
    },
  };
}
