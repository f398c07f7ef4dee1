// Where to look in a frame when drawing an example: the region around its
// boxes, with some context, shaped like the tile it fills. Pure, in image
// pixels; the SVG's viewBox does the scaling.

/** x1, y1, x2, y2 in pixels. */
export type Box = readonly [number, number, number, number];

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The union of boxes, or null for none. */
export function unionBox(boxes: readonly (Box | null | undefined)[]): Box | null {
  const present = boxes.filter((b): b is Box => b !== null && b !== undefined);
  if (present.length === 0) return null;
  return [
    Math.min(...present.map((b) => b[0])),
    Math.min(...present.map((b) => b[1])),
    Math.max(...present.map((b) => b[2])),
    Math.max(...present.map((b) => b[3])),
  ];
}

/**
 * The frame's size; when it is not recorded, a canvas that holds every box
 * (so an example without an image still shows its boxes in place).
 */
export function frameSize(width: number | null | undefined, height: number | null | undefined, boxes: readonly (Box | null | undefined)[]): Size {
  if (width && height && width > 0 && height > 0) return { width, height };
  const union = unionBox(boxes);
  if (union === null) return { width: 1, height: 1 };
  return { width: Math.max(1, union[2] + Math.max(0, union[0])), height: Math.max(1, union[3] + Math.max(0, union[1])) };
}

/** Moves [start, start + length) inside [0, limit) when it fits, else centres it on the limit. */
function place(start: number, length: number, limit: number): number {
  if (length >= limit) return (limit - length) / 2;
  return Math.min(Math.max(start, 0), limit - length);
}

export interface RegionOptions {
  /** Context around the boxes, as a share of their size. */
  readonly padding?: number;
  /** The smallest side in pixels, so tiny boxes are not blown up to a blur. */
  readonly minSide?: number;
  /** Width / height of the tile the region fills. */
  readonly aspect?: number;
}

/**
 * The region to show for `boxes`: their union plus context, at least
 * `minSide`, widened to the tile's aspect ratio, and moved inside the frame
 * where it fits. Without boxes it is the whole frame.
 */
export function viewRegion(boxes: readonly (Box | null | undefined)[], frame: Size, options: RegionOptions = {}): Region {
  const { padding = 0.3, minSide = 40, aspect = frame.width / frame.height } = options;
  const union = unionBox(boxes);
  if (union === null) return fitAspect({ x: 0, y: 0, width: frame.width, height: frame.height }, aspect, frame);
  const [x1, y1, x2, y2] = union;
  const boxWidth = Math.max(x2 - x1, 1);
  const boxHeight = Math.max(y2 - y1, 1);
  const width = Math.max(boxWidth * (1 + 2 * padding), minSide);
  const height = Math.max(boxHeight * (1 + 2 * padding), minSide);
  const centre = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
  return fitAspect({ x: centre.x - width / 2, y: centre.y - height / 2, width, height }, aspect, frame);
}

function fitAspect(region: Region, aspect: number, frame: Size): Region {
  let { width, height } = region;
  if (width / height < aspect) width = height * aspect;
  else height = width / aspect;
  const cx = region.x + region.width / 2;
  const cy = region.y + region.height / 2;
  return {
    x: place(cx - width / 2, width, frame.width),
    y: place(cy - height / 2, height, frame.height),
    width,
    height,
  };
}

/** Pixels on screen per image pixel when `region` fills `tile` (contain). */
export function scaleOf(region: Region, tile: Size): number {
  return Math.min(tile.width / region.width, tile.height / region.height);
}
