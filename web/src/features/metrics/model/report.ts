// The classification report as table lines: one set, or two side by side
// (sorted by B's values, or by the change in F1), with COCO AP per class when
// known. Undefined values sort last in either direction.

import type { ReportSort, ReportSortKey } from '../../../app/search';
import type { ReportRow } from './manyClass';

export interface ReportLine {
  readonly className: string;
  readonly a: ReportRow;
  /** The second set's row when two are compared. */
  readonly b: ReportRow | null;
  /** COCO AP of the class (first set), when computed. */
  readonly ap: number | null;
  /** F1(B) - F1(A), null when either is undefined or there is no B. */
  readonly deltaF1: number | null;
}

export interface ReportLinesOptions {
  readonly query?: string | undefined;
  readonly sort?: ReportSort | undefined;
  readonly ap?: Readonly<Record<string, number | null>> | null | undefined;
}

export function parseReportSort(sort: ReportSort | undefined): { key: ReportSortKey; descending: boolean } {
  if (sort === undefined) return { key: 'class', descending: false };
  const cut = sort.lastIndexOf('_');
  return { key: sort.slice(0, cut) as ReportSortKey, descending: sort.slice(cut + 1) === 'desc' };
}

/** Clicking a column: sort by it (metrics high first), clicking again flips the direction. */
export function nextReportSort(current: ReportSort | undefined, key: ReportSortKey): ReportSort {
  const { key: currentKey, descending } = parseReportSort(current);
  if (currentKey === key) return `${key}_${descending ? 'asc' : 'desc'}`;
  return `${key}_${key === 'class' ? 'asc' : 'desc'}`;
}

function valueOf(line: ReportLine, key: ReportSortKey): number | null {
  const row = line.b ?? line.a;
  switch (key) {
    case 'class':
      return null;
    case 'ap':
      return line.ap;
    case 'delta':
      return line.deltaF1;
    default:
      return row[key];
  }
}

export function reportLines(
  rowsA: readonly ReportRow[],
  rowsB: readonly ReportRow[] | null,
  options: ReportLinesOptions = {},
): ReportLine[] {
  const query = (options.query ?? '').trim().toLowerCase();
  const byName = new Map((rowsB ?? []).map((row) => [row.className, row]));
  const { key, descending } = parseReportSort(options.sort);
  const direction = descending ? -1 : 1;
  const lines = rowsA.map((a, position) => {
    const b = rowsB === null ? null : (byName.get(a.className) ?? null);
    const deltaF1 = b !== null && a.f1 !== null && b.f1 !== null ? b.f1 - a.f1 : null;
    return { position, line: { className: a.className, a, b, ap: options.ap?.[a.className] ?? null, deltaF1 } };
  });
  return lines
    .filter(({ line }) => !query || line.className.toLowerCase().includes(query))
    .sort((x, y) => {
      if (key === 'class') return direction * (x.position - y.position);
      const vx = valueOf(x.line, key);
      const vy = valueOf(y.line, key);
      if (vx === null && vy === null) return x.position - y.position;
      if (vx === null) return 1;
      if (vy === null) return -1;
      return direction * (vx - vy) || x.position - y.position;
    })
    .map(({ line }) => line);
}
