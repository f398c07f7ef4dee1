import { describe, expect, it } from 'vitest';
import type { ReportRow } from './manyClass';
import { nextReportSort, parseReportSort, reportLines } from './report';

const row = (className: string, precision: number | null, recall: number | null, f1: number | null, support: number): ReportRow => ({
  className,
  precision,
  recall,
  f1,
  support,
});

const A = [row('cat', 0.9, 0.5, 0.643, 10), row('dog', null, 0, null, 4), row('bird', 0.5, 0.5, 0.5, 20)];
const B = [row('cat', 0.8, 0.6, 0.686, 10), row('dog', 1, 0.25, 0.4, 4), row('bird', 0.5, 0.4, 0.444, 20)];
const names = (lines: ReturnType<typeof reportLines>) => lines.map((l) => l.className);

describe('reportLines', () => {
  it('keeps class order by default and filters by text', () => {
    expect(names(reportLines(A, null))).toEqual(['cat', 'dog', 'bird']);
    expect(names(reportLines(A, null, { query: ' BI ' }))).toEqual(['bird']);
  });

  it('sorts by a metric with undefined values last in both directions', () => {
    expect(names(reportLines(A, null, { sort: 'precision_desc' }))).toEqual(['cat', 'bird', 'dog']);
    expect(names(reportLines(A, null, { sort: 'precision_asc' }))).toEqual(['bird', 'cat', 'dog']);
    expect(names(reportLines(A, null, { sort: 'support_desc' }))).toEqual(['bird', 'cat', 'dog']);
  });

  it('sorts by COCO AP', () => {
    const ap = { cat: 0.2, dog: 0.7, bird: null };
    expect(names(reportLines(A, null, { sort: 'ap_desc', ap }))).toEqual(['dog', 'cat', 'bird']);
    expect(reportLines(A, null, { ap })[1]!.ap).toBe(0.7);
  });

  it('pairs the rows of two sets, sorts by B and by the change in F1', () => {
    const lines = reportLines(A, B, { sort: 'precision_desc' });
    expect(names(lines)).toEqual(['dog', 'cat', 'bird']);
    expect(lines[1]!.b!.precision).toBe(0.8);
    expect(lines[1]!.deltaF1).toBeCloseTo(0.043);
    expect(lines[0]!.deltaF1).toBeNull();
    expect(names(reportLines(A, B, { sort: 'delta_asc' }))).toEqual(['bird', 'cat', 'dog']);
  });
});

describe('report sorting', () => {
  it('parses and cycles the sort of a column', () => {
    expect(parseReportSort(undefined)).toEqual({ key: 'class', descending: false });
    expect(parseReportSort('box_size_desc' as never)).toEqual({ key: 'box_size', descending: true });
    expect(nextReportSort(undefined, 'f1')).toBe('f1_desc');
    expect(nextReportSort('f1_desc', 'f1')).toBe('f1_asc');
    expect(nextReportSort('f1_asc', 'class')).toBe('class_asc');
    expect(nextReportSort('class_asc', 'class')).toBe('class_desc');
  });
});
