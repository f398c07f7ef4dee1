// Every query key and fetcher of the app, in one place. Components use the
// query-option factories below with useQuery and never call fetch themselves.
// Each query names what it does (meta.action) so an error panel can say what
// failed in words.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { withAction } from './errors';
import type { components } from './schema.gen';

type Schemas = components['schemas'];
export type Project = Schemas['ProjectPublic'];
export type Dataset = Schemas['DatasetPublic'];
export type InferenceSet = Schemas['InferenceSetPublic'];
export type Segment = Schemas['SegmentPublic'];
export type SegmentDetail = Schemas['SegmentDetail'];
export type MetricsResponse = Schemas['MetricsResponse'];
export type CompareResponse = Schemas['CompareResponse'];
export type ExamplesResponse = Schemas['ExamplesResponse'];
export type ExampleItem = Schemas['ExampleItem'];
export type PrCurvesResponse = Schemas['PrCurvesResponse'];
export type ScenariosResponse = Schemas['ScenariosResponse'];
export type VerdictResponse = Schemas['VerdictResponse'];
export type FrameList = Schemas['FrameList'];
export type FrameDetail = Schemas['FrameDetail'];
/** The embedding map as parallel arrays (the compact form of the points list). */
export type ProjectionResponse = Schemas['EmbeddingColumnsResponse'];
export type EmbeddingsInfo = Schemas['EmbeddingsPublic'];
export type FramePublic = Schemas['FramePublic'];
export type BoxItem = Schemas['BoxItem'];
export type SegmentKind = Schemas['SegmentPublic']['kind'];
export type SegmentCreate = Schemas['SegmentCreate'];
export type SegmentUpdate = Schemas['SegmentUpdate'];

/** Thresholds of one inference set. */
export interface Thresholds {
  readonly confidence: number;
  readonly iou: number;
}

/** Where a view looks: a dataset, optionally restricted to a segment. */
export interface DatasetRef {
  readonly project: string;
  readonly dataset: string;
}

/** An object size: labels and predictions whose box area is in the project's range for it. */
export type ObjectSize = 'small' | 'medium' | 'large';

export interface MetricsParams extends Thresholds {
  readonly inference: string;
  readonly segment?: string | undefined;
  readonly size?: ObjectSize | undefined;
  /** A metric class; undefined for the weighted average. */
  readonly metricClass?: string | undefined;
}

export interface CompareParams {
  readonly first: string;
  readonly second: string;
  readonly firstThresholds: Thresholds;
  readonly secondThresholds: Thresholds;
  readonly segment?: string | undefined;
  readonly metricClass?: string | undefined;
  readonly size?: ObjectSize | undefined;
}

export type ExampleFilter = 'fn' | 'fp' | 'confused_as' | 'confused_from' | 'agreements' | 'disagreements';
export type ExampleOrder = 'confidence' | 'iou' | 'box_size';

export interface ExamplesParams extends Thresholds {
  readonly inference: string;
  readonly segment?: string | undefined;
  readonly size?: ObjectSize | undefined;
  /** Cells as [gt, pred] pairs; or a filter. */
  readonly cells?: readonly (readonly [string, string])[] | undefined;
  readonly filter?: ExampleFilter | undefined;
  readonly filterClass?: string | undefined;
  readonly orderBy: ExampleOrder;
  readonly descending: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface ScenariosParams {
  readonly inferences: readonly string[];
  readonly thresholds: Thresholds;
  /** The second set's thresholds when they are independent. */
  readonly secondThresholds?: Thresholds | undefined;
  readonly metricClass?: string | undefined;
}

export interface FramesParams {
  readonly where?: string | undefined;
  readonly segment?: string | undefined;
  readonly inference?: string | undefined;
  readonly thresholds?: Thresholds | undefined;
  readonly outcome?: 'fn' | 'fp' | 'confusion' | 'errors' | 'perfect' | undefined;
  readonly filterClass?: string | undefined;
  readonly sort?: 'frame' | 'f1' | 'precision' | 'recall' | 'errors';
  readonly descending?: boolean;
  readonly offset: number;
  readonly limit: number;
  /** Attach each frame's labels and predictions (the grid draws them). */
  readonly boxes?: boolean;
}

export interface CocoParams {
  readonly inference: string;
  readonly segment?: string | undefined;
}

export type Voc = Schemas['VocPublic'];
/** COCO mAP with PASCAL VOC AP (at the project's IoU threshold) beside it. */
export type Coco = Schemas['CocoPublic'] & { readonly voc: Voc | null };

export interface ProjectionParams {
  readonly kind: 'frame' | 'crop';
  /** The inference set whose crop embeddings to show (crops of predictions). */
  readonly owner?: string | undefined;
  readonly inference?: string | undefined;
  readonly colorBy?: 'precision' | 'recall' | 'f1';
  readonly thresholds?: Thresholds | undefined;
}

const root = ['reefscope'] as const;

export const queryKeys = {
  all: root,
  projects: () => [...root, 'projects'] as const,
  project: (project: string) => [...root, 'projects', project] as const,
  datasets: (project: string) => [...queryKeys.project(project), 'datasets'] as const,
  dataset: (ref: DatasetRef) => [...queryKeys.datasets(ref.project), ref.dataset] as const,
  inferenceSets: (ref: DatasetRef) => [...queryKeys.dataset(ref), 'inference-sets'] as const,
  segments: (ref: DatasetRef) => [...queryKeys.dataset(ref), 'segments'] as const,
  segment: (ref: DatasetRef, segment: string) => [...queryKeys.segments(ref), segment] as const,
  metrics: (ref: DatasetRef, p: MetricsParams) => [...queryKeys.dataset(ref), 'metrics', p] as const,
  compare: (ref: DatasetRef, p: CompareParams) => [...queryKeys.dataset(ref), 'compare', p] as const,
  examples: (ref: DatasetRef, p: ExamplesParams) => [...queryKeys.dataset(ref), 'examples', p] as const,
  prCurves: (ref: DatasetRef, p: PrCurvesParams) =>
    [...queryKeys.dataset(ref), 'pr-curves', p] as const,
  coco: (ref: DatasetRef, p: CocoParams) => [...queryKeys.dataset(ref), 'coco', p] as const,
  scenarios: (ref: DatasetRef, p: ScenariosParams) => [...queryKeys.dataset(ref), 'scenarios', p] as const,
  regressionTests: (ref: DatasetRef, p: { inference: string } & Thresholds) =>
    [...queryKeys.dataset(ref), 'regression-tests', p] as const,
  frames: (ref: DatasetRef, p: FramesParams) => [...queryKeys.dataset(ref), 'frames', p] as const,
  frame: (ref: DatasetRef, p: { frameId: string; inference?: string | undefined; thresholds?: Thresholds | undefined }) =>
    [...queryKeys.dataset(ref), 'frame', p] as const,
  projection: (ref: DatasetRef, p: ProjectionParams) => [...queryKeys.dataset(ref), 'projection', p] as const,
  embeddings: (ref: DatasetRef) => [...queryKeys.dataset(ref), 'embeddings'] as const,
};

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { action: string };
    mutationMeta: { action: string };
  }
}

/** Every query fails with an error that says what it was doing (its meta.action). */
function request<T>(meta: { action: string } | undefined, call: Parameters<typeof unwrap<T>>[0]): Promise<T> {
  return withAction(meta?.action, unwrap(call));
}

const DATASET = '/api/projects/{project}/datasets/{dataset}' as const;

/** Results that change with every slider move keep the last answer on screen. */
const live = { placeholderData: keepPreviousData, staleTime: 5 * 60_000 } as const;

export const projectsQuery = () =>
  queryOptions({
    queryKey: queryKeys.projects(),
    queryFn: ({ signal, meta }) => request(meta, api.GET('/api/projects', { signal })),
    meta: { action: 'load the projects' },
  });

export const datasetsQuery = (project: string) =>
  queryOptions({
    queryKey: queryKeys.datasets(project),
    queryFn: ({ signal, meta }) => request(meta, api.GET('/api/projects/{project}/datasets', { params: { path: { project } }, signal })),
    meta: { action: `load the datasets of project “${project}”` },
  });

export const inferenceSetsQuery = (ref: DatasetRef) =>
  queryOptions({
    queryKey: queryKeys.inferenceSets(ref),
    queryFn: ({ signal, meta }) => request(meta, api.GET(`${DATASET}/inference-sets`, { params: { path: ref }, signal })),
    meta: { action: `load the inference sets of dataset “${ref.dataset}”` },
  });

export const segmentsQuery = (ref: DatasetRef) =>
  queryOptions({
    queryKey: queryKeys.segments(ref),
    queryFn: ({ signal, meta }) => request(meta, api.GET(`${DATASET}/segments`, { params: { path: ref }, signal })),
    meta: { action: `load the segments of dataset “${ref.dataset}”` },
  });

export const segmentQuery = (ref: DatasetRef, segment: string) =>
  queryOptions({
    queryKey: queryKeys.segment(ref, segment),
    queryFn: ({ signal, meta }) =>
      request(meta, api.GET(`${DATASET}/segments/{segment}`, { params: { path: { ...ref, segment } }, signal })),
    meta: { action: `load segment “${segment}”` },
  });

/**
 * Metrics at the slider thresholds. The previous result stays on screen while
 * the next loads (no flicker while dragging); a request whose key is
 * superseded is aborted through its signal.
 */
export const metricsQuery = (ref: DatasetRef, p: MetricsParams) =>
  queryOptions({
    queryKey: queryKeys.metrics(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/metrics`, {
          params: {
            path: ref,
            query: {
              inference: p.inference,
              confidence: p.confidence,
              iou: p.iou,
              segment: p.segment,
              class: p.metricClass,
              size: p.size,
            },
          },
          signal,
        }),
      ),
    ...live,
    meta: { action: `compute the metrics of “${p.inference}”` },
  });

export const compareQuery = (ref: DatasetRef, p: CompareParams) =>
  queryOptions({
    queryKey: queryKeys.compare(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/metrics/compare`, {
          params: {
            path: ref,
            query: {
              first: p.first,
              second: p.second,
              first_confidence: p.firstThresholds.confidence,
              first_iou: p.firstThresholds.iou,
              second_confidence: p.secondThresholds.confidence,
              second_iou: p.secondThresholds.iou,
              segment: p.segment,
              class: p.metricClass,
              size: p.size,
            },
          },
          signal,
        }),
      ),
    ...live,
    meta: { action: `compare “${p.first}” with “${p.second}”` },
  });

export const examplesQuery = (ref: DatasetRef, p: ExamplesParams) =>
  queryOptions({
    queryKey: queryKeys.examples(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/examples`, {
          params: {
            path: ref,
            query: {
              inference: p.inference,
              confidence: p.confidence,
              iou: p.iou,
              segment: p.segment,
              size: p.size,
              cell: p.cells?.map(([gt, pred]) => `${gt}|${pred}`),
              filter: p.filter,
              filter_class: p.filterClass,
              order_by: p.orderBy,
              descending: p.descending,
              offset: p.offset,
              limit: p.limit,
            },
          },
          signal,
        }),
      ),
    ...live,
    meta: { action: 'load the examples' },
  });

/**
 * COCO-style mAP (detection). It does not depend on the sliders, so it is a
 * query of its own: the matrix never waits for it, and dragging never refetches it.
 */
export const cocoQuery = (ref: DatasetRef, p: CocoParams) =>
  queryOptions({
    queryKey: queryKeys.coco(ref, p),
    queryFn: async ({ signal, meta }): Promise<Coco | null> => {
      const response = await request(
        meta,
        api.GET(`${DATASET}/metrics`, {
          params: { path: ref, query: { inference: p.inference, segment: p.segment, coco: true, voc: true } },
          signal,
        }),
      );
      return response.coco ? { ...response.coco, voc: response.voc ?? null } : null;
    },
    staleTime: Infinity,
    meta: { action: `compute the COCO mAP of “${p.inference}”` },
  });

export interface PrCurvesParams {
  readonly inference: string;
  readonly iou: number;
  readonly segment?: string | undefined;
  readonly size?: ObjectSize | undefined;
}

export const prCurvesQuery = (ref: DatasetRef, p: PrCurvesParams) =>
  queryOptions({
    queryKey: queryKeys.prCurves(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/pr-curves`, {
          params: { path: ref, query: { inference: p.inference, iou: p.iou, segment: p.segment, size: p.size } },
          signal,
        }),
      ),
    ...live,
    meta: { action: `compute the PR curves of “${p.inference}”` },
  });

export const scenariosQuery = (ref: DatasetRef, p: ScenariosParams) =>
  queryOptions({
    queryKey: queryKeys.scenarios(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/scenarios`, {
          params: {
            path: ref,
            query: {
              inference: [...p.inferences],
              confidence: p.thresholds.confidence,
              iou: p.thresholds.iou,
              second_confidence: p.secondThresholds?.confidence,
              second_iou: p.secondThresholds?.iou,
              class: p.metricClass,
            },
          },
          signal,
        }),
      ),
    ...live,
    meta: { action: 'compute the scenario cards' },
  });

export const regressionTestsQuery = (ref: DatasetRef, p: { inference: string } & Thresholds) =>
  queryOptions({
    queryKey: queryKeys.regressionTests(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/regression-tests`, {
          params: { path: ref, query: { inference: p.inference, confidence: p.confidence, iou: p.iou } },
          signal,
        }),
      ),
    meta: { action: `check the regression tests of “${p.inference}”` },
  });

export const framesQuery = (ref: DatasetRef, p: FramesParams) =>
  queryOptions({
    queryKey: queryKeys.frames(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/frames`, {
          params: {
            path: ref,
            query: {
              where: p.where,
              segment: p.segment,
              inference: p.inference,
              confidence: p.thresholds?.confidence,
              iou: p.thresholds?.iou,
              outcome: p.outcome,
              filter_class: p.filterClass,
              ...(p.sort === undefined ? {} : { sort: p.sort }),
              ...(p.descending === undefined ? {} : { descending: p.descending }),
              offset: p.offset,
              limit: p.limit,
              ...(p.boxes ? { boxes: true } : {}),
            },
          },
          signal,
        }),
      ),
    ...live,
    meta: { action: 'load the frames' },
  });

export const frameQuery = (
  ref: DatasetRef,
  p: { frameId: string; inference?: string | undefined; thresholds?: Thresholds | undefined },
) =>
  queryOptions({
    queryKey: queryKeys.frame(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/frame`, {
          params: {
            path: ref,
            query: {
              frame_id: p.frameId,
              inference: p.inference,
              confidence: p.thresholds?.confidence,
              iou: p.thresholds?.iou,
            },
          },
          signal,
        }),
      ),
    meta: { action: `load frame “${p.frameId}”` },
  });

export const projectionQuery = (ref: DatasetRef, p: ProjectionParams) =>
  queryOptions({
    queryKey: queryKeys.projection(ref, p),
    queryFn: ({ signal, meta }) =>
      request(meta, 
        api.GET(`${DATASET}/embeddings/projection/columns`, {
          params: {
            path: ref,
            query: {
              kind: p.kind,
              owner: p.owner,
              inference: p.inference,
              ...(p.colorBy === undefined ? {} : { color_by: p.colorBy }),
              confidence: p.thresholds?.confidence,
              iou: p.thresholds?.iou,
            },
          },
          signal,
        }),
      ),
    ...live,
    staleTime: Infinity,
    meta: { action: 'load the embedding map' },
  });

/** Link to the report or the full confusion matrix as CSV. */
export function metricsCsvUrl(ref: DatasetRef, table: 'report' | 'confusion', p: MetricsParams): string {
  const query = new URLSearchParams({
    inference: p.inference,
    table,
    confidence: String(p.confidence),
    iou: String(p.iou),
  });
  if (p.segment) query.set('segment', p.segment);
  if (p.size) query.set('size', p.size);
  const path = `/api/projects/${encodeURIComponent(ref.project)}/datasets/${encodeURIComponent(ref.dataset)}`;
  return `${path}/metrics.csv?${query.toString()}`;
}

export const embeddingsQuery = (ref: DatasetRef) =>
  queryOptions({
    queryKey: queryKeys.embeddings(ref),
    queryFn: ({ signal, meta }) => request(meta, api.GET(`${DATASET}/embeddings`, { params: { path: ref }, signal })),
    meta: { action: `list the embeddings of dataset “${ref.dataset}”` },
  });

// ---- segment writes ---------------------------------------------------------------------------

export function createSegment(ref: DatasetRef, body: SegmentCreate): Promise<Segment> {
  return withAction(`create segment “${body.name}”`, unwrap(api.POST(`${DATASET}/segments`, { params: { path: ref }, body })));
}

export function updateSegment(ref: DatasetRef, segment: string, body: SegmentUpdate): Promise<Segment> {
  return withAction(
    `save segment “${segment}”`,
    unwrap(api.PATCH(`${DATASET}/segments/{segment}`, { params: { path: { ...ref, segment } }, body })),
  );
}

export function deleteSegment(ref: DatasetRef, segment: string): Promise<void> {
  return withAction(
    `delete segment “${segment}”`,
    unwrap(api.DELETE(`${DATASET}/segments/{segment}`, { params: { path: { ...ref, segment } } })),
  ).then(() => undefined);
}

/** Views of a dataset that read segment thresholds (cards, verdicts, curve lines). */
const THRESHOLD_VIEWS = new Set(['segments', 'scenarios', 'regression-tests', 'pr-curves']);
/** Views restricted to one segment's frames, through their `segment` parameter. */
const SEGMENT_SCOPED_VIEWS = new Set(['metrics', 'compare', 'examples', 'frames', 'pr-curves', 'coco']);

/**
 * Which cached queries a segment write makes stale: anything that reads
 * thresholds or the segment list; and, when its frames changed (or it was
 * created or deleted), every view restricted to that segment. The expensive
 * embedding projection is never refetched.
 */
export function segmentWritePredicate(
  ref: DatasetRef,
  segment: string,
  options: { readonly frames: boolean },
): (query: { readonly queryKey: readonly unknown[] }) => boolean {
  const prefix = queryKeys.dataset(ref);
  return ({ queryKey }) => {
    if (!prefix.every((part, i) => queryKey[i] === part)) return false;
    const view = queryKey[prefix.length];
    if (typeof view !== 'string') return false;
    if (THRESHOLD_VIEWS.has(view)) return true;
    if (!options.frames || !SEGMENT_SCOPED_VIEWS.has(view)) return false;
    const params = queryKey[prefix.length + 1];
    return typeof params === 'object' && params !== null && (params as { segment?: unknown }).segment === segment;
  };
}
