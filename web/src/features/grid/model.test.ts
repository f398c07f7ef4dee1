import { describe, expect, it } from 'vitest';
import { classificationVerdict, describeFilter, drawnBoxes, sortParams, thumbnailUrl, type FrameWithBoxes } from './model';

const frame: FrameWithBoxes = {
  frame_id: 'f 1',
  image_url: '/api/projects/p/datasets/d/images?frame_id=f+1',
  width: 640,
  height: 480,
  metadata: {},
  label_count: 2,
  labels: [
    { id: 'l1', class_name: 'car', box: [0, 0, 10, 10], outcome: 'tp' },
    { id: 'l2', class_name: 'bus', box: null, outcome: 'fn' },
  ],
  predictions: [
    { id: 'p1', class_name: 'car', box: [1, 1, 11, 11], confidence: 0.9, outcome: 'tp', iou: 0.68 },
    { id: 'p2', class_name: 'truck', box: [5, 5, 8, 8], confidence: 0.2, outcome: 'below_confidence' },
    { id: 'p3', class_name: 'truck', box: [5, 5, 8, Number.NaN], confidence: 0.8, outcome: 'fp' },
  ],
};

describe('boxes to draw', () => {
  it('draws labels and kept predictions with a box; predictions under the threshold are left out', () => {
    const boxes = drawnBoxes(frame);
    expect(boxes.map((b) => b.key)).toEqual(['l:l1', 'p:p1']);
    expect(boxes[1]!.title).toBe('car 0.90 · prediction · true positive · IoU 0.68');
    expect(drawnBoxes(frame, { labels: false, predictions: true }).map((b) => b.kind)).toEqual(['prediction']);
  });
});

describe('thumbnails', () => {
  it('asks the server for a small JPEG of the whole frame', () => {
    expect(thumbnailUrl(frame, 360)).toBe('/api/projects/p/datasets/d/crops?frame_id=f+1&box=0%2C0%2C640%2C480&padding=0&max_side=360');
  });

  it('uses small, external or unsized images as they are', () => {
    expect(thumbnailUrl({ ...frame, width: 32, height: 32 }, 360)).toBe(frame.image_url);
    expect(thumbnailUrl({ ...frame, image_url: 'https://x.org/a.jpg' }, 360)).toBe('https://x.org/a.jpg');
    expect(thumbnailUrl({ ...frame, width: null }, 360)).toBe(frame.image_url);
    expect(thumbnailUrl({ ...frame, image_url: null }, 360)).toBeNull();
  });
});

describe('classification frames', () => {
  it('tells the label, the kept prediction, and a prediction that fell under the threshold', () => {
    const dropped = classificationVerdict({
      labels: [{ id: 'l', class_name: '3', box: null, outcome: 'fn' }],
      predictions: [{ id: 'p', class_name: '8', box: null, confidence: 0.4, outcome: 'below_confidence' }],
    });
    expect(dropped).toEqual({ label: '3', prediction: null, confidence: null, correct: false, dropped: { className: '8', confidence: 0.4 } });
    const right = classificationVerdict({
      labels: [{ id: 'l', class_name: '3', box: null, outcome: 'tp' }],
      predictions: [{ id: 'p', class_name: '3', box: null, confidence: 0.9, outcome: 'tp' }],
    });
    expect(right.correct).toBe(true);
    expect(right.dropped).toBeNull();
  });
});

describe('grid filters and sorts', () => {
  it('maps sorts onto the frames list parameters', () => {
    expect(sortParams('f1_asc')).toEqual({ sort: 'f1', descending: false });
    expect(sortParams('f1_desc')).toEqual({ sort: 'f1', descending: true });
    expect(sortParams('errors_desc')).toEqual({ sort: 'errors', descending: true });
    expect(sortParams('frame')).toEqual({ sort: 'frame', descending: false });
  });

  it('says what is shown in words', () => {
    expect(describeFilter(undefined, undefined)).toBe('frames');
    expect(describeFilter('confusion', 'car')).toBe('frames with confusions of car');
    expect(describeFilter('fn', undefined)).toBe('frames with false negatives');
    expect(describeFilter(undefined, 'car')).toBe('frames where car appears');
  });
});
