import { useState } from 'react';
import { drawnBoxes, thumbnailUrl, type FrameWithBoxes } from './model';
import styles from './FrameImage.module.css';

export interface BoxVisibility {
  readonly labels: boolean;
  readonly predictions: boolean;
}

interface FrameImageProps {
  readonly frame: FrameWithBoxes;
  /** Colour of each class by name. */
  readonly colorOf: (className: string) => string;
  readonly show?: BoxVisibility;
  /** Longest side of the server-made thumbnail; omit for the full image. */
  readonly thumbnail?: number;
  /** Boxes to emphasise (their ids), e.g. the crop picked in the embedding map. */
  readonly highlight?: ReadonlySet<string>;
  readonly className?: string;
}

const FALLBACK = { width: 640, height: 480 };

/**
 * The frame's image with its labels drawn solid and its kept predictions
 * dashed, in class colours. One SVG holds both, so boxes stay on their
 * objects at any size; strokes keep their width on screen.
 */
export function FrameImage({ frame, colorOf, show, thumbnail, highlight, className }: FrameImageProps) {
  const [failed, setFailed] = useState(false);
  const width = frame.width ?? FALLBACK.width;
  const height = frame.height ?? FALLBACK.height;
  const url = thumbnail === undefined ? frame.image_url : thumbnailUrl(frame, thumbnail);
  const boxes = drawnBoxes(frame, show);
  const small = Math.max(width, height) < 96;
  const strokeWidth = thumbnail === undefined ? 2.25 : 1.75;
  return (
    <svg
      className={`${styles.frame} ${className ?? ''}`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`Frame ${frame.frame_id}: ${frame.labels?.length ?? frame.label_count} labels${frame.predictions ? `, ${boxes.filter((b) => b.kind === 'prediction').length} kept predictions` : ''}`}
      data-testid="frame-image"
    >
      <rect width={width} height={height} className={styles.paper} />
      {url && !failed ? (
        <image
          href={url}
          width={width}
          height={height}
          preserveAspectRatio="none"
          style={small ? { imageRendering: 'pixelated' } : undefined}
          onError={() => setFailed(true)}
        />
      ) : (
        <text x={width / 2} y={height / 2} className={styles.noImage} textAnchor="middle" dominantBaseline="middle" fontSize={Math.max(width, height) / 18}>
          {url ? 'image unavailable' : 'no image'}
        </text>
      )}
      {boxes.map((b) => {
        const [x1, y1, x2, y2] = b.box;
        const color = colorOf(b.className);
        const emphasised = highlight?.has(b.key.slice(2)) ?? false;
        return (
          <rect
            key={b.key}
            x={x1}
            y={y1}
            width={Math.max(0, x2 - x1)}
            height={Math.max(0, y2 - y1)}
            fill={emphasised ? color : 'none'}
            fillOpacity={emphasised ? 0.18 : 0}
            stroke={color}
            strokeWidth={emphasised ? strokeWidth * 1.8 : strokeWidth}
            strokeDasharray={b.kind === 'prediction' ? '6 4' : undefined}
            vectorEffect="non-scaling-stroke"
            className={styles.box}
            data-kind={b.kind}
            data-outcome={b.outcome ?? undefined}
          >
            <title>{b.title}</title>
          </rect>
        );
      })}
    </svg>
  );
}
