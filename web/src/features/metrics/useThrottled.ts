import { useCallback, useEffect, useRef } from 'react';

/**
 * `fn` at most once per `ms`, always ending with the last value: a slider
 * drag recomputes live without sending a request for every pixel.
 */
export function useThrottled<T>(fn: (value: T) => void, ms: number): (value: T) => void {
  const latest = useRef(fn);
  latest.current = fn;
  const last = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef<T | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(
    (value: T) => {
      pending.current = value;
      const wait = ms - (performance.now() - last.current);
      window.clearTimeout(timer.current);
      if (wait <= 0) {
        last.current = performance.now();
        latest.current(value);
        return;
      }
      timer.current = window.setTimeout(() => {
        last.current = performance.now();
        latest.current(pending.current as T);
      }, wait);
    },
    [ms],
  );
}
