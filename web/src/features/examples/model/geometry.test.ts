import { describe, expect, it } from 'vitest';
import { frameSize, scaleOf, unionBox, viewRegion, type Box } from './geometry';

const frame = { width: 500, height: 300 };

describe('unionBox', () => {
  it('spans every box and ignores missing ones', () => {
    expect(unionBox([[10, 20, 30, 40], null, [5, 25, 50, 35]])).toEqual([5, 20, 50, 40]);
    expect(unionBox([null, undefined])).toBeNull();
  });
});

describe('frameSize', () => {
  it('uses the recorded size, else a canvas holding every box', () => {
    expect(frameSize(640, 480, [])).toEqual({ width: 640, height: 480 });
    expect(frameSize(null, null, [[10, 10, 100, 50]])).toEqual({ width: 110, height: 60 });
    expect(frameSize(null, undefined, [])).toEqual({ width: 1, height: 1 });
  });
});

describe('viewRegion', () => {
  it('holds the boxes with context, at the tile aspect ratio', () => {
    const box: Box = [200, 100, 260, 160];
    const r = viewRegion([box], frame, { padding: 0.5, aspect: 4 / 3 });
    expect(r.width / r.height).toBeCloseTo(4 / 3);
    expect(r.x).toBeLessThanOrEqual(200 - 30);
    expect(r.y).toBeLessThanOrEqual(100 - 30);
    expect(r.x + r.width).toBeGreaterThanOrEqual(260 + 30);
    expect(r.y + r.height).toBeGreaterThanOrEqual(160 + 30);
  });

  it('does not blow tiny boxes up beyond the minimum side', () => {
    const r = viewRegion([[100, 100, 102, 101]], frame, { minSide: 48, aspect: 1 });
    expect(r.width).toBe(48);
    expect(r.height).toBe(48);
  });

  it('moves the region inside the frame instead of showing empty margins', () => {
    const r = viewRegion([[0, 0, 40, 40]], frame, { padding: 0.5, aspect: 1 });
    expect(r.x).toBe(0);
    expect(r.y).toBe(0);
    const far = viewRegion([[470, 270, 500, 300]], frame, { padding: 0.5, aspect: 1 });
    expect(far.x + far.width).toBeCloseTo(500);
    expect(far.y + far.height).toBeCloseTo(300);
  });

  it('centres a region larger than the frame', () => {
    const r = viewRegion([[0, 0, 500, 300]], frame, { padding: 0.1, aspect: 1 });
    expect(r.x).toBeCloseTo((500 - r.width) / 2);
    expect(r.width).toBeGreaterThan(500);
  });

  it('shows the whole frame when there are no boxes (classification)', () => {
    expect(viewRegion([], { width: 32, height: 32 }, { aspect: 1 })).toEqual({ x: 0, y: 0, width: 32, height: 32 });
  });
});

describe('scaleOf', () => {
  it('fits the region inside the tile', () => {
    expect(scaleOf({ x: 0, y: 0, width: 200, height: 100 }, { width: 100, height: 100 })).toBe(0.5);
  });
});
