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
  iou_convention: 'continuous',
  small_area_max: 1024,
  large_area_min: 9216,
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
    if (path.endsWith('/metrics') && url.searchParams.get('coco') === 'true') return json(route, { ...metrics(), coco });
    if (path.endsWith('/metrics')) return json(route, metrics(Number(url.searchParams.get('confidence') ?? 0.5)));
    if (path.endsWith('/metrics/compare')) return json(route, compare(url.searchParams.get('first') ?? 'yolo-small', url.searchParams.get('second') ?? 'yolo-large'));
    if (path.endsWith('/pr-curves')) return json(route, prCurves(url.searchParams.get('inference') ?? 'yolo-small'));
    if (path.endsWith('/examples')) return json(route, examples(url));
    if (path.endsWith('/frame')) return json(route, frame(url.searchParams.get('frame_id') ?? 'f1'));
    if (path.endsWith('/scenarios')) return json(route, scenarios);
    return json(route, { detail: `no fixture for ${path}` }, 404);
  });
}

export { json };

// ---- the Metrics tab's other views ------------------------------------------------------------

export const coco: S['CocoPublic'] = {
  ap: 0.412,
  ap50: 0.634,
  ap75: 0.448,
  ap_small: 0.12,
  ap_medium: 0.401,
  ap_large: 0.55,
  ar1: 0.3,
  ar10: 0.45,
  ar100: 0.5,
  ar_small: 0.2,
  ar_medium: 0.5,
  ar_large: 0.6,
  per_class_ap: { car: 0.5, truck: 0.3, bus: null },
};

/** B's counts: more trucks found, two more cars missed, two fewer false buses. */
export const secondCounts = [
  [64, 5, 0, 16],
  [3, 15, 0, 6],
  [0, 0, 0, 3],
  [11, 2, 2, 0],
];

export function compare(first: string, second: string): S['CompareResponse'] {
  const base = metrics();
  const side = (name: string, counts: number[][]): S['CompareSide'] => ({
    settings: { ...base.settings, inference_set: name },
    summary: { ...base.summary, false_negatives: counts.slice(0, -1).reduce((sum, row) => sum + row.at(-1)!, 0) },
    report: base.report,
  });
  const countsA = base.confusion.counts!;
  const [a, b] = first === 'yolo-small' ? [countsA, secondCounts] : [secondCounts, countsA];
  return {
    classes: base.classes,
    labels: base.confusion.labels,
    first: side(first, a),
    second: side(second, b),
    layout: 'dense',
    first_counts: a,
    second_counts: b,
    delta: a.map((row, i) => row.map((value, j) => b[i]![j]! - value)),
    cells: null,
  };
}

const curve = (name: string, scale: number): S['Curve'] => ({
  name,
  support: 100,
  points: Array.from({ length: 101 }, (_, i) => {
    const confidence = i / 100;
    const recall = Math.max(0, 0.9 - confidence * 0.8) * scale;
    const precision = Math.min(1, 0.5 + confidence * 0.5);
    return { confidence, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
  }),
});

export function prCurves(inference: string): S['PrCurvesResponse'] {
  const scale = inference === 'yolo-small' ? 1 : 0.9;
  return {
    inference_set: inference,
    iou: 0.5,
    segment: null,
    classes: ['car', 'truck', 'bus'].map((name, i) => curve(name, scale * (1 - i * 0.2))),
    aggregates: [curve('weighted', scale), curve('micro', scale * 0.95)],
    thresholds: [{ segment: 'night', kind: 'regression_test', precision: 0.8, recall: null, f1: null }],
  };
}

/** Examples of the requested cells: as many as the matrix counts, without images. */
export function examples(url: URL): S['ExamplesResponse'] {
  const m = metrics();
  const labels = m.confusion.labels;
  const cells = url.searchParams.getAll('cell').map((c) => c.split('|') as [string, string]);
  const filter = url.searchParams.get('filter');
  if (filter === 'fn') cells.push(...m.classes.map((c) => [c, 'background'] as [string, string]));
  const total = cells.reduce((sum, [gt, pred]) => sum + m.confusion.counts![labels.indexOf(gt)]![labels.indexOf(pred)]!, 0);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const [gt, pred] = cells[0] ?? ['car', 'car'];
  const outcome = gt === 'background' ? 'fp' : pred === 'background' ? 'fn' : gt === pred ? 'tp' : 'confusion';
  const data = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i): S['ExampleItem'] => ({
    frame_id: `f${offset + i}`,
    image_url: null,
    crop_url: null,
    width: 640,
    height: 480,
    gt_class: gt,
    predicted_class: pred,
    outcome,
    label_id: gt === 'background' ? null : `f${offset + i}:gt:0`,
    label_box: gt === 'background' ? null : [100 + i, 100, 220 + i, 200],
    prediction_id: pred === 'background' ? null : `f${offset + i}:pred:0`,
    prediction_box: pred === 'background' ? null : [110 + i, 95, 230 + i, 210],
    iou: gt !== 'background' && pred !== 'background' ? 0.71 : null,
    confidence: pred === 'background' ? null : 0.9 - i * 0.01,
    box_size: 12000,
  }));
  return { total, offset, limit, order_by: 'confidence', descending: true, cells: cells.map(([g, p]) => [g, p]), data };
}

export function frame(frameId: string): S['FrameDetail'] {
  return {
    frame_id: frameId,
    image_url: null,
    width: 640,
    height: 480,
    metadata: { weather: 'rain' },
    label_count: 1,
    true_positives: 1,
    false_positives: 0,
    false_negatives: 0,
    confusions: 0,
    precision: 1,
    recall: 1,
    f1: 1,
    labels: [{ id: `${frameId}:gt:0`, class_name: 'car', box: [100, 100, 220, 200], confidence: null, outcome: 'tp', partner_id: `${frameId}:pred:0`, iou: 0.71 }],
    predictions: [{ id: `${frameId}:pred:0`, class_name: 'car', box: [110, 95, 230, 210], confidence: 0.9, outcome: 'tp', partner_id: `${frameId}:gt:0`, iou: 0.71 }],
  };
}
