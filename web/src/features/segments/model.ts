// Pure helpers of the segment forms: parsing what people type into what the
// API takes, with messages in words for anything it cannot take.

import type { SegmentKind } from '../../api/queries';

export const SEGMENT_KINDS: readonly { readonly value: SegmentKind; readonly label: string; readonly hint: string }[] = [
  { value: 'split', label: 'Split', hint: 'A train, validation or test subset' },
  { value: 'regression_test', label: 'Regression test', hint: 'Frames a model must do well on before it ships' },
  { value: 'scenario', label: 'Scenario', hint: 'Any other subset worth watching' },
];

export function kindLabel(kind: SegmentKind): string {
  return SEGMENT_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

export const METRICS = ['precision', 'recall', 'f1'] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_LABELS: Record<Metric, string> = { precision: 'Precision', recall: 'Recall', f1: 'F1' };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A target threshold: empty unsets it (null); otherwise a number from 0 to 1. */
export function parseThreshold(text: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  // Accept ".8" and "0,8" as people type them; reject anything else that is not a plain number.
  const normalised = trimmed.replace(',', '.');
  if (/^-\s*(\d|\.\d)/.test(normalised)) return { ok: false, error: `${trimmed} is below 0: enter a value from 0 to 1` };
  if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(normalised)) {
    return { ok: false, error: `“${trimmed}” is not a number: enter a value from 0 to 1, e.g. 0.8` };
  }
  const value = Number(normalised);
  if (value > 1) return { ok: false, error: `${trimmed} is above 1: thresholds are shares from 0 to 1 (e.g. 0.8, not 80)` };
  return { ok: true, value };
}

/** How a stored threshold is shown in its input. */
export function thresholdText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export type Thresholds = Record<Metric, number | null>;

/** Only the thresholds that changed, ready for PATCH (null unsets one). */
export function thresholdChanges(before: Thresholds, after: Thresholds): Partial<Thresholds> {
  const out: Partial<Thresholds> = {};
  for (const metric of METRICS) {
    if (before[metric] !== after[metric]) out[metric] = after[metric];
  }
  return out;
}

/** Frame ids typed or pasted: separated by commas, spaces or new lines; duplicates dropped. */
export function parseFrameIds(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    const id = part.trim();
    if (id !== '') seen.add(id);
  }
  return [...seen];
}

export type MetadataValue = string | number | boolean;

/** A metadata value as typed: true/false and plain numbers keep their type; anything else is text. */
export function parseMetadataValue(text: string): MetadataValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

export interface MetadataRow {
  readonly key: string;
  readonly value: string;
}

export function metadataRows(metadata: Record<string, unknown>): MetadataRow[] {
  return Object.entries(metadata).map(([key, value]) => ({
    key,
    value: value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value),
  }));
}

/** Rows of the metadata editor to a metadata object; an error names the first bad row. */
export function metadataFromRows(rows: readonly MetadataRow[]): Parsed<Record<string, MetadataValue>> {
  const out: Record<string, MetadataValue> = {};
  for (const [i, row] of rows.entries()) {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') continue;
    if (key === '') return { ok: false, error: `Row ${i + 1} has a value but no key.` };
    if (key in out) return { ok: false, error: `The key “${key}” appears twice.` };
    out[key] = parseMetadataValue(row.value);
  }
  return { ok: true, value: out };
}

/** A segment name: required, at most 200 characters, not taken. */
export function validateSegmentName(name: string, taken: readonly string[]): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the segment a name.';
  if (trimmed.length > 200) return 'Names are at most 200 characters long.';
  if (trimmed.toLowerCase() === 'all frames') return '“All Frames” is the implicit split of every dataset; choose another name.';
  if (taken.includes(trimmed)) return `A segment named “${trimmed}” already exists.`;
  return null;
}
