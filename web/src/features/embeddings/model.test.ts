import { describe, expect, it } from 'vitest';
import type { ProjectionResponse } from '../../api/queries';
import {
  framesWhere,
  mapPoints,
  normalisePositions,
  outcomeCategories,
  OUTCOME_CATEGORIES,
  pointSize,
  summarise,
  valueCategories,
  valueColor,
  valuePalette,
  VALUE_BINS,
  visibleIndices,
} from './model';

const response: ProjectionResponse = {
  kind: 'crop',
  method: 'pca',
  color_by: 'outcome',
  count: 4,
  ids: ['l1', 'l2', 'p1', 'p2'],
  frame_ids: ['f1', 'f1', 'f2', 'f3'],
  x: [10, 30, 20, 20],
  y: [5, 5, 15, -5],
  outcomes: ['tp', 'fn', 'fp', null],
  class_names: ['car', 'car', 'bus', null],
  sources: ['label', 'label', 'prediction', null],
};

describe('positions for the WebGL plot', () => {
  it('fit [-1, 1] on the longer axis, centred, keeping the aspect ratio', () => {
    const { x, y } = normalisePositions([0, 10, 5], [0, 2, 1], 0);
    expect(Array.from(x)).toEqual([-1, 1, 0]);
    expect(Array.from(y).map((v) => Math.round(v * 1000) / 1000)).toEqual([-0.2, 0.2, 0]);
  });

  it('copes with one point and with none', () => {
    expect(Array.from(normalisePositions([3], [4]).x)).toEqual([0]);
    expect(normalisePositions([], []).x.length).toBe(0);
  });

  it('turns the response into columns', () => {
    const points = mapPoints(response);
    expect(points.count).toBe(4);
    expect(points.frameIds).toEqual(['f1', 'f1', 'f2', 'f3']);
    expect(Math.max(...Array.from(points.x).map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Number.isNaN(points.values[0]!)).toBe(true);
  });
});

describe('colours', () => {
  it('bins values, with a last category for undefined ones', () => {
    const categories = valueCategories(new Float64Array([0, 0.5, 1, Number.NaN]));
    expect(Array.from(categories)).toEqual([0, VALUE_BINS / 2, VALUE_BINS - 1, VALUE_BINS]);
    expect(valuePalette()).toHaveLength(VALUE_BINS + 1);
  });

  it('runs from red (poor) to blue (good)', () => {
    expect(valueColor(0)).toBe('#c02824');
    expect(valueColor(1)).toBe('#1d4eaa');
    expect(valueColor(2)).toBe(valueColor(1));
  });

  it('gives each outcome its legend colour and hides toggled-off outcomes', () => {
    const outcomes = mapPoints(response).outcomes;
    const categories = Array.from(outcomeCategories(outcomes));
    expect(categories.slice(0, 3).map((c) => OUTCOME_CATEGORIES[c]!.outcome)).toEqual(['tp', 'fn', 'fp']);
    expect(categories[3]).toBe(OUTCOME_CATEGORIES.length);
    expect(visibleIndices(outcomes, [])).toBeNull();
    expect(visibleIndices(outcomes, ['fn', 'fp'])).toEqual([0, 3]);
  });

  it('draws smaller dots for more points', () => {
    expect(pointSize(100)).toBeGreaterThan(pointSize(100_000));
  });
});

describe('selection', () => {
  it('summarises frames, outcomes and crop ids', () => {
    const summary = summarise(mapPoints(response), [0, 1, 2]);
    expect(summary.frameIds).toEqual(['f1', 'f2']);
    expect(summary.outcomes.get('fn')).toBe(1);
    expect([...summary.cropIds]).toEqual(['l1', 'l2', 'p1']);
    expect(summary.meanValue).toBeNull();
  });

  it('averages defined per-frame values', () => {
    const frames: ProjectionResponse = {
      kind: 'frame',
      method: 'pca',
      color_by: 'f1',
      count: 3,
      ids: ['a', 'b', 'c'],
      frame_ids: ['a', 'b', 'c'],
      x: [0, 1, 0],
      y: [0, 0, 1],
      values: [0.5, 1, null],
    };
    const summary = summarise(mapPoints(frames), [0, 1, 2]);
    expect(summary.meanValue).toBe(0.75);
    expect(summary.undefinedValues).toBe(1);
  });

  it('writes a query that selects exactly the given frames', () => {
    expect(framesWhere(['a', "it's \"x\""])).toBe('frame_id in ["a", "it\'s \\"x\\""]');
  });
});
