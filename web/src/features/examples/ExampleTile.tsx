import { memo, useState } from 'react';
import { outcomeLabel, pairLabel } from '../metrics/model/examples';
import { frameSize, viewRegion, type Box } from './model/geometry';
import type { ExampleRow } from './useExamples';
import styles from './ExampleTile.module.css';

/** Width / height of a tile's picture. */
export const TILE_ASPECT = 4 / 3;

interface ExampleTileProps {
  readonly item: ExampleRow;
  readonly colorOf: (className: string) => string;
  /** Whether the dataset has images to show (else the boxes are drawn on a blank canvas). */
  readonly hasImages: boolean;
  readonly onOpen: (item: ExampleRow) => void;
}

function BoxRect({ box, color, dashed }: { readonly box: Box; readonly color: string; readonly dashed: boolean }) {
  const [x1, y1, x2, y2] = box;
  return (
    <rect
      x={x1}
      y={y1}
      width={Math.max(0, x2 - x1)}
      height={Math.max(0, y2 - y1)}
      fill="none"
      stroke={color}
      strokeWidth={2}
      strokeDasharray={dashed ? '5 3' : undefined}
      vectorEffect="non-scaling-stroke"
      className={styles.box}
      data-kind={dashed ? 'prediction' : 'label'}
    />
  );
}

/**
 * One example: the region around its label (solid) and prediction (dashed)
 * cut from the whole image by the SVG's viewBox, in class colours, with the
 * outcome, the classes, the confidence and the IoU underneath.
 */
export const ExampleTile = memo(function ExampleTile({ item, colorOf, hasImages, onOpen }: ExampleTileProps) {
  const [failed, setFailed] = useState(false);
  const label = item.label_box as Box | null;
  const prediction = item.prediction_box as Box | null;
  const frame = frameSize(item.width, item.height, [label, prediction]);
  const url = hasImages ? item.image_url : null;
  // Without an image there is no context to zoom into: the whole frame shows where the boxes are.
  const region = viewRegion(url ? [label, prediction] : [], frame, { padding: 0.35, minSide: 64, aspect: TILE_ASPECT });
  const small = Math.max(frame.width, frame.height) < 96;
  const numbers = [
    item.confidence !== null ? `conf ${item.confidence.toFixed(2)}` : null,
    item.iou !== null ? `IoU ${item.iou.toFixed(2)}` : null,
  ].filter(Boolean);
  return (
    <button
      type="button"
      className={styles.tile}
      onClick={() => onOpen(item)}
      title={`Open frame ${item.frame_id}`}
      data-testid="example-tile"
      data-frame={item.frame_id}
      data-outcome={item.outcome}
    >
      <svg
        className={styles.picture}
        viewBox={`${region.x} ${region.y} ${region.width} ${region.height}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={`${outcomeLabel(item.outcome)}: ${pairLabel(item.gt_class, item.predicted_class)} in frame ${item.frame_id}`}
      >
        <rect width={frame.width} height={frame.height} className={styles.paper} />
        {url && !failed && (
          <image
            href={url}
            width={frame.width}
            height={frame.height}
            preserveAspectRatio="none"
            style={small ? { imageRendering: 'pixelated' } : undefined}
            onError={() => setFailed(true)}
          />
        )}
        {label && <BoxRect box={label} color={colorOf(item.gt_class)} dashed={false} />}
        {prediction && <BoxRect box={prediction} color={colorOf(item.predicted_class)} dashed />}
      </svg>
      {(!url || failed) && <span className={styles.noImage}>{url ? 'image unavailable' : 'no image'}</span>}
      <span className={styles.caption}>
        <span className={`${styles.outcome} ${styles[item.outcome]}`}>{item.outcome === 'confusion' ? 'Confusion' : item.outcome.toUpperCase()}</span>
        <span className={styles.pair} title={pairLabel(item.gt_class, item.predicted_class)}>
          <span style={{ color: item.gt_class === 'background' ? undefined : colorOf(item.gt_class) }} className={styles.gt}>
            {item.gt_class === 'background' ? 'no label' : item.gt_class}
          </span>
          <span className={styles.arrow}>→</span>
          <span className={styles.pred}>{item.predicted_class === 'background' ? 'missed' : item.predicted_class}</span>
        </span>
      </span>
      <span className={styles.numbers}>
        <span className="num">{numbers.join(' · ') || '\u00a0'}</span>
        <span className={styles.frameId}>{item.frame_id}</span>
      </span>
    </button>
  );
});
