// Which PR curves the chart draws, and how: the aggregates of each inference
// set in the set's colour (B dashed), every class in its colour, switched off
// in the legend when there are many or two sets are overlaid; the metric
// class always on and heavier.

import type { PrCurve, PrPoint } from './prCurve';

export interface CurveSource {
  readonly classes: readonly { readonly name: string; readonly points: readonly PrPoint[] }[];
  readonly aggregates: readonly { readonly name: string; readonly points: readonly PrPoint[] }[];
}

export interface CurveSide {
  readonly source: CurveSource;
  /** "A" or "B" when two sets are overlaid; null for one set. */
  readonly tag: string | null;
  /** Colour of the aggregate curves. */
  readonly color: string;
  readonly dashed: boolean;
  readonly operatingConfidence: number;
}

export interface CurveSetOptions {
  readonly classColor: (className: string) => string;
  readonly metricClass: string | null;
  /** Above this many classes, per-class curves start switched off. */
  readonly visibleClassLimit?: number;
}

const AGGREGATE_NAMES: Record<string, string> = { weighted: 'weighted average', micro: 'micro average', macro: 'macro average' };

export function curveSet(sides: readonly CurveSide[], options: CurveSetOptions): PrCurve[] {
  const comparing = sides.length > 1;
  const limit = options.visibleClassLimit ?? 10;
  const curves: PrCurve[] = [];
  for (const side of sides) {
    const suffix = side.tag ? ` (${side.tag})` : '';
    for (const aggregate of side.source.aggregates) {
      const weighted = aggregate.name === 'weighted';
      curves.push({
        name: (AGGREGATE_NAMES[aggregate.name] ?? aggregate.name) + suffix,
        points: aggregate.points,
        color: weighted || comparing ? side.color : '#7c8a9c',
        emphasized: weighted,
        dashed: side.dashed,
        hidden: (comparing && !weighted) || options.metricClass !== null,
        operatingConfidence: side.operatingConfidence,
      });
    }
  }
  for (const side of sides) {
    const suffix = side.tag ? ` (${side.tag})` : '';
    for (const perClass of side.source.classes) {
      const chosen = perClass.name === options.metricClass;
      curves.push({
        name: perClass.name + suffix,
        points: perClass.points,
        color: options.classColor(perClass.name),
        emphasized: chosen,
        dashed: side.dashed,
        hidden: options.metricClass !== null ? !chosen : comparing || side.source.classes.length > limit,
        operatingConfidence: side.operatingConfidence,
      });
    }
  }
  return curves;
}
