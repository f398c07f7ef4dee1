import { describe, expect, it } from 'vitest';
import { queryKeys, segmentWritePredicate } from './queries';

const ref = { project: 'reef', dataset: 'val' };
const other = { project: 'reef', dataset: 'test' };
const t = { confidence: 0.5, iou: 0.5 };

const keys = {
  segments: queryKeys.segments(ref),
  segment: queryKeys.segment(ref, 'night'),
  scenarios: queryKeys.scenarios(ref, { inferences: ['a'], thresholds: t }),
  verdict: queryKeys.regressionTests(ref, { inference: 'a', ...t }),
  curves: queryKeys.prCurves(ref, { inference: 'a', iou: 0.5 }),
  nightMetrics: queryKeys.metrics(ref, { inference: 'a', ...t, segment: 'night' }),
  allMetrics: queryKeys.metrics(ref, { inference: 'a', ...t }),
  nightFrames: queryKeys.frames(ref, { segment: 'night', offset: 0, limit: 10 }),
  projection: queryKeys.projection(ref, { kind: 'frame' }),
  otherScenarios: queryKeys.scenarios(other, { inferences: ['a'], thresholds: t }),
};

function stale(options: { frames: boolean }): string[] {
  const predicate = segmentWritePredicate(ref, 'night', options);
  return Object.entries(keys)
    .filter(([, queryKey]) => predicate({ queryKey }))
    .map(([name]) => name);
}

describe('queries made stale by a segment write', () => {
  it('a threshold change refreshes what reads thresholds, nothing else', () => {
    expect(stale({ frames: false })).toEqual(['segments', 'segment', 'scenarios', 'verdict', 'curves']);
  });

  it('a change of frames also refreshes the views restricted to that segment', () => {
    expect(stale({ frames: true })).toEqual(['segments', 'segment', 'scenarios', 'verdict', 'curves', 'nightMetrics', 'nightFrames']);
  });
});
