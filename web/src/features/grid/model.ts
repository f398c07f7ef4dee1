// Pure helpers of the frame views: which boxes to draw and how, thumbnail
// addresses, and the grid's filter and sort options.

import type { BoxItem, FramePublic, FramesParams } from '../../api/queries';
import type { GridOutcome, GridSort } from '../../app/search';

/** A box as the client receives it (tuples arrive as plain arrays). */
export type FrameBox = Omit<BoxItem, 'box'> & { readonly box: readonly number[] | null };

/** A frame with (optionally) its boxes: a grid row or a frame's detail. */
export type FrameWithBoxes = Omit<FramePublic, 'labels' | 'predictions'> & {
  readonly labels?: readonly FrameBox[] | null;
  readonly predictions?: readonly FrameBox[] | null;
};

export interface DrawnBox {
  readonly key: string;
  readonly kind: 'label' | 'prediction';
  readonly className: string;
  readonly box: readonly [number, number, number, number];
  readonly confidence: number | null;
  readonly outcome: BoxItem['outcome'];
  /** Hover text: "car · label · TP" or "truck 0.87 · prediction · FP". */
  readonly title: string;
}

export const OUTCOME_NAMES: Record<NonNullable<BoxItem['outcome']>, string> = {
  tp: 'true positive',
  confusion: 'confusion',
  fn: 'false negative',
  fp: 'false positive',
  below_confidence: 'below the confidence threshold',
};

function describeBox(item: FrameBox, kind: 'label' | 'prediction'): string {
  const confidence = item.confidence == null ? '' : ` ${item.confidence.toFixed(2)}`;
  const outcome = item.outcome ? ` · ${OUTCOME_NAMES[item.outcome]}` : '';
  const iou = item.iou == null ? '' : ` · IoU ${item.iou.toFixed(2)}`;
  return `${item.class_name}${confidence} · ${kind}${outcome}${iou}`;
}

/**
 * Boxes to draw: labels (solid) then kept predictions (dashed). Predictions
 * under the confidence threshold are not part of the evaluation and are left out.
 */
export function drawnBoxes(
  frame: Pick<FrameWithBoxes, 'labels' | 'predictions'>,
  show: { readonly labels: boolean; readonly predictions: boolean } = { labels: true, predictions: true },
): DrawnBox[] {
  const out: DrawnBox[] = [];
  if (show.labels) {
    for (const item of frame.labels ?? []) {
      const box = asBox(item.box);
      if (!box) continue;
      out.push({ key: `l:${item.id}`, kind: 'label', className: item.class_name, box, confidence: null, outcome: item.outcome ?? null, title: describeBox(item, 'label') });
    }
  }
  if (show.predictions) {
    for (const item of frame.predictions ?? []) {
      const box = asBox(item.box);
      if (!box || item.outcome === 'below_confidence') continue;
      out.push({
        key: `p:${item.id}`,
        kind: 'prediction',
        className: item.class_name,
        box,
        confidence: item.confidence ?? null,
        outcome: item.outcome ?? null,
        title: describeBox(item, 'prediction'),
      });
    }
  }
  return out;
}

function asBox(box: readonly number[] | null): readonly [number, number, number, number] | null {
  if (!box || box.length !== 4 || !box.every(Number.isFinite)) return null;
  return [box[0]!, box[1]!, box[2]!, box[3]!];
}

/**
 * A small JPEG of the whole frame from the crops endpoint (the server resizes
 * it), so that a grid page does not download full-size photos. Images that
 * are external URLs, or of unknown size, are used as they are.
 */
export function thumbnailUrl(frame: Pick<FramePublic, 'image_url' | 'width' | 'height' | 'frame_id'>, maxSide: number): string | null {
  const url = frame.image_url;
  if (!url) return null;
  const marker = '/images?';
  if (!url.startsWith('/api/') || !url.includes(marker) || !frame.width || !frame.height) return url;
  // Small images are cheaper as they are, and stay sharp (no JPEG re-encoding).
  if (Math.max(frame.width, frame.height) <= maxSide) return url;
  const query = new URLSearchParams({
    frame_id: frame.frame_id,
    box: `0,0,${frame.width},${frame.height}`,
    padding: '0',
    max_side: String(Math.max(16, Math.min(1024, Math.round(maxSide)))),
  });
  return `${url.slice(0, url.indexOf(marker))}/crops?${query.toString()}`;
}

/** A classification frame's answer: its label, the kept prediction and whether they agree. */
export function classificationVerdict(frame: Pick<FrameWithBoxes, 'labels' | 'predictions'>): {
  readonly label: string | null;
  readonly prediction: string | null;
  readonly confidence: number | null;
  readonly correct: boolean | null;
  /** The model's answer when it fell under the confidence threshold (so nothing was kept). */
  readonly dropped: { readonly className: string; readonly confidence: number | null } | null;
} {
  const label = frame.labels?.[0]?.class_name ?? null;
  const kept = (frame.predictions ?? []).find((p) => p.outcome !== 'below_confidence');
  const below = (frame.predictions ?? []).find((p) => p.outcome === 'below_confidence');
  const prediction = kept?.class_name ?? null;
  const outcome = frame.labels?.[0]?.outcome;
  return {
    label,
    prediction,
    confidence: kept?.confidence ?? null,
    correct: outcome === undefined || outcome === null ? null : outcome === 'tp',
    dropped: !kept && below ? { className: below.class_name, confidence: below.confidence ?? null } : null,
  };
}

export const GRID_OUTCOME_OPTIONS: readonly { readonly value: GridOutcome; readonly label: string }[] = [
  { value: 'errors', label: 'With any error' },
  { value: 'fn', label: 'With false negatives' },
  { value: 'fp', label: 'With false positives' },
  { value: 'confusion', label: 'With confusions' },
  { value: 'perfect', label: 'Without errors' },
];

export const GRID_SORT_OPTIONS: readonly { readonly value: GridSort; readonly label: string; readonly needsInference: boolean }[] = [
  { value: 'frame', label: 'Dataset order', needsInference: false },
  { value: 'f1_asc', label: 'F1, worst first', needsInference: true },
  { value: 'f1_desc', label: 'F1, best first', needsInference: true },
  { value: 'errors_desc', label: 'Most errors first', needsInference: true },
];

/** The frames list's sort parameters for a grid sort. */
export function sortParams(sort: GridSort): Pick<FramesParams, 'sort' | 'descending'> {
  switch (sort) {
    case 'f1_asc':
      return { sort: 'f1', descending: false };
    case 'f1_desc':
      return { sort: 'f1', descending: true };
    case 'errors_desc':
      return { sort: 'errors', descending: true };
    default:
      return { sort: 'frame', descending: false };
  }
}

/** The outcome filter's words with its class: "frames with confusions of car". */
export function describeFilter(outcome: GridOutcome | undefined, className: string | undefined): string {
  const what: Record<GridOutcome, string> = {
    errors: 'with errors',
    fn: 'with false negatives',
    fp: 'with false positives',
    confusion: 'with confusions',
    perfect: 'without errors',
  };
  if (outcome === undefined) return className === undefined ? 'frames' : `frames where ${className} appears`;
  const of = className === undefined || outcome === 'perfect' ? '' : ` of ${className}`;
  return `frames ${what[outcome]}${of}`;
}
