import type { UseQueryResult } from '@tanstack/react-query';
import type { Coco } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Skeleton } from '../../components/Skeleton';
import { SetBadge } from './SetBadge';
import styles from './CocoCard.module.css';

const HEADLINE = [
  { key: 'ap', label: 'AP', hint: 'AP averaged over IoU 0.50:0.05:0.95, all areas, up to 100 detections' },
  { key: 'ap50', label: 'AP50', hint: 'AP at IoU 0.50' },
  { key: 'ap75', label: 'AP75', hint: 'AP at IoU 0.75' },
  { key: 'ar100', label: 'AR100', hint: 'Recall averaged over IoU 0.50:0.95 with up to 100 detections per image' },
] as const;

const BY_AREA = [
  ['ap_small', 'small'],
  ['ap_medium', 'medium'],
  ['ap_large', 'large'],
] as const;

function value(x: number | null): string {
  return x === null ? '—' : x.toFixed(3);
}

function Numbers({ coco, side }: { readonly coco: Coco; readonly side: 'a' | 'b' | null }) {
  return (
    <div className={styles.line} data-testid={side ? `coco-${side}` : 'coco-values'}>
      {side && <SetBadge side={side} />}
      {HEADLINE.map(({ key, label, hint }) => (
        <div key={key} className={styles.stat} title={hint} data-metric={key}>
          <span className={styles.label}>{label}</span>
          <span className={`num ${styles.value}`}>{value(coco[key])}</span>
        </div>
      ))}
      <div className={styles.areas} title="AP by object area (COCO: small < 32², medium < 96², large above)">
        <span className={styles.label}>AP by area</span>
        <span className={styles.areaValues}>
          {BY_AREA.map(([key, label]) => (
            <span key={key}>
              {label} <span className="num">{value(coco[key])}</span>
            </span>
          ))}
        </span>
      </div>
    </div>
  );
}

function Body({ query, side }: { readonly query: UseQueryResult<Coco | null>; readonly side: 'a' | 'b' | null }) {
  if (query.isError) {
    return <ErrorPanel compact error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.isSuccess && query.data === null) {
    return (
      <div className={styles.line}>
        {side && <SetBadge side={side} />}
        <span className={styles.note}>Not available for this inference set.</span>
      </div>
    );
  }
  if (!query.data) {
    return (
      <div className={styles.line} role="status" aria-label="Computing COCO mAP">
        {side && <SetBadge side={side} />}
        <Skeleton height={30} />
      </div>
    );
  }
  return <Numbers coco={query.data} side={side} />;
}

/** COCO-style box mAP beside the confusion-based metrics; it does not depend on the sliders. */
export function CocoCard({ a, b }: { readonly a: UseQueryResult<Coco | null>; readonly b: UseQueryResult<Coco | null> | null }) {
  return (
    <section className={`card ${styles.card}`} aria-labelledby="coco-title" data-testid="coco-card">
      <header className={styles.header}>
        <h2 id="coco-title">COCO mAP</h2>
        <span className={styles.note}>pycocotools rules, independent of the sliders</span>
      </header>
      <div className={styles.lines}>
        <Body query={a} side={b ? 'a' : null} />
        {b && <Body query={b} side="b" />}
      </div>
    </section>
  );
}
