// All view state lives in the URL's search parameters, so reloading or
// sharing a link shows the same view. This module is the codec: flat,
// readable parameters (?project=reef&dataset=val&inference=yolo&tab=metrics)
// to a typed ViewSearch and back, dropping defaults to keep links short.

import type { ConfusionFilter, Normalization, ValueMode } from '../features/metrics/model/types';

export const TABS = ['scenarios', 'metrics', 'embeddings', 'grid'] as const;
export type Tab = (typeof TABS)[number];

export const ORDERINGS = [
  'confidence_desc',
  'confidence_asc',
  'iou_desc',
  'iou_asc',
  'box_size_desc',
  'box_size_asc',
] as const;
export type Ordering = (typeof ORDERINGS)[number];

/** Sortable columns of the classification report; in a comparison they sort by B, `delta` by F1(B) - F1(A). */
export const REPORT_SORT_KEYS = ['class', 'precision', 'recall', 'f1', 'support', 'ap', 'delta'] as const;
export type ReportSortKey = (typeof REPORT_SORT_KEYS)[number];
export type ReportSort = `${ReportSortKey}_${'asc' | 'desc'}`;
export const REPORT_SORTS = REPORT_SORT_KEYS.flatMap((key) => [`${key}_asc`, `${key}_desc`] as const) as readonly ReportSort[];
/** The many-class confusion table of a comparison: by the larger count or by the size of the change. */
export const CONFUSION_SORTS = ['count', 'delta'] as const;
export type ConfusionSort = (typeof CONFUSION_SORTS)[number];

export const EMBEDDING_KINDS = ['frame', 'crop'] as const;
export const FRAME_COLORINGS = ['f1', 'precision', 'recall'] as const;
export const OUTCOMES = ['tp', 'fp', 'fn', 'confusion'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const CROP_SOURCES = ['labels', 'predictions'] as const;
export type CropSource = (typeof CROP_SOURCES)[number];
/** Grid filters: frames with false negatives, false positives, confusions, any error, or none. */
export const GRID_OUTCOMES = ['fn', 'fp', 'confusion', 'errors', 'perfect'] as const;
export type GridOutcome = (typeof GRID_OUTCOMES)[number];
export const GRID_SORTS = ['frame', 'f1_asc', 'f1_desc', 'errors_desc'] as const;
export type GridSort = (typeof GRID_SORTS)[number];

export interface CellSelection {
  readonly gt: string;
  readonly pred: string;
}

export interface ViewSearch {
  // Path bar.
  readonly project?: string;
  readonly dataset?: string;
  /** The first inference set (A): the base of comparisons. */
  readonly inference?: string;
  /** The second inference set (B), compared with A. */
  readonly compare?: string;
  /** A segment name; absent means All Frames. */
  readonly segment?: string;
  /** Only objects of this size (detection); absent means every size. */
  readonly size?: 'small' | 'medium' | 'large';
  readonly tab: Tab;
  // Thresholds; absent means the project's default. B's absent means "same as A".
  readonly confidence?: number;
  readonly iou?: number;
  readonly confidenceB?: number;
  readonly iouB?: number;
  // Metrics tab.
  /** A metric class; absent means the weighted average. */
  readonly metricClass?: string;
  readonly values: ValueMode;
  readonly normalize: Normalization;
  readonly filter?: ConfusionFilter;
  readonly cells: readonly CellSelection[];
  /** Many-class view: the report row selected, and the two tables' text filters. */
  readonly reportClass?: string;
  readonly reportQuery?: string;
  readonly confusionQuery?: string;
  /** The report's sort column and direction; absent means class order. */
  readonly reportSort?: ReportSort;
  /** The many-class comparison table's order; absent means by delta. */
  readonly confusionSort?: ConfusionSort;
  /** Whose examples (and frames) are listed when two sets are compared: A (default) or B. */
  readonly examplesOf?: 'b';
  readonly ordering: Ordering;
  readonly page: number;
  /** A frame opened full size. */
  readonly frame?: string;
  // Embeddings tab.
  readonly embedding: (typeof EMBEDDING_KINDS)[number];
  readonly colorBy: (typeof FRAME_COLORINGS)[number];
  readonly hiddenOutcomes: readonly Outcome[];
  /** Crop map: the labels' crops or the first inference set's predictions' crops. */
  readonly cropSource: CropSource;
  // Grid tab.
  readonly gridQuery?: string;
  readonly gridOutcome?: GridOutcome;
  /** With gridOutcome: only frames where this class takes part in it. */
  readonly gridClass?: string;
  readonly gridSort: GridSort;
  readonly gridPage: number;
  // Scenarios tab.
  /** The segment whose details fly-out is open. */
  readonly details?: string;
}

export const DEFAULT_SEARCH: ViewSearch = {
  tab: 'metrics',
  values: 'absolute',
  normalize: 'row',
  cells: [],
  ordering: 'confidence_desc',
  page: 0,
  embedding: 'frame',
  colorBy: 'f1',
  hiddenOutcomes: [],
  cropSource: 'labels',
  gridSort: 'frame',
  gridPage: 0,
};

type Raw = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  return value === '' ? undefined : value;
}

function oneOf<T extends string>(options: readonly T[], value: unknown, fallback: T): T {
  const s = text(value);
  return s !== undefined && (options as readonly string[]).includes(s) ? (s as T) : fallback;
}

/** A threshold in [0, 1], rounded to 1e-4; anything else is dropped. */
function unit(value: unknown): number | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0 || n > 1) return undefined;
  return Math.round(n * 10_000) / 10_000;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => list(v));
  const s = text(value);
  return s === undefined ? [] : s.split(',').filter((part) => part !== '');
}

/** A cell is written as JSON [gt, pred] so any class name survives. */
function cells(value: unknown): CellSelection[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const parsed: CellSelection[] = [];
  for (const item of items) {
    if (typeof item === 'object' && item !== null && 'gt' in item && 'pred' in item) {
      const { gt, pred } = item as { gt: unknown; pred: unknown };
      if (typeof gt === 'string' && typeof pred === 'string') parsed.push({ gt, pred });
      continue;
    }
    const s = text(item);
    if (s === undefined) continue;
    try {
      const pair: unknown = JSON.parse(s);
      if (Array.isArray(pair) && pair.length === 2 && pair.every((x) => typeof x === 'string')) {
        parsed.push({ gt: pair[0] as string, pred: pair[1] as string });
      }
    } catch {
      // A hand-edited link with a broken cell: ignore that cell only.
    }
  }
  return parsed;
}

function filter(kind: unknown, className: unknown): ConfusionFilter | undefined {
  if (typeof kind === 'object' && kind !== null && 'kind' in kind) {
    const f = kind as { kind: unknown; className?: unknown };
    return filter(f.kind, f.className);
  }
  const k = text(kind);
  if (k === 'fn' || k === 'fp' || k === 'agreements' || k === 'disagreements') return { kind: k };
  const c = text(className);
  if ((k === 'confused_as' || k === 'confused_from') && c !== undefined) return { kind: k, className: c };
  return undefined;
}

function oneOfOptional<T extends string>(options: readonly T[], value: unknown): T | undefined {
  const s = text(value);
  return s !== undefined && (options as readonly string[]).includes(s) ? (s as T) : undefined;
}

function page(value: unknown): number {
  const n = Number(text(value));
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Typed view state from raw parameters. Accepts both strings from the URL and
 * already-typed values (the router validates after navigate() too). Invalid
 * values fall back to defaults instead of failing the page.
 */
export function decodeSearch(raw: Raw): ViewSearch {
  const filterValue = filter(raw.filter, raw.filterClass);
  return {
    ...optional('project', text(raw.project)),
    ...optional('dataset', text(raw.dataset)),
    ...optional('inference', text(raw.inference)),
    ...optional('compare', text(raw.compare)),
    ...optional('segment', text(raw.segment)),
    ...optional('size', oneOfOptional(['small', 'medium', 'large'] as const, raw.size)),
    tab: oneOf(TABS, raw.tab, DEFAULT_SEARCH.tab),
    ...optional('confidence', unit(raw.confidence)),
    ...optional('iou', unit(raw.iou)),
    ...optional('confidenceB', unit(raw.confidenceB)),
    ...optional('iouB', unit(raw.iouB)),
    ...optional('metricClass', text(raw.metricClass)),
    values: oneOf(['absolute', 'percentage'] as const, raw.values, DEFAULT_SEARCH.values),
    normalize: oneOf(['row', 'column', 'value'] as const, raw.normalize, DEFAULT_SEARCH.normalize),
    ...optional('filter', filterValue),
    cells: cells(raw.cell ?? raw.cells),
    ...optional('reportClass', text(raw.reportClass)),
    ...optional('reportQuery', text(raw.reportQuery)),
    ...optional('confusionQuery', text(raw.confusionQuery)),
    ...optional('reportSort', oneOfOptional(REPORT_SORTS, raw.reportSort)),
    ...optional('confusionSort', oneOfOptional(CONFUSION_SORTS, raw.confusionSort)),
    ...optional('examplesOf', oneOfOptional(['b'] as const, raw.examplesOf)),
    ordering: oneOf(ORDERINGS, raw.ordering, DEFAULT_SEARCH.ordering),
    page: page(raw.page),
    ...optional('frame', text(raw.frame)),
    embedding: oneOf(EMBEDDING_KINDS, raw.embedding, DEFAULT_SEARCH.embedding),
    colorBy: oneOf(FRAME_COLORINGS, raw.colorBy, DEFAULT_SEARCH.colorBy),
    hiddenOutcomes: list(raw.hide ?? raw.hiddenOutcomes).filter((o): o is Outcome => (OUTCOMES as readonly string[]).includes(o)),
    ...optional('gridQuery', text(raw.gridQuery)),
    cropSource: oneOf(CROP_SOURCES, raw.cropSource, DEFAULT_SEARCH.cropSource),
    ...optional('gridOutcome', oneOfOptional(GRID_OUTCOMES, raw.gridOutcome)),
    ...optional('gridClass', text(raw.gridClass)),
    gridSort: oneOf(GRID_SORTS, raw.gridSort, DEFAULT_SEARCH.gridSort),
    gridPage: page(raw.gridPage),
    ...optional('details', text(raw.details)),
  };
}

/**
 * URL parameters of a view, in a stable order, defaults left out. The output
 * is a list of pairs because `cell` may repeat.
 */
export function encodeSearch(search: Partial<ViewSearch>): [string, string][] {
  const s = decodeSearch(search as Raw);
  const out: [string, string][] = [];
  const put = (key: string, value: string | number | undefined, fallback?: string | number) => {
    if (value !== undefined && value !== fallback) out.push([key, String(value)]);
  };
  put('project', s.project);
  put('dataset', s.dataset);
  put('inference', s.inference);
  put('compare', s.compare);
  put('segment', s.segment);
  put('size', s.size);
  put('tab', s.tab, DEFAULT_SEARCH.tab);
  put('confidence', s.confidence);
  put('iou', s.iou);
  put('confidenceB', s.confidenceB);
  put('iouB', s.iouB);
  put('metricClass', s.metricClass);
  put('values', s.values, DEFAULT_SEARCH.values);
  put('normalize', s.normalize, DEFAULT_SEARCH.normalize);
  if (s.filter) {
    put('filter', s.filter.kind);
    if (s.filter.kind === 'confused_as' || s.filter.kind === 'confused_from') put('filterClass', s.filter.className);
  }
  for (const c of s.cells) out.push(['cell', JSON.stringify([c.gt, c.pred])]);
  put('reportClass', s.reportClass);
  put('reportQuery', s.reportQuery);
  put('confusionQuery', s.confusionQuery);
  put('reportSort', s.reportSort);
  put('confusionSort', s.confusionSort);
  put('examplesOf', s.examplesOf);
  put('ordering', s.ordering, DEFAULT_SEARCH.ordering);
  put('page', s.page, DEFAULT_SEARCH.page);
  put('frame', s.frame);
  put('embedding', s.embedding, DEFAULT_SEARCH.embedding);
  put('colorBy', s.colorBy, DEFAULT_SEARCH.colorBy);
  if (s.hiddenOutcomes.length > 0) put('hide', s.hiddenOutcomes.join(','));
  put('gridQuery', s.gridQuery);
  put('cropSource', s.cropSource, DEFAULT_SEARCH.cropSource);
  put('gridOutcome', s.gridOutcome);
  put('gridClass', s.gridClass);
  put('gridSort', s.gridSort, DEFAULT_SEARCH.gridSort);
  put('gridPage', s.gridPage, DEFAULT_SEARCH.gridPage);
  put('details', s.details);
  return out;
}

/** Router hook: the raw URL search string to raw parameters (repeated keys become lists). */
export function parseSearchString(searchString: string): Raw {
  const params = new URLSearchParams(searchString.startsWith('?') ? searchString.slice(1) : searchString);
  const raw: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const existing = raw[key];
    if (existing === undefined) raw[key] = value;
    else raw[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return raw;
}

/** Router hook: typed state to "?a=b&..." ("" when everything is default). */
export function stringifySearch(search: Raw): string {
  const query = new URLSearchParams(encodeSearch(search as Partial<ViewSearch>)).toString();
  return query ? `?${query}` : '';
}

/** Thresholds in force for each side of a comparison. */
export interface EffectiveThresholds {
  readonly a: { readonly confidence: number; readonly iou: number };
  readonly b: { readonly confidence: number; readonly iou: number };
  /** Whether B follows A (no independent thresholds in the URL). */
  readonly shared: boolean;
}

export function effectiveThresholds(
  search: Pick<ViewSearch, 'confidence' | 'iou' | 'confidenceB' | 'iouB'>,
  defaults: { readonly confidence: number; readonly iou: number },
): EffectiveThresholds {
  const a = { confidence: search.confidence ?? defaults.confidence, iou: search.iou ?? defaults.iou };
  const shared = search.confidenceB === undefined && search.iouB === undefined;
  const b = shared ? a : { confidence: search.confidenceB ?? a.confidence, iou: search.iouB ?? a.iou };
  return { a, b, shared };
}

/** Swaps the two inference sets together with their own thresholds. */
export function swapInferenceSets(search: ViewSearch): ViewSearch {
  if (search.compare === undefined) return search;
  const shared = search.confidenceB === undefined && search.iouB === undefined;
  const { confidence, iou, confidenceB, iouB, inference, compare, ...rest } = search;
  return {
    ...rest,
    inference: compare,
    ...optional('compare', inference),
    ...(shared
      ? { ...optional('confidence', confidence), ...optional('iou', iou) }
      : {
          ...optional('confidence', confidenceB ?? confidence),
          ...optional('iou', iouB ?? iou),
          ...optional('confidenceB', confidence),
          ...optional('iouB', iou),
        }),
  };
}

/**
 * What changing the project, dataset or inference sets resets: anything tied
 * to the old selection (segment, classes, cells, frames, paging).
 */
export function resetSelection(search: ViewSearch, level: 'project' | 'dataset' | 'inference'): ViewSearch {
  const {
    cells: _cells,
    filter: _filter,
    reportClass: _reportClass,
    frame: _frame,
    page: _page,
    ...kept
  } = search;
  let next: ViewSearch = { ...kept, cells: [], page: 0, gridPage: 0 };
  if (level === 'project' || level === 'dataset') {
    const { segment: _segment, inference: _inference, compare: _compare, confidenceB: _cb, iouB: _ib, details: _d, ...rest } = next;
    next = rest;
  }
  if (level === 'project') {
    const { dataset: _dataset, metricClass: _metricClass, confidence: _c, iou: _i, gridClass: _gc, gridQuery: _gq, ...rest } = next;
    next = rest;
  }
  return next;
}
