import { useUpdateView } from '../../app/viewState';
import type { EffectiveThresholds, ViewSearch } from '../../app/search';
import { SelectField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { ThresholdSlider } from '../../components/ThresholdSlider';
import { SetBadge } from './SetBadge';
import { useThrottled } from './useThrottled';
import styles from './MetricsToolbar.module.css';

const WEIGHTED = '';
const SLIDER_THROTTLE_MS = 60;

type ThresholdKey = 'confidence' | 'iou' | 'confidenceB' | 'iouB';

interface MetricsToolbarProps {
  readonly view: ViewSearch;
  readonly classes: readonly string[];
  readonly detection: boolean;
  readonly thresholds: EffectiveThresholds;
  /** Whether a newer result is on its way (the one on screen stays until it arrives). */
  readonly updating: boolean;
}

/** Sliders per inference set (B follows A unless unlinked), the metric class, and a quiet "updating" note. */
export function MetricsToolbar({ view, classes, detection, thresholds, updating }: MetricsToolbarProps) {
  const update = useUpdateView();
  const setThreshold = useThrottled(({ key, value }: { key: ThresholdKey; value: number }) => {
    update((v) => ({ ...v, [key]: value, page: 0 }), { replace: true });
  }, SLIDER_THROTTLE_MS);
  const comparing = view.compare !== undefined;

  const sliders = (side: 'a' | 'b') => {
    const t = thresholds[side];
    const keys = side === 'a' ? (['confidence', 'iou'] as const) : (['confidenceB', 'iouB'] as const);
    const of = comparing ? ` of ${side.toUpperCase()}` : '';
    return (
      <>
        <ThresholdSlider
          label="Confidence"
          ariaLabel={`Confidence threshold${of}`}
          value={t.confidence}
          testId={side === 'a' ? 'slider-confidence' : 'slider-confidence-b'}
          onChange={(value) => setThreshold({ key: keys[0], value })}
        />
        {detection && (
          <ThresholdSlider
            label="IoU"
            ariaLabel={`IoU threshold${of}`}
            value={t.iou}
            testId={side === 'a' ? 'slider-iou' : 'slider-iou-b'}
            onChange={(value) => setThreshold({ key: keys[1], value })}
          />
        )}
      </>
    );
  };

  const link = (shared: boolean) =>
    update((v) => {
      const { confidenceB: _c, iouB: _i, ...rest } = v;
      if (shared) return rest;
      return { ...rest, confidenceB: thresholds.a.confidence, iouB: thresholds.a.iou };
    });

  return (
    <div className={`card ${styles.toolbar}`} role="group" aria-label="Metric settings" data-testid="metrics-toolbar">
      <div className={styles.side}>
        {comparing && <SetBadge side="a" name={view.inference} />}
        {sliders('a')}
      </div>
      {comparing && (
        <div className={styles.side}>
          <SetBadge side="b" name={view.compare} />
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={thresholds.shared}
              onChange={(event) => link(event.target.checked)}
              data-testid="thresholds-shared"
            />
            Same as A
          </label>
          {!thresholds.shared && sliders('b')}
        </div>
      )}
      <div className={styles.end}>
        <span className={styles.updating} role="status" aria-live="polite" data-testid="metrics-updating">
          {updating ? 'Updating…' : ''}
        </span>
        {detection && (
          <Segmented
            label="Object size"
            testId="size-filter"
            value={view.size ?? 'all'}
            options={[
              { value: 'all', label: 'All sizes' },
              { value: 'small', label: 'Small' },
              { value: 'medium', label: 'Medium' },
              { value: 'large', label: 'Large' },
            ]}
            onChange={(size) =>
              update((v) => {
                const { size: _s, ...rest } = v;
                return size === 'all' ? { ...rest, page: 0 } : { ...rest, size, page: 0 };
              })
            }
          />
        )}
        <SelectField
          label="Metric class"
          size="m"
          testId="select-metric-class"
          value={view.metricClass ?? WEIGHTED}
          options={[{ value: WEIGHTED, label: 'Weighted average' }, ...classes.map((c) => ({ value: c, label: c }))]}
          onChange={(metricClass) =>
            update((v) => {
              const { metricClass: _m, ...rest } = v;
              return metricClass === WEIGHTED ? rest : { ...rest, metricClass };
            })
          }
        />
      </div>
    </div>
  );
}
