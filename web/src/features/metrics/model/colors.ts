// Colours of confusion cells. Intensity is mapped linearly onto a ramp from
// the page colour to a deep tone, so equal steps in share look equal.

import type { Tone } from './confusion';

type Rgb = readonly [number, number, number];

const PAPER: Rgb = [255, 255, 255];
const RAMPS: Record<Exclude<Tone, 'unchanged'>, Rgb> = {
  count: [23, 78, 166], // calm blue
  improved: [29, 78, 216], // blue: better
  regressed: [185, 28, 28], // red: worse
};

function mix(from: Rgb, to: Rgb, t: number): Rgb {
  const clamped = Math.min(1, Math.max(0, t));
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * clamped)) as unknown as Rgb;
}

function css([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

export interface CellColors {
  readonly background: string;
  readonly color: string;
}

/** Fill and text colour of a cell; text turns light on dark fills. */
export function cellColors(tone: Tone, intensity: number): CellColors {
  if (tone === 'unchanged' || intensity <= 0) {
    // Empty and unchanged cells recede, so the counts that matter stand out.
    return { background: css(PAPER), color: 'var(--text-faint)' };
  }
  // Keep a faint tint for tiny nonzero values so they differ from empty cells.
  const t = 0.06 + 0.94 * Math.min(1, intensity);
  return {
    background: css(mix(PAPER, RAMPS[tone], t)),
    color: t > 0.55 ? '#ffffff' : 'var(--text)',
  };
}

/** A calm categorical palette for classes the project gives no colour. */
export const CATEGORICAL = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#b279a2',
  '#eeca3b',
  '#9d755d',
  '#ff9da6',
  '#bab0ac',
] as const;

const SAFE_COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([0-9.,%\s]+\)|hsla?\([0-9.,%\sdeg]+\))$/i;

/** The project's colour for a class if it is a plain CSS colour, else a palette colour. */
export function classColor(index: number, projectColor?: string | null): string {
  if (projectColor && SAFE_COLOR.test(projectColor.trim())) return projectColor.trim();
  return CATEGORICAL[((index % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length]!;
}
