import { describe, expect, it } from 'vitest';
import { curveSet, type CurveSource } from './curveSet';

const points = [{ confidence: 0.5, precision: 0.8, recall: 0.6, f1: 0.686 }];
const source = (classes: string[]): CurveSource => ({
  classes: classes.map((name) => ({ name, points })),
  aggregates: [
    { name: 'weighted', points },
    { name: 'micro', points },
  ],
});
const side = (tag: string | null, classes: string[], dashed = false) => ({
  source: source(classes),
  tag,
  color: tag === 'B' ? '#c2410c' : '#334155',
  dashed,
  operatingConfidence: 0.4,
});
const options = { classColor: () => '#4c78a8', metricClass: null };
const visible = (curves: ReturnType<typeof curveSet>) => curves.filter((c) => !c.hidden).map((c) => c.name);

describe('curveSet', () => {
  it('shows both aggregates and a few classes of one set', () => {
    const curves = curveSet([side(null, ['cat', 'dog'])], options);
    expect(visible(curves)).toEqual(['weighted average', 'micro average', 'cat', 'dog']);
    expect(curves[0]).toMatchObject({ emphasized: true, color: '#334155', operatingConfidence: 0.4 });
  });

  it('lists many classes switched off', () => {
    const many = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const curves = curveSet([side(null, many)], options);
    expect(visible(curves)).toEqual(['weighted average', 'micro average']);
    expect(curves).toHaveLength(32);
  });

  it('overlays two sets by their weighted averages, B dashed', () => {
    const curves = curveSet([side('A', ['cat']), side('B', ['cat'], true)], options);
    expect(visible(curves)).toEqual(['weighted average (A)', 'weighted average (B)']);
    expect(curves.find((c) => c.name === 'weighted average (B)')).toMatchObject({ dashed: true, color: '#c2410c' });
  });

  it('puts the metric class forward, alone', () => {
    const curves = curveSet([side('A', ['cat', 'dog']), side('B', ['cat', 'dog'], true)], { ...options, metricClass: 'dog' });
    expect(visible(curves)).toEqual(['dog (A)', 'dog (B)']);
    expect(curves.find((c) => c.name === 'dog (A)')!.emphasized).toBe(true);
  });
});
