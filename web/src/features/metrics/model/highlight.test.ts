import { describe, expect, it } from 'vitest';
import { describeFilter, filterCells, highlightMask } from './highlight';

const classes = ['car', 'truck', 'bus'];
// Axis order: car 0, truck 1, bus 2, background 3.

const marked = (mask: boolean[][]) =>
  mask.flatMap((row, i) => row.map((on, j) => (on ? `${i}${j}` : null))).filter((x) => x !== null);

describe('highlightMask', () => {
  it('highlights nothing without a filter', () => {
    expect(marked(highlightMask(null, classes))).toEqual([]);
  });

  it('FN is the background column, without background/background', () => {
    expect(marked(highlightMask({ kind: 'fn' }, classes))).toEqual(['03', '13', '23']);
  });

  it('FP is the background row, without background/background', () => {
    expect(marked(highlightMask({ kind: 'fp' }, classes))).toEqual(['30', '31', '32']);
  });

  it('Confused As X is column X without the diagonal and background', () => {
    expect(marked(highlightMask({ kind: 'confused_as', className: 'truck' }, classes))).toEqual(['01', '21']);
  });

  it('Confused From X is row X without the diagonal and background', () => {
    expect(marked(highlightMask({ kind: 'confused_from', className: 'truck' }, classes))).toEqual(['10', '12']);
  });

  it('agreements are the diagonal of real classes', () => {
    expect(marked(highlightMask({ kind: 'agreements' }, classes))).toEqual(['00', '11', '22']);
  });

  it('disagreements are kept predictions of another class: confusions and false positives', () => {
    expect(marked(highlightMask({ kind: 'disagreements' }, classes))).toEqual([
      '01', '02', '10', '12', '20', '21', '30', '31', '32',
    ]);
  });

  it('rejects background and unknown classes', () => {
    expect(() => highlightMask({ kind: 'confused_as', className: 'background' }, classes)).toThrow(/real class/);
    expect(() => highlightMask({ kind: 'confused_from', className: 'boat' }, classes)).toThrow(/unknown class "boat"/);
  });
});

describe('filterCells', () => {
  it('lists the (gt, pred) cells behind a filter', () => {
    expect(filterCells({ kind: 'confused_as', className: 'car' }, classes)).toEqual([
      { gt: 'truck', pred: 'car' },
      { gt: 'bus', pred: 'car' },
    ]);
    expect(filterCells({ kind: 'fn' }, ['a'])).toEqual([{ gt: 'a', pred: 'background' }]);
  });

  it('has no cells for Confused As with a single class', () => {
    expect(filterCells({ kind: 'confused_as', className: 'a' }, ['a'])).toEqual([]);
  });
});

describe('describeFilter', () => {
  it('words each filter', () => {
    expect(describeFilter({ kind: 'fn' })).toMatch(/False negatives/);
    expect(describeFilter({ kind: 'confused_from', className: 'bus' })).toBe('Confused from bus');
  });
});
