// Responses shaped by the generated schema types, so a change of the API's
// wire format breaks these fixtures at compile time rather than silently.
import type { Page, Route } from '@playwright/test';
import type { components } from '../src/api/schema.gen';

type S = components['schemas'];

const now = '2026-01-01T00:00:00Z';

export const project: S['ProjectPublic'] = {
  name: 'reef',
  task: 'detection',
  classes: [{ name: 'car' }, { name: 'truck' }, { name: 'bus', color: '#b279a2' }],
  confidence_threshold: 0.5,
  iou_threshold: 0.5,
  description: 'Street scenes',
  metadata: {},
  created_at: now,
  updated_at: now,
};

export const projects: S['ProjectList'] = { count: 1, data: [project] };

export const datasets: S['DatasetList'] = {
  count: 1,
  data: [
    {
      project: 'reef',
      name: 'val',
      task: 'detection',
      version: 1,
      frame_count: 100,
      label_count: 300,
      has_images: true,
      metadata_keys: ['weather'],
      description: '',
      metadata: {},
      imported_at: now,
    },
  ],
};

const inferenceSet = (name: string): S['InferenceSetPublic'] => ({
  project: 'reef',
  dataset: 'val',
  name,
  version: 1,
  prediction_count: 420,
  has_scores: false,
  has_custom_metrics: false,
  model: {},
  description: '',
  imported_at: now,
});

export const inferenceSets: S['InferenceSetList'] = {
  count: 2,
  data: [inferenceSet('yolo-small'), inferenceSet('yolo-large')],
};

const segment = (name: string, kind: S['SegmentPublic']['kind'], frames: number): S['SegmentPublic'] => ({
  project: 'reef',
  dataset: 'val',
  name,
  kind,
  description: '',
  metadata: {},
  precision: kind === 'regression_test' ? 0.8 : null,
  recall: null,
  f1: null,
  frame_count: frames,
  updated_at: now,
});

export const segments: S['SegmentList'] = {
  count: 3,
  data: [segment('test', 'split', 40), segment('night', 'regression_test', 12), segment('rain', 'scenario', 9)],
};

const report = (): S['ReportPublic'] => ({
  rows: [
    { name: 'car', precision: 0.8125, recall: 0.7647, f1: 0.7879, support: 85, true_positives: 65, false_positives: 15, false_negatives: 20 },
    { name: 'truck', precision: 0.6, recall: 0.5, f1: 0.5455, support: 24, true_positives: 12, false_positives: 8, false_negatives: 12 },
    { name: 'bus', precision: null, recall: 0, f1: 0, support: 3, true_positives: 0, false_positives: 0, false_negatives: 3 },
  ],
  weighted: { precision: 0.7457, recall: 0.6875, f1: 0.7149 },
  macro: { precision: 0.4708, recall: 0.4216, f1: 0.4445 },
  micro: { precision: 0.77, recall: 0.6875, f1: 0.7264 },
});

export function metrics(confidence = 0.5): S['MetricsResponse'] {
  return {
    settings: {
      project: 'reef',
      dataset: 'val',
      inference_set: 'yolo-small',
      confidence,
      iou: 0.5,
      class_aware: false,
      segment: null,
      metric_class: null,
      dataset_version: 1,
      inference_set_version: 1,
      source: 'matching',
      reefscope_version: '0.1.0',
    },
    summary: {
      precision: 0.7457,
      recall: 0.6875,
      f1: 0.7149,
      false_positives: 17,
      false_negatives: 26,
      confusions: 8,
      frame_count: 100,
    },
    classes: ['car', 'truck', 'bus'],
    class_colors: [null, null, '#b279a2'],
    report: report(),
    confusion: {
      labels: ['car', 'truck', 'bus', 'background'],
      layout: 'dense',
      counts: [
        [65, 6, 0, 14],
        [4, 12, 0, 8],
        [0, 0, 0, 3],
        [11, 2, 4, 0],
      ],
      cells: null,
      total: 129,
    },
  };
}

export const scenarios: S['ScenariosResponse'] = {
  inferences: [{ inference_set: 'yolo-small', confidence: 0.5, iou: 0.5 }],
  groups: [
    {
      kind: 'split',
      title: 'Splits',
      cards: [
        {
          segment: 'All Frames',
          kind: 'split',
          description: '',
          frame_count: 100,
          precision: null,
          recall: null,
          f1: null,
          scores: [
            {
              segment: 'All Frames',
              kind: 'split',
              description: '',
              frame_count: 100,
              checks: [
                { metric: 'precision', score: 0.7457, threshold: null, succeeds: null },
                { metric: 'recall', score: 0.6875, threshold: null, succeeds: null },
                { metric: 'f1', score: 0.7149, threshold: null, succeeds: null },
              ],
              false_positives: 17,
              false_negatives: 26,
              confusions: 8,
              passed: true,
            },
          ],
        },
      ],
    },
    {
      kind: 'regression_test',
      title: 'Regression Tests',
      cards: [
        {
          segment: 'night',
          kind: 'regression_test',
          description: 'Frames shot at night',
          frame_count: 12,
          precision: 0.8,
          recall: null,
          f1: null,
          scores: [
            {
              segment: 'night',
              kind: 'regression_test',
              description: 'Frames shot at night',
              frame_count: 12,
              checks: [
                { metric: 'precision', score: 0.71, threshold: 0.8, succeeds: false },
                { metric: 'recall', score: 0.64, threshold: null, succeeds: null },
                { metric: 'f1', score: 0.674, threshold: null, succeeds: null },
              ],
              false_positives: 4,
              false_negatives: 6,
              confusions: 1,
              passed: false,
            },
          ],
        },
      ],
    },
    { kind: 'scenario', title: 'Scenarios', cards: [] },
  ],
  regression: [{ inference_set: 'yolo-small', total: 1, passed: 0 }],
};

type Handler = (route: Route, url: URL) => Promise<void> | void;

const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

/** Serves the API from fixtures; `overrides` replace single endpoints by path suffix. */
export async function mockApi(page: Page, overrides: Record<string, Handler> = {}): Promise<void> {
  await page.route('**/api/**', async (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname;
    for (const [suffix, handler] of Object.entries(overrides)) {
      if (path.endsWith(suffix)) return handler(route, url);
    }
    if (path === '/api/projects') return json(route, projects);
    if (path.endsWith('/reef/datasets')) return json(route, datasets);
    if (path.endsWith('/inference-sets')) return json(route, inferenceSets);
    if (path.endsWith('/segments')) return json(route, segments);
    if (path.endsWith('/metrics')) return json(route, metrics(Number(url.searchParams.get('confidence') ?? 0.5)));
    if (path.endsWith('/scenarios')) return json(route, scenarios);
    return json(route, { detail: `no fixture for ${path}` }, 404);
  });
}

export { json };
