import { useEffect, useId, useRef, useState } from 'react';
import styles from './ThresholdSlider.module.css';

interface ThresholdSliderProps {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly testId?: string;
  /** Names the slider for screen readers when the visible label is ambiguous ("Confidence of B"). */
  readonly ariaLabel?: string;
}

/**
 * A 0..1 slider that reports every step while dragging (the views recompute
 * live); arrow keys move by 0.01, Page Up/Down by 0.1.
 */
export function ThresholdSlider({ label, value, onChange, testId, ariaLabel }: ThresholdSliderProps) {
  const id = useId();
  const [local, setLocal] = useState(value);
  // While the thumb is held, the URL lags behind it: do not pull the thumb back.
  const dragging = useRef(false);
  useEffect(() => {
    if (!dragging.current) setLocal(value);
  }, [value]);
  const set = (next: number) => {
    setLocal(next);
    onChange(next);
  };
  return (
    <div className={styles.slider}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={local}
        onChange={(event) => set(Number(event.target.value))}
        onPointerDown={() => {
          dragging.current = true;
        }}
        onPointerUp={() => {
          dragging.current = false;
        }}
        onPointerCancel={() => {
          dragging.current = false;
        }}
        aria-label={ariaLabel}
        data-testid={testId}
      />
      <output htmlFor={id} className={`${styles.value} num`}>
        {local.toFixed(2)}
      </output>
    </div>
  );
}
