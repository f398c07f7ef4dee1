import { describe, expect, it } from 'vitest';
import {
  confusionTable,
  deltaTable,
  entriesFromDense,
  isManyClass,
  MANY_CLASS_THRESHOLD,
  reportTable,
  type ReportRow,
} from './manyClass';
import type { ConfusionEntry } from './types';

const classes = ['chair', 'table', 'lamp'];
const entries: ConfusionEntry[] = [
  { gt: 'chair', pred: 'chair', count: 40 },
  { gt: 'chair', pred: 'table', count: 6 },
  { gt: 'table', pred: 'chair', count: 6 },
  { gt: 'lamp', pred: 'background', count: 9 },
  { gt: 'background', pred: 'lamp', count: 3 },
  { gt: 'table', pred: 'table', count: 30 },
  { gt: 'lamp', pred: 'lamp', count: 6 },
];
// total 100

describe('isManyClass', () => {
  it('switches to tables above 25 classes', () => {
    expect(MANY_CLASS_THRESHOLD).toBe(25);
    expect(isManyClass(Array.from({ length: 25 }, (_, i) => `c${i}`))).toBe(false);
    expect(isManyClass(Array.from({ length: 26 }, (_, i) => `c${i}`))).toBe(true);
  });
});

describe('confusionTable', () => {
  it('sorts by count, ties in project class order (gt, then prediction)', () => {
    const rows = confusionTable(entries, classes);
    expect(rows.map((r) => `${r.gt}>${r.pred}:${r.count}`)).toEqual([
      'chair>chair:40',
      'table>table:30',
      'lamp>background:9',
      'chair>table:6',
      'table>chair:6',
      'lamp>lamp:6',
      'background>lamp:3',
    ]);
    expect(rows[0]!.share).toBeCloseTo(0.4);
    expect(rows[2]!.kind).toBe('fn');
    expect(rows[6]!.kind).toBe('fp');
  });

  it('keeps rows where gt or prediction is the selected report class', () => {
    const rows = confusionTable(entries, classes, { reportClass: 'table' });
    expect(rows.map((r) => `${r.gt}>${r.pred}`)).toEqual(['table>table', 'chair>table', 'table>chair']);
  });

  it('keeps shares over the whole matrix after filtering', () => {
    const rows = confusionTable(entries, classes, { reportClass: 'lamp' });
    expect(rows.map((r) => r.share)).toEqual([0.09, 0.06, 0.03]);
  });

  it('shares by row or column when asked', () => {
    const [first] = confusionTable(entries, classes, { reportClass: 'chair', normalize: 'row' });
    expect(first!.share).toBeCloseTo(40 / 46);
    const byColumn = confusionTable(entries, classes, { reportClass: 'chair', normalize: 'column' });
    expect(byColumn.find((r) => r.gt === 'table' && r.pred === 'chair')!.share).toBeCloseTo(6 / 46);
  });

  it('applies confusion filters, a text query and hides correct rows', () => {
    expect(confusionTable(entries, classes, { filter: { kind: 'fn' } }).map((r) => r.gt)).toEqual(['lamp']);
    expect(confusionTable(entries, classes, { query: 'LAM' }).map((r) => r.key)).toEqual([
      '["lamp","background"]',
      '["lamp","lamp"]',
      '["background","lamp"]',
    ]);
    expect(confusionTable(entries, classes, { includeCorrect: false }).every((r) => r.gt !== r.pred)).toBe(true);
  });

  it('drops zero counts', () => {
    expect(confusionTable([{ gt: 'a', pred: 'b', count: 0 }], ['a', 'b'])).toEqual([]);
  });
});

describe('entriesFromDense', () => {
  it('lists nonzero cells with background names', () => {
    expect(
      entriesFromDense({
        classes: ['a'],
        counts: [
          [2, 1],
          [3, 0],
        ],
      }),
    ).toEqual([
      { gt: 'a', pred: 'a', count: 2 },
      { gt: 'a', pred: 'background', count: 1 },
      { gt: 'background', pred: 'a', count: 3 },
    ]);
  });
});

describe('deltaTable', () => {
  const after: ConfusionEntry[] = [
    { gt: 'chair', pred: 'chair', count: 44 },
    { gt: 'chair', pred: 'table', count: 2 },
    { gt: 'lamp', pred: 'background', count: 12 },
    { gt: 'lamp', pred: 'lamp', count: 3 },
  ];

  it('merges both sides, sorted by the size of the change', () => {
    const rows = deltaTable(entries, after, classes, { includeCorrect: true });
    expect(rows.slice(0, 4).map((r) => `${r.gt}>${r.pred}:${r.countA}->${r.countB}:${r.delta}:${r.tone}`)).toEqual([
      'table>table:30->0:-30:regressed',
      'table>chair:6->0:-6:improved',
      'chair>chair:40->44:4:improved',
      'chair>table:6->2:-4:improved',
    ]);
  });

  it('filters by a report class like the single table', () => {
    const rows = deltaTable(entries, after, classes, { reportClass: 'lamp', sortBy: 'count' });
    expect(rows.map((r) => r.key)).toEqual(['["lamp","background"]', '["lamp","lamp"]', '["background","lamp"]']);
    expect(rows[0]!.tone).toBe('regressed');
  });
});

describe('reportTable', () => {
  const report: ReportRow[] = [
    { className: 'chair', precision: 0.8, recall: 0.9, f1: 0.85, support: 46 },
    { className: 'table', precision: null, recall: 0, f1: null, support: 36 },
    { className: 'lamp', precision: 0.5, recall: 0.4, f1: 0.44, support: 15 },
  ];

  it('keeps project order by default and filters by text', () => {
    expect(reportTable(report).map((r) => r.className)).toEqual(['chair', 'table', 'lamp']);
    expect(reportTable(report, { query: 'AMP' }).map((r) => r.className)).toEqual(['lamp']);
  });

  it('puts undefined values last in either direction', () => {
    expect(reportTable(report, { sortBy: 'precision' }).map((r) => r.className)).toEqual(['lamp', 'chair', 'table']);
    expect(reportTable(report, { sortBy: 'precision', descending: true }).map((r) => r.className)).toEqual([
      'chair',
      'lamp',
      'table',
    ]);
  });

  it('sorts by support', () => {
    expect(reportTable(report, { sortBy: 'support', descending: true }).map((r) => r.support)).toEqual([46, 36, 15]);
  });
});
