// Pure model of the embedding map: the server's projection as column arrays,
// positions normalised for the WebGL plot, colour categories and legends.

import type { ProjectionResponse } from '../../api/queries';
import type { Outcome } from '../../app/search';

export type PointOutcome = NonNullable<NonNullable<ProjectionResponse['outcomes']>[number]>;

/** The projection as parallel arrays (100,000 points stay cheap to colour and filter). */
export interface MapPoints {
  readonly kind: 'frame' | 'crop';
  readonly method: string;
  readonly count: number;
  readonly ids: readonly string[];
  readonly frameIds: readonly string[];
  /** Positions in [-1, 1] on both axes, aspect ratio kept (what the WebGL plot needs). */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Per-frame metric in [0, 1]; NaN where undefined or not coloured. */
  readonly values: Float64Array;
  readonly outcomes: readonly (PointOutcome | null)[];
  readonly classNames: readonly (string | null)[];
}

/** Scales both axes by the same factor into [-1, 1], centred, with a margin. */
export function normalisePositions(xs: ArrayLike<number>, ys: ArrayLike<number>, margin = 0.06): { x: Float32Array; y: Float32Array } {
  const n = xs.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  if (n === 0) return { x, y };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = xs[i]!;
    const b = ys[i]!;
    if (a < minX) minX = a;
    if (a > maxX) maxX = a;
    if (b < minY) minY = b;
    if (b > maxY) maxY = b;
  }
  const half = Math.max(maxX - minX, maxY - minY) / 2 || 1;
  const scale = (1 - margin) / half;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  for (let i = 0; i < n; i++) {
    x[i] = (xs[i]! - cx) * scale;
    y[i] = (ys[i]! - cy) * scale;
  }
  return { x, y };
}

export function mapPoints(response: ProjectionResponse): MapPoints {
  const n = response.ids.length;
  const values = new Float64Array(n).fill(Number.NaN);
  response.values?.forEach((v, i) => {
    if (v !== null) values[i] = v;
  });
  const { x, y } = normalisePositions(response.x, response.y);
  return {
    kind: response.kind,
    method: response.method,
    count: n,
    ids: response.ids,
    frameIds: response.frame_ids,
    x,
    y,
    values,
    outcomes: response.outcomes ?? new Array<null>(n).fill(null),
    classNames: response.class_names ?? new Array<null>(n).fill(null),
  };
}

// ---- colours ---------------------------------------------------------------------------------

export const VALUE_BINS = 32;
export const NO_VALUE_COLOR = '#b4bcc7';

type Rgb = readonly [number, number, number];
/** Red (poor) through amber to blue (good): the app's own worse/better colours. */
const STOPS: readonly (readonly [number, Rgb])[] = [
  [0, [192, 40, 36]],
  [0.35, [231, 120, 40]],
  [0.6, [226, 184, 60]],
  [0.8, [78, 148, 196]],
  [1, [29, 78, 170]],
];

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The colour of a value in [0, 1] on the continuous scale. */
export function valueColor(value: number): string {
  const t = Math.min(1, Math.max(0, value));
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i]!;
    const [t0, c0] = STOPS[i - 1]!;
    if (t <= t1) {
      const f = (t - t0) / (t1 - t0 || 1);
      return hex([c0[0] + (c1[0] - c0[0]) * f, c0[1] + (c1[1] - c0[1]) * f, c0[2] + (c1[2] - c0[2]) * f]);
    }
  }
  return hex(STOPS[STOPS.length - 1]![1]);
}

/** Colours of the value bins, then the colour of "no value" (the last category). */
export function valuePalette(bins = VALUE_BINS): string[] {
  return [...Array.from({ length: bins }, (_, i) => valueColor((i + 0.5) / bins)), NO_VALUE_COLOR];
}

/** Category of each point: its value's bin, or `bins` when it has none. */
export function valueCategories(values: Float64Array, bins = VALUE_BINS): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? bins : Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
  }
  return out;
}

export interface OutcomeCategory {
  readonly outcome: PointOutcome;
  readonly label: string;
  readonly color: string;
  /** Whether the legend lets it be toggled (and the URL remembers it hidden). */
  readonly toggle: Outcome | null;
}

export const OUTCOME_CATEGORIES: readonly OutcomeCategory[] = [
  { outcome: 'tp', label: 'True positive', color: '#2f8a57', toggle: 'tp' },
  { outcome: 'fp', label: 'False positive', color: '#e8590c', toggle: 'fp' },
  { outcome: 'fn', label: 'False negative', color: '#c92a2a', toggle: 'fn' },
  { outcome: 'confusion', label: 'Confusion', color: '#7b3fb5', toggle: 'confusion' },
  { outcome: 'below_confidence', label: 'Below confidence', color: '#c3cad3', toggle: null },
  { outcome: 'not_evaluated', label: 'Not evaluated', color: '#94a3b8', toggle: null },
];
const UNKNOWN_CATEGORY = OUTCOME_CATEGORIES.length;

export function outcomePalette(): string[] {
  return [...OUTCOME_CATEGORIES.map((c) => c.color), '#94a3b8'];
}

export function outcomeCategories(outcomes: readonly (PointOutcome | null)[]): Float32Array {
  const index = new Map(OUTCOME_CATEGORIES.map((c, i) => [c.outcome, i]));
  const out = new Float32Array(outcomes.length);
  outcomes.forEach((o, i) => {
    out[i] = o === null ? UNKNOWN_CATEGORY : (index.get(o) ?? UNKNOWN_CATEGORY);
  });
  return out;
}

export function outcomeCounts(outcomes: readonly (PointOutcome | null)[]): Map<PointOutcome, number> {
  const counts = new Map<PointOutcome, number>();
  for (const o of outcomes) if (o !== null) counts.set(o, (counts.get(o) ?? 0) + 1);
  return counts;
}

/** Indices of the points to show once hidden outcomes are left out; null when all are shown. */
export function visibleIndices(outcomes: readonly (PointOutcome | null)[], hidden: readonly Outcome[]): number[] | null {
  if (hidden.length === 0) return null;
  const out: number[] = [];
  outcomes.forEach((o, i) => {
    if (o === null || !(hidden as readonly string[]).includes(o)) out.push(i);
  });
  return out;
}

/** Dot size in pixels: large for a hundred points, small for a hundred thousand. */
export function pointSize(count: number): number {
  if (count <= 300) return 9;
  if (count <= 3_000) return 6;
  if (count <= 30_000) return 4;
  return 2.5;
}

// ---- selection ---------------------------------------------------------------------------------

export interface SelectionSummary {
  readonly points: number;
  /** Distinct frames, in the order first selected. */
  readonly frameIds: readonly string[];
  /** Mean of the defined per-frame values (frames map), or null. */
  readonly meanValue: number | null;
  readonly undefinedValues: number;
  readonly outcomes: Map<PointOutcome, number>;
  /** Ids of the selected crops (labels or predictions) to emphasise in thumbnails. */
  readonly cropIds: ReadonlySet<string>;
}

export function summarise(points: MapPoints, indices: readonly number[]): SelectionSummary {
  const frames = new Set<string>();
  const outcomes = new Map<PointOutcome, number>();
  const cropIds = new Set<string>();
  let sum = 0;
  let defined = 0;
  for (const i of indices) {
    frames.add(points.frameIds[i]!);
    const v = points.values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      defined += 1;
    }
    const o = points.outcomes[i];
    if (o) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    if (points.kind === 'crop') cropIds.add(points.ids[i]!);
  }
  return {
    points: indices.length,
    frameIds: [...frames].filter((id) => id !== ''),
    meanValue: defined > 0 ? sum / defined : null,
    undefinedValues: indices.length - defined,
    outcomes,
    cropIds,
  };
}

/** A metadata query that matches exactly these frames (the frames list takes it as `where`). */
export function framesWhere(frameIds: readonly string[]): string {
  return `frame_id in [${frameIds.map((id) => JSON.stringify(id)).join(', ')}]`;
}
