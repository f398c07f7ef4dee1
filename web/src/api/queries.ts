// Every query key and fetcher of the app, in one place. Components use the
// query-option factories below with useQuery / useSuspenseQuery and never
// call fetch themselves. Each query names what it does (meta.action) so the
// error panel can say what failed.

import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema.gen';

export type Schemas = components['schemas'];
export type Project = Schemas['Project'];
export type Dataset = Schemas['Dataset'];
export type InferenceSet = Schemas['InferenceSet'];
export type Segment = Schemas['Segment'];
export type Metrics = Schemas['Metrics'];

/** Query-string parameters of the metrics view, as the sliders set them. */
export interface MetricsParams {
  readonly inference: string;
  readonly confidence: number;
  readonly iou: number;
  readonly segment?: string | undefined;
  readonly metricClass?: string | undefined;
}

export const queryKeys = {
  all: ['reefscope'] as const,
  projects: () => [...queryKeys.all, 'projects'] as const,
  project: (project: string) => [...queryKeys.projects(), project] as const,
  datasets: (project: string) => [...queryKeys.project(project), 'datasets'] as const,
  dataset: (project: string, dataset: string) => [...queryKeys.datasets(project), dataset] as const,
  inferenceSets: (project: string, dataset: string) =>
    [...queryKeys.dataset(project, dataset), 'inference-sets'] as const,
  segments: (project: string, dataset: string) => [...queryKeys.dataset(project, dataset), 'segments'] as const,
  metrics: (project: string, dataset: string, params: MetricsParams) =>
    [...queryKeys.dataset(project, dataset), 'metrics', params] as const,
};

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { action: string };
    mutationMeta: { action: string };
  }
}

export const projectsQuery = () =>
  queryOptions({
    queryKey: queryKeys.projects(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/projects', { signal })),
    meta: { action: 'load the projects' },
  });

export const datasetsQuery = (project: string) =>
  queryOptions({
    queryKey: queryKeys.datasets(project),
    queryFn: ({ signal }) => unwrap(api.GET('/api/projects/{project}/datasets', { params: { path: { project } }, signal })),
    meta: { action: `load the datasets of ${project}` },
  });

export const inferenceSetsQuery = (project: string, dataset: string) =>
  queryOptions({
    queryKey: queryKeys.inferenceSets(project, dataset),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/projects/{project}/datasets/{dataset}/inference-sets', {
          params: { path: { project, dataset } },
          signal,
        }),
      ),
    meta: { action: `load the inference sets of ${dataset}` },
  });

export const segmentsQuery = (project: string, dataset: string) =>
  queryOptions({
    queryKey: queryKeys.segments(project, dataset),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/projects/{project}/datasets/{dataset}/segments', {
          params: { path: { project, dataset } },
          signal,
        }),
      ),
    meta: { action: `load the segments of ${dataset}` },
  });

/**
 * Metrics at the slider thresholds. The previous result stays on screen while
 * the next loads (no flicker while dragging), and a request whose key is
 * superseded is aborted through its signal.
 */
export const metricsQuery = (project: string, dataset: string, params: MetricsParams) =>
  queryOptions({
    queryKey: queryKeys.metrics(project, dataset, params),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/projects/{project}/datasets/{dataset}/metrics', {
          params: {
            path: { project, dataset },
            query: {
              inference: params.inference,
              confidence: params.confidence,
              iou: params.iou,
              segment: params.segment,
              class: params.metricClass,
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    meta: { action: `compute the metrics of ${params.inference}` },
  });
