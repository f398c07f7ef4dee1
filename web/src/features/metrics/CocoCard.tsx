import type { UseQueryResult } from '@tanstack/react-query';
import type { Coco, Voc } from '../../api/queries';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Skeleton } from '../../components/Skeleton';
import { SetBadge } from './SetBadge';
import styles from './CocoCard.module.css';

const HEADLINE = [
  { key: 'ap', label: 'AP', hint: 'AP averaged over IoU 0.50:0.05:0.95, all areas, up to 100 detections' },
  { key: 'ap50', label: 'AP50', hint: 'AP at IoU 0.50' },
  { key: 'ap75', label: 'AP75', hint: 'AP at IoU 0.75' },
] as const;

const RECALL = [
  { key: 'ar1', label: 'AR1', hint: 'Recall averaged over IoU 0.50:0.95 with up to 1 detection per image and class' },
  { key: 'ar10', label: 'AR10', hint: 'Recall averaged over IoU 0.50:0.95 with up to 10 detections per image and class' },
  { key: 'ar100', label: 'AR100', hint: 'Recall averaged over IoU 0.50:0.95 with up to 100 detections per image and class' },
] as const;

function VocNumbers({ voc }: { readonly voc: Voc }) {
  const convention = voc.iou_convention === 'pixel_inclusive' ? 'pixel-inclusive' : 'continuous';
  return (
    <>
      <div
        className={styles.stat}
        title={`PASCAL VOC AP, 11-point interpolation (VOC2007), IoU ${voc.iou}, ${convention} boxes`}
        data-metric="voc_11point"
      >
        <span className={styles.label}>VOC07 AP{Math.round(voc.iou * 100)}</span>
        <span className={`num ${styles.value}`}>{value(voc.map_11point)}</span>
      </div>
      <div
        className={styles.stat}
        title={`PASCAL VOC AP, all points (VOC2010+), IoU ${voc.iou}, ${convention} boxes`}
        data-metric="voc_all_point"
      >
        <span className={styles.label}>VOC AP{Math.round(voc.iou * 100)}</span>
        <span className={`num ${styles.value}`}>{value(voc.map_all_point)}</span>
      </div>
    </>
  );
}

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
      {[...HEADLINE, ...RECALL].map(({ key, label, hint }) => (
        <div key={key} className={styles.stat} title={hint} data-metric={key}>
          <span className={styles.label}>{label}</span>
          <span className={`num ${styles.value}`}>{value(coco[key])}</span>
        </div>
      ))}
      {coco.voc && <VocNumbers voc={coco.voc} />}
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
        <h2 id="coco-title">COCO mAP and VOC AP</h2>
        <span className={styles.note}>pycocotools and VOC devkit rules, independent of the sliders</span>
      </header>
      <div className={styles.lines}>
        <Body query={a} side={b ? 'a' : null} />
        {b && <Body query={b} side="b" />}
      </div>
    </section>
  );
}
