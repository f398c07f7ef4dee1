import { describe, expect, it } from 'vitest';
import { meetsTarget, scopeToClass, SUMMARY_FIELDS, summaryChange, summaryText, type SummaryValues } from './summary';

const a: SummaryValues = { precision: 0.8, recall: 0.5, f1: null, false_positives: 10, false_negatives: 20, confusions: 3, frame_count: 100 };
const b: SummaryValues = { precision: 0.8304, recall: 0.45, f1: 0.6, false_positives: 4, false_negatives: 25, confusions: 3, frame_count: 100 };
const field = (key: string) => SUMMARY_FIELDS.find((f) => f.key === key)!;

describe('summaryChange', () => {
  it('reads a higher precision as better and a higher FN count as worse', () => {
    expect(summaryChange(field('precision'), a, b)).toEqual({ text: '+0.030', tone: 'improved' });
    expect(summaryChange(field('recall'), a, b)).toEqual({ text: '-0.050', tone: 'regressed' });
    expect(summaryChange(field('false_positives'), a, b)).toEqual({ text: '-6', tone: 'improved' });
    expect(summaryChange(field('false_negatives'), a, b)).toEqual({ text: '+5', tone: 'regressed' });
  });

  it('says nothing changed, or that a side is undefined', () => {
    expect(summaryChange(field('confusions'), a, b)).toEqual({ text: '±0', tone: 'unchanged' });
    expect(summaryChange(field('f1'), a, b)).toEqual({ text: '—', tone: 'unchanged' });
  });
});

describe('summaryText', () => {
  it('formats metrics with three decimals, counts with separators, undefined as —', () => {
    expect(summaryText(b, 'precision', null).text).toBe('0.830');
    expect(summaryText({ ...a, false_negatives: 12345 }, 'false_negatives', null).text).toBe('12,345');
    expect(summaryText(a, 'f1', 'cat')).toEqual({ text: '—', reason: expect.stringMatching(/F1 is undefined/) });
  });
});

describe('meetsTarget', () => {
  it('compares a metric with its target (>=) and is null without one', () => {
    expect(meetsTarget('precision', a, { precision: 0.8 })).toBe(true);
    expect(meetsTarget('recall', a, { recall: 0.6 })).toBe(false);
    expect(meetsTarget('f1', a, { f1: 0.5 })).toBeNull();
    expect(meetsTarget('precision', a, { precision: null })).toBeNull();
    expect(meetsTarget('false_positives', a, { precision: 0.1 })).toBeNull();
    expect(meetsTarget('precision', a, null)).toBeNull();
  });
});

describe('scopeToClass', () => {
  const all: SummaryValues = { precision: 0.5, recall: 0.5, f1: 0.5, false_positives: 9, false_negatives: 8, confusions: 7, frame_count: 4 };
  const entries = [
    { gt: 'cat', pred: 'cat', count: 5 },
    { gt: 'cat', pred: 'dog', count: 2 },
    { gt: 'dog', pred: 'cat', count: 3 },
    { gt: 'dog', pred: 'bird', count: 4 },
    { gt: 'cat', pred: 'background', count: 6 },
    { gt: 'background', pred: 'cat', count: 1 },
    { gt: 'background', pred: 'dog', count: 8 },
    { gt: 'dog', pred: 'background', count: 2 },
  ];

  it('counts the class column background row, row background column, and its off-diagonal cells', () => {
    expect(scopeToClass(all, entries, 'cat')).toEqual({ ...all, false_positives: 1, false_negatives: 6, confusions: 5 });
    expect(scopeToClass(all, entries, 'dog')).toEqual({ ...all, false_positives: 8, false_negatives: 2, confusions: 9 });
  });

  it('leaves the all-class summary alone without a metric class', () => {
    expect(scopeToClass(all, entries, null)).toBe(all);
  });
});
