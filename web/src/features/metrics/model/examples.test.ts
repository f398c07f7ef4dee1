import { describe, expect, it } from 'vitest';
import {
  activeQuickView,
  applyQuickView,
  describeSource,
  exampleSource,
  orderingParams,
  pairLabel,
  toggleCell,
  type ExampleSelection,
} from './examples';

const cell = (gt: string, pred: string) => ({ gt, pred });

describe('orderingParams', () => {
  it.each([
    ['confidence_desc', 'confidence', true],
    ['iou_asc', 'iou', false],
    ['box_size_desc', 'box_size', true],
    ['box_size_asc', 'box_size', false],
  ] as const)('%s is order_by=%s descending=%s', (ordering, orderBy, descending) => {
    expect(orderingParams(ordering)).toEqual({ orderBy, descending });
  });
});

describe('exampleSource', () => {
  it('prefers clicked cells over a filter and is null when nothing is selected', () => {
    expect(exampleSource({ cells: [cell('a', 'b')], filter: { kind: 'fn' } })).toEqual({ kind: 'cells', cells: [cell('a', 'b')] });
    expect(exampleSource({ cells: [], filter: { kind: 'fn' } })).toEqual({ kind: 'filter', filter: { kind: 'fn' } });
    expect(exampleSource({ cells: [] })).toBeNull();
  });

  it('describes the selection in words', () => {
    expect(describeSource({ kind: 'cells', cells: [cell('car', 'truck')] })).toBe('car predicted as truck');
    expect(describeSource({ kind: 'cells', cells: [cell('car', 'background')] })).toBe('car missed (false negatives)');
    expect(describeSource({ kind: 'cells', cells: [cell('background', 'car')] })).toBe('car predicted with no label (false positives)');
    expect(describeSource({ kind: 'cells', cells: [cell('car', 'car')] })).toBe('car found (true positives)');
    expect(describeSource({ kind: 'cells', cells: [cell('a', 'b'), cell('b', 'a')] })).toBe('2 cells');
    expect(describeSource({ kind: 'filter', filter: { kind: 'fp' } })).toMatch(/False positives/);
  });
});

describe('toggleCell', () => {
  it('selects one cell on a plain click and clears it on a second click', () => {
    expect(toggleCell([cell('a', 'b'), cell('c', 'd')], cell('x', 'y'), false)).toEqual([cell('x', 'y')]);
    expect(toggleCell([cell('x', 'y')], cell('x', 'y'), false)).toEqual([]);
  });

  it('adds and removes cells with a modifier', () => {
    expect(toggleCell([cell('a', 'b')], cell('x', 'y'), true)).toEqual([cell('a', 'b'), cell('x', 'y')]);
    expect(toggleCell([cell('a', 'b'), cell('x', 'y')], cell('a', 'b'), true)).toEqual([cell('x', 'y')]);
  });
});

describe('quick views', () => {
  const none: ExampleSelection = { cells: [], ordering: 'iou_asc' };

  it('with nothing selected, shows every disagreement, most confident first', () => {
    expect(applyQuickView(none, 'high_confidence_disagreements')).toEqual({
      cells: [],
      filter: { kind: 'disagreements' },
      ordering: 'confidence_desc',
    });
  });

  it('keeps a selected false-positive cell and only sorts it (the seed example)', () => {
    const fp: ExampleSelection = { cells: [cell('background', 'car')], ordering: 'iou_asc' };
    expect(applyQuickView(fp, 'high_confidence_disagreements')).toEqual({ ...fp, ordering: 'confidence_desc' });
    const confusedAs: ExampleSelection = { cells: [], filter: { kind: 'confused_as', className: 'car' }, ordering: 'iou_asc' };
    expect(applyQuickView(confusedAs, 'high_confidence_disagreements').filter).toEqual(confusedAs.filter);
  });

  it('replaces a selection of the wrong kind', () => {
    const diagonal: ExampleSelection = { cells: [cell('car', 'car')], ordering: 'confidence_desc' };
    expect(applyQuickView(diagonal, 'high_confidence_disagreements').filter).toEqual({ kind: 'disagreements' });
    expect(applyQuickView(diagonal, 'low_confidence_agreements')).toEqual({ ...diagonal, ordering: 'confidence_asc' });
    const fn: ExampleSelection = { cells: [], filter: { kind: 'fn' }, ordering: 'confidence_desc' };
    // Missed labels have no confidence to sort by.
    expect(applyQuickView(fn, 'high_confidence_disagreements').filter).toEqual({ kind: 'disagreements' });
  });

  it('recognises the active quick view', () => {
    expect(activeQuickView(applyQuickView(none, 'low_confidence_agreements'))).toBe('low_confidence_agreements');
    expect(activeQuickView({ cells: [cell('background', 'car')], ordering: 'confidence_desc' })).toBe(
      'high_confidence_disagreements',
    );
    expect(activeQuickView({ cells: [cell('background', 'car')], ordering: 'confidence_asc' })).toBeNull();
    expect(activeQuickView(none)).toBeNull();
  });
});

describe('pairLabel', () => {
  it('says background in words', () => {
    expect(pairLabel('boat', 'car')).toBe('boat → car');
    expect(pairLabel('boat', 'background')).toBe('boat → no prediction');
    expect(pairLabel('background', 'car')).toBe('no label → car');
  });
});
