import { describe, expect, it } from 'vitest';
import { buildDeltaMatrix, buildMatrix, deltaHover, deltaTone } from './confusion';
import { cellColors } from './colors';
import type { ConfusionData } from './types';

// Rows are ground truth, columns predictions, background last.
//          cat dog bg
// cat    [  5,  2,  3 ]  row 10
// dog    [  1,  4,  0 ]  row 5
// bg     [  2,  1,  0 ]  row 3
// column    8   7   3    total 18
const A: ConfusionData = {
  classes: ['cat', 'dog'],
  counts: [
    [5, 2, 3],
    [1, 4, 0],
    [2, 1, 0],
  ],
};

const B: ConfusionData = {
  classes: ['cat', 'dog'],
  counts: [
    [7, 1, 2],
    [1, 2, 2],
    [4, 1, 0],
  ],
};

const cell = <T extends { gt: string; pred: string }>(cells: readonly (readonly T[])[], gt: string, pred: string): T => {
  const found = cells.flat().find((c) => c.gt === gt && c.pred === pred);
  if (!found) throw new Error(`no cell ${gt}/${pred}`);
  return found;
};

describe('buildMatrix', () => {
  it('labels both axes with the classes and background last', () => {
    const m = buildMatrix(A, { values: 'absolute', normalize: 'row' });
    expect(m.labels).toEqual(['cat', 'dog', 'background']);
    expect(m.rowTotals).toEqual([10, 5, 3]);
    expect(m.columnTotals).toEqual([8, 7, 3]);
    expect(m.total).toBe(18);
  });

  it('shows counts in absolute mode and colours by the chosen denominator', () => {
    const m = buildMatrix(A, { values: 'absolute', normalize: 'row' });
    const c = cell(m.cells, 'cat', 'dog');
    expect(c.text).toBe('2');
    expect(c.denominator).toBe(10);
    expect(c.intensity).toBeCloseTo(0.2);
    expect(c.kind).toBe('confusion');
    expect(c.hover).toBe('dog - cat 2 / 10 (20.0% of the cat row)');
  });

  it.each([
    ['row', 10, '20.0%', 'dog - cat 2 / 10 (20.0% of the cat row)'],
    ['column', 7, '28.6%', 'dog - cat 2 / 7 (28.6% of the dog column)'],
    ['value', 18, '11.1%', 'dog - cat 2 / 18 (11.1% of all)'],
  ] as const)('percentage of the %s', (normalize, denominator, text, hover) => {
    const c = cell(buildMatrix(A, { values: 'percentage', normalize }).cells, 'cat', 'dog');
    expect(c.denominator).toBe(denominator);
    expect(c.text).toBe(text);
    expect(c.hover).toBe(hover);
    expect(c.intensity).toBeCloseTo(2 / denominator);
  });

  it('intensity follows the toggle even when counts are shown', () => {
    const byRow = cell(buildMatrix(A, { values: 'absolute', normalize: 'row' }).cells, 'dog', 'dog');
    const byColumn = cell(buildMatrix(A, { values: 'absolute', normalize: 'column' }).cells, 'dog', 'dog');
    expect(byRow.text).toBe(byColumn.text);
    expect(byRow.intensity).toBeCloseTo(4 / 5);
    expect(byColumn.intensity).toBeCloseTo(4 / 7);
  });

  it('marks the background/background cell as not counted', () => {
    const c = cell(buildMatrix(A, { values: 'percentage', normalize: 'value' }).cells, 'background', 'background');
    expect(c.applicable).toBe(false);
    expect(c.kind).toBe('none');
    expect(c.text).toBe('');
    expect(c.intensity).toBe(0);
  });

  it('names false negatives and false positives by their position', () => {
    const m = buildMatrix(A, { values: 'absolute', normalize: 'row' });
    expect(cell(m.cells, 'cat', 'background').kind).toBe('fn');
    expect(cell(m.cells, 'background', 'dog').kind).toBe('fp');
    expect(cell(m.cells, 'dog', 'dog').kind).toBe('correct');
  });

  it('shows an empty row as undefined, not 0%', () => {
    const empty: ConfusionData = {
      classes: ['a', 'b'],
      counts: [
        [0, 0, 0],
        [0, 3, 1],
        [2, 0, 0],
      ],
    };
    const c = cell(buildMatrix(empty, { values: 'percentage', normalize: 'row' }).cells, 'a', 'b');
    expect(c.share).toBeNull();
    expect(c.text).toBe('—');
    expect(c.intensity).toBe(0);
  });

  it('formats large counts with separators', () => {
    const big: ConfusionData = { classes: ['x'], counts: [[12345, 0], [1, 0]] };
    expect(cell(buildMatrix(big, { values: 'absolute', normalize: 'value' }).cells, 'x', 'x').text).toBe('12,345');
  });

  it('rejects a matrix of the wrong shape or with non-counts', () => {
    expect(() => buildMatrix({ classes: ['a'], counts: [[1, 2]] }, { values: 'absolute', normalize: 'row' })).toThrow(
      /has 1 rows, expected 2/,
    );
    expect(() =>
      buildMatrix({ classes: ['a'], counts: [[1, 2], [0.5, 0]] }, { values: 'absolute', normalize: 'row' }),
    ).toThrow(/expected a count/);
  });
});

describe('buildDeltaMatrix', () => {
  const m = buildDeltaMatrix(A, B, { values: 'absolute', normalize: 'row' });

  it('writes the hover text exactly as <pred> - <gt> +N (a -> b)', () => {
    expect(cell(m.cells, 'cat', 'cat').hover).toBe('cat - cat +2 (5 -> 7)');
    expect(cell(m.cells, 'cat', 'dog').hover).toBe('dog - cat -1 (2 -> 1)');
    expect(cell(m.cells, 'dog', 'cat').hover).toBe('cat - dog +0 (1 -> 1)');
    expect(cell(m.cells, 'background', 'cat').hover).toBe('cat - background +2 (2 -> 4)');
  });

  it("reproduces the seed's example", () => {
    expect(deltaHover('straight', 'delta', 2, 12)).toBe('delta - straight +10 (2 -> 12)');
    expect(deltaHover('straight', 'delta', 1200, 12)).toBe('delta - straight -1188 (1200 -> 12)');
  });

  it('is blue for more correct and red for fewer on the diagonal', () => {
    expect(cell(m.cells, 'cat', 'cat').tone).toBe('improved');
    expect(cell(m.cells, 'dog', 'dog').tone).toBe('regressed');
  });

  it('inverts the colours off the diagonal: more errors are red', () => {
    expect(cell(m.cells, 'cat', 'dog').tone).toBe('improved'); // one confusion fewer
    expect(cell(m.cells, 'dog', 'background').tone).toBe('regressed'); // two more misses
    expect(cell(m.cells, 'background', 'cat').tone).toBe('regressed'); // two more false positives
    expect(cell(m.cells, 'cat', 'background').tone).toBe('improved'); // one miss fewer
    expect(cell(m.cells, 'dog', 'cat').tone).toBe('unchanged');
  });

  it('shows signed counts and scales intensity to the largest change', () => {
    expect(cell(m.cells, 'cat', 'cat').text).toBe('+2');
    expect(cell(m.cells, 'cat', 'dog').text).toBe('-1');
    expect(cell(m.cells, 'dog', 'cat').text).toBe('0');
    expect(cell(m.cells, 'cat', 'cat').intensity).toBe(1);
    expect(cell(m.cells, 'cat', 'dog').intensity).toBe(0.5);
    expect(cell(m.cells, 'dog', 'cat').intensity).toBe(0);
  });

  it('in percentage mode shows the change of share in points, own denominators', () => {
    const p = buildDeltaMatrix(A, B, { values: 'percentage', normalize: 'row' });
    const c = cell(p.cells, 'dog', 'dog'); // 4/5 -> 2/5
    expect(c.points).toBeCloseTo(-0.4);
    expect(c.text).toBe('-40.0 pp');
    expect(c.tone).toBe('regressed');
    expect(c.hover).toBe('dog - dog -2 (4 -> 2)');
  });

  it('shows 0 for a cell empty on both sides in percentage mode', () => {
    const p = buildDeltaMatrix(A, B, { values: 'percentage', normalize: 'row' });
    expect(cell(p.cells, 'background', 'background').text).toBe('');
    const empty = buildDeltaMatrix(
      { classes: ['a'], counts: [[1, 0], [0, 0]] },
      { classes: ['a'], counts: [[2, 0], [0, 0]] },
      { values: 'percentage', normalize: 'value' },
    );
    expect(cell(empty.cells, 'a', 'background').text).toBe('0');
    expect(cell(empty.cells, 'a', 'a').text).toBe('+0.0 pp');
  });

  it('refuses two different class lists', () => {
    expect(() => buildDeltaMatrix(A, { ...B, classes: ['dog', 'cat'] }, { values: 'absolute', normalize: 'row' })).toThrow(
      /different class lists/,
    );
  });
});

describe('deltaTone', () => {
  it.each([
    ['correct', 3, 'improved'],
    ['correct', -3, 'regressed'],
    ['confusion', 3, 'regressed'],
    ['confusion', -3, 'improved'],
    ['fn', 1, 'regressed'],
    ['fp', -1, 'improved'],
    ['fp', 0, 'unchanged'],
    ['none', 5, 'unchanged'],
  ] as const)('%s changed by %d is %s', (kind, change, tone) => {
    expect(deltaTone(kind, change)).toBe(tone);
  });
});

describe('cellColors', () => {
  it('is white for empty cells and blue or red otherwise', () => {
    expect(cellColors('count', 0).background).toBe('rgb(255, 255, 255)');
    expect(cellColors('improved', 1).background).toBe('rgb(29, 78, 216)');
    expect(cellColors('regressed', 1).background).toBe('rgb(185, 28, 28)');
    expect(cellColors('regressed', 1).color).toBe('#ffffff');
    expect(cellColors('count', 0.1).color).toBe('var(--text)');
  });

  it('gets darker as intensity grows', () => {
    const light = cellColors('count', 0.2).background;
    const dark = cellColors('count', 0.8).background;
    const red = (css: string) => Number(/rgb\((\d+)/.exec(css)![1]);
    expect(red(dark)).toBeLessThan(red(light));
  });
});
