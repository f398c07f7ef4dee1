import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatMetric,
  formatPercent,
  formatSignedCount,
  formatSignedPoints,
  undefinedReason,
  UNDEFINED_MARK,
} from './format';

describe('formatMetric', () => {
  it('shows three decimals', () => {
    expect(formatMetric(0.87654, 'precision')).toEqual({ text: '0.877', reason: null });
    expect(formatMetric(0, 'recall')).toEqual({ text: '0.000', reason: null });
  });

  it('shows undefined values as a dash with the reason', () => {
    const p = formatMetric(null, 'precision', 'lamp');
    expect(p.text).toBe(UNDEFINED_MARK);
    expect(p.text).toBe('—');
    expect(p.reason).toBe('Precision is undefined: no predictions of lamp are kept at this confidence (TP + FP = 0).');
    expect(formatMetric(undefined, 'recall', 'lamp').reason).toBe(
      'Recall is undefined: there are no labels of lamp in these frames (TP + FN = 0).',
    );
    expect(formatMetric(Number.NaN, 'recall').text).toBe('—');
  });
});

describe('undefinedReason for F1', () => {
  it('tells why from the counts', () => {
    expect(undefinedReason('f1', 'cat', { truePositives: 0, falsePositives: 0, falseNegatives: 0 })).toMatch(
      /no labels and no kept predictions of cat/,
    );
    expect(undefinedReason('f1', 'cat', { truePositives: 0, falsePositives: 0, falseNegatives: 4 })).toMatch(
      /no predictions of cat/,
    );
    expect(undefinedReason('f1', null)).toMatch(/precision or recall is 0\/0/);
  });
});

describe('number formats', () => {
  it('formats counts, percentages and signed changes', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatSignedCount(10)).toBe('+10');
    expect(formatSignedCount(-3)).toBe('-3');
    expect(formatSignedCount(0)).toBe('+0');
    expect(formatSignedPoints(0.042)).toBe('+4.2 pp');
    expect(formatSignedPoints(-0.0001)).toBe('+0.0 pp');
    expect(formatSignedPoints(null)).toBe('—');
  });
});
