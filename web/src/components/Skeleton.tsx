import styles from './Skeleton.module.css';

interface SkeletonProps {
  readonly width?: number | string;
  readonly height?: number | string;
  readonly radius?: number;
}

/** A placeholder block that shimmers while its content loads. */
export function Skeleton({ width = '100%', height = 14, radius = 4 }: SkeletonProps) {
  return <span className={styles.block} style={{ width, height, borderRadius: radius }} aria-hidden="true" />;
}

/** A labelled loading region made of skeleton blocks. */
export function LoadingRegion({ label, children }: { readonly label: string; readonly children: React.ReactNode }) {
  return (
    <div className={styles.region} role="status" aria-busy="true" aria-label={label}>
      <span className="visually-hidden">{label}</span>
      {children}
    </div>
  );
}

/** A generic panel skeleton: a heading, a row of stats and a large block. */
export function PanelSkeleton({ label }: { readonly label: string }) {
  return (
    <LoadingRegion label={label}>
      <div className={styles.panel}>
        <Skeleton width={180} height={18} />
        <div className={styles.row}>
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} height={64} radius={8} />
          ))}
        </div>
        <div className={styles.split}>
          <Skeleton height={320} radius={8} />
          <Skeleton height={320} radius={8} />
        </div>
      </div>
    </LoadingRegion>
  );
}
