// What the URL asked for that the view could not use. decodeSearch quietly
// falls back to defaults; these notices tell the user which parameter was
// ignored and what it should have been, so a mistyped link is not a mystery.

import {
  CONFUSION_SORTS,
  CROP_SOURCES,
  decodeSearch,
  DEFAULT_SEARCH,
  EMBEDDING_KINDS,
  encodeSearch,
  FRAME_COLORINGS,
  GRID_OUTCOMES,
  GRID_SORTS,
  ORDERINGS,
  OUTCOMES,
  REPORT_SORTS,
  TABS,
} from './search';

type Raw = Record<string, unknown>;

const UNIT = 'a number from 0 to 1';
const PAGE = 'a whole number from 0';

function choices(options: readonly string[]): string {
  return options.length > 6 ? `one of ${options.slice(0, 6).join(', ')}, …` : `one of ${options.join(', ')}`;
}

/** Parameters whose value can be invalid, with what a valid value looks like. */
const EXPECTED: Record<string, string> = {
  tab: choices(TABS),
  confidence: UNIT,
  iou: UNIT,
  confidenceB: UNIT,
  iouB: UNIT,
  values: choices(['absolute', 'percentage']),
  normalize: choices(['row', 'column', 'value']),
  filter: choices(['fn', 'fp', 'confused_as', 'confused_from', 'agreements', 'disagreements']),
  cell: 'a JSON pair such as ["person","background"]',
  reportSort: choices(REPORT_SORTS),
  confusionSort: choices(CONFUSION_SORTS),
  examplesOf: 'b',
  ordering: choices(ORDERINGS),
  page: PAGE,
  embedding: choices(EMBEDDING_KINDS),
  colorBy: choices(FRAME_COLORINGS),
  hide: `a comma-separated list of ${OUTCOMES.join(', ')}`,
  cropSource: choices(CROP_SOURCES),
  gridOutcome: choices(GRID_OUTCOMES),
  gridSort: choices(GRID_SORTS),
  gridPage: PAGE,
};

/** The default a parameter's value may spell out (the encoder leaves defaults out of links). */
const DEFAULT_TEXT: Record<string, string> = {
  tab: DEFAULT_SEARCH.tab,
  values: DEFAULT_SEARCH.values,
  normalize: DEFAULT_SEARCH.normalize,
  ordering: DEFAULT_SEARCH.ordering,
  page: String(DEFAULT_SEARCH.page),
  embedding: DEFAULT_SEARCH.embedding,
  colorBy: DEFAULT_SEARCH.colorBy,
  cropSource: DEFAULT_SEARCH.cropSource,
  gridSort: DEFAULT_SEARCH.gridSort,
  gridPage: String(DEFAULT_SEARCH.gridPage),
};

export interface SearchNotice {
  readonly key: string;
  readonly value: string;
  readonly message: string;
}

function values(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(values);
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function encoded(raw: Raw): string {
  return JSON.stringify(encodeSearch(decodeSearch(raw)));
}

/** Whether one value of a parameter changes the decoded view: if not, it was ignored. */
function used(raw: Raw, key: string, given: readonly string[], index: number): boolean {
  const others = given.filter((_, i) => i !== index);
  const without: Raw = { ...raw, [key]: others.length === 0 ? undefined : others.length === 1 ? others[0] : others };
  return encoded(raw) !== encoded(without);
}

/**
 * One notice per parameter value of the raw URL state that the view ignored:
 * out of range, not one of the choices, or empty. Parameters the app does not
 * know are left alone (links may carry other tools' parameters).
 */
export function searchNotices(raw: Raw): SearchNotice[] {
  const notices: SearchNotice[] = [];
  for (const [key, rawValue] of Object.entries(raw)) {
    const expected = EXPECTED[key];
    if (expected === undefined) continue;
    const given = values(rawValue);
    given.forEach((value, index) => {
      if (value === DEFAULT_TEXT[key]) return;
      const bad =
        key === 'hide'
          ? value === ''
            ? ['']
            : value.split(',').filter((part) => part !== '' && !(OUTCOMES as readonly string[]).includes(part))
          : used(raw, key, given, index)
            ? []
            : [value];
      for (const part of bad) {
        const what = part === '' ? 'is empty' : `“${shown(part)}” is not valid`;
        notices.push({ key, value: part, message: `${key}: ${what} (expected ${expected}); the default is used instead.` });
      }
    });
  }
  return notices;
}
